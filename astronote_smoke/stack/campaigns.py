"""Shopify campaigns and their send queue, shared by the Shopify API (which
creates, enqueues and reports) and the worker (which drains the jobs)."""

import datetime
import json
import math
import secrets
import time

from .store import transaction

QUEUE_STATES = ("waiting", "active", "completed", "delayed", "failed")
# Once messages may have gone out, a campaign stays as the record of what was sent.
UNDELETABLE = {"sending", "sent", "completed"}
ENQUEUEABLE = {"draft", "scheduled"}
# The list's status filter: the real API calls "sent" what a campaign reports as "completed".
LIST_STATUSES = {"draft": ("draft",), "scheduled": ("scheduled",), "sending": ("sending",),
                 "sent": ("sent", "completed"), "failed": ("failed",), "cancelled": ("cancelled",)}
LIST_SORTS = {"createdAt": "created_at", "updatedAt": "updated_at", "name": "name", "scheduleAt": "created_at"}
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class CampaignError(Exception):
    """A refusal in the API's error envelope: HTTP status, error name, message."""

    def __init__(self, status, error, message):
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message


class StatusRefusal(Exception):
    """A refusal of cancel or enqueue, which the real API answers in its own
    envelope: ``{ok: false, message, code, reason}``."""

    def __init__(self, status, message, code, reason=None):
        super().__init__(message)
        self.status = status
        self.body = {"ok": False, "message": message, "code": code}
        if reason is not None:
            self.body["reason"] = reason


def create(db, shop, name, message, audience, schedule_type):
    """The new draft as the create endpoint answers it."""
    now = iso_now()
    campaign_id = "c" + secrets.token_hex(12)  # shaped like the Prisma cuid ids of the real API
    db.execute(
        "INSERT INTO campaigns VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?, NULL, NULL)",
        (campaign_id, shop, name, message, json.dumps(audience), schedule_type, now, now),
    )
    row = _row(db, shop, campaign_id)
    shop_row = db.execute("SELECT rowid FROM shops WHERE domain = ?", (shop,)).fetchone()
    return {
        "id": row["id"], "shopId": f"shop_{shop_row['rowid']}", "name": row["name"], "message": row["message"],
        "audience": _audience(row), "discountId": None, "scheduleAt": None, "recurringDays": None, "meta": None,
        "createdAt": row["created_at"], "updatedAt": row["updated_at"], "scheduleType": row["schedule_type"],
        "status": row["status"], "priority": "normal", "startedAt": None, "finishedAt": None,
    }


def find(db, shop, campaign_id):
    row = _row(db, shop, campaign_id)
    if row is None:
        raise CampaignError(404, "not_found", "Campaign not found")
    return _public(db, row)


def listing(db, shop, args):
    """One page of the shop's campaigns, as ``GET /campaigns`` answers it for
    the query ``args``; other parameters (``search``) are ignored."""
    page = _bounded_int(args.get("page", "1"), 1, None)
    page_size = _bounded_int(args.get("pageSize", str(DEFAULT_PAGE_SIZE)), 1, MAX_PAGE_SIZE)
    statuses = LIST_STATUSES.get(args.get("status")) if "status" in args else tuple(_all_statuses())
    sort = LIST_SORTS.get(args.get("sortBy", "createdAt"))
    order = {"asc": "ASC", "desc": "DESC"}.get(args.get("sortOrder", "desc"))
    if None in (page, page_size, statuses, sort, order):
        raise CampaignError(400, "validation_error", "Query validation failed")
    marks = ", ".join("?" * len(statuses))
    where = f"FROM campaigns WHERE shop = ? AND status IN ({marks})"
    total = db.execute(f"SELECT count(*) {where}", (shop, *statuses)).fetchone()[0]
    rows = db.execute(
        f"SELECT * {where} ORDER BY {sort} {order}, rowid {order} LIMIT ? OFFSET ?",
        (shop, *statuses, page_size, (page - 1) * page_size),
    ).fetchall()
    items = [_public(db, row) for row in rows]
    pages = math.ceil(total / page_size)
    pagination = {"page": page, "pageSize": page_size, "total": total, "totalPages": pages,
                  "hasNextPage": page < pages, "hasPrevPage": page > 1}
    return {"campaigns": items, "items": items, "pagination": pagination}


def _all_statuses():
    return {status for statuses in LIST_STATUSES.values() for status in statuses}


def _bounded_int(text, low, high):
    if not text.isdigit():
        return None
    number = int(text)
    if number < low or (high is not None and number > high):
        return None
    return number


def delete(db, shop, campaign_id):
    with transaction(db):
        campaign = find(db, shop, campaign_id)
        if campaign["status"] in UNDELETABLE:
            raise CampaignError(400, "validation_error", "Cannot delete a campaign that is sent or currently sending")
        db.execute("DELETE FROM campaigns WHERE id = ?", (campaign_id,))


def cancel(db, shop, campaign_id):
    """Cancel a sending campaign; the answer's ``data`` as the real API gives it."""
    with transaction(db):
        row = _row(db, shop, campaign_id)
        if row is None:
            raise StatusRefusal(404, "Campaign not found", "NOT_FOUND")
        if row["status"] != "sending":
            raise StatusRefusal(409, f"Campaign cannot be cancelled in {row['status']} status", "INVALID_STATUS",
                                f"invalid_status:{row['status']}")
        # Like removing waiting BullMQ jobs: what a worker holds already finishes.
        waiting = db.execute("SELECT count(*) FROM jobs WHERE campaign_id = ? AND status = 'waiting'",
                             (campaign_id,)).fetchone()[0]
        db.execute("DELETE FROM jobs WHERE campaign_id = ? AND status = 'waiting'", (campaign_id,))
        _set_status(db, campaign_id, "cancelled")
        return {"ok": True, "campaignId": campaign_id, "cancelledRecipients": waiting, "removedJobs": waiting}


def enqueue(db, shop, campaign_id, idempotency_key, recipients):
    """Queue one send job per recipient, once per idempotency key: a repeated
    key gets the first answer back and queues nothing, and so does a new key
    for a campaign that is already sending."""
    with transaction(db):
        row = db.execute(
            "SELECT answer FROM enqueue_answers WHERE shop = ? AND idempotency_key = ?",
            (shop, idempotency_key),
        ).fetchone()
        if row is not None:
            return json.loads(row["answer"])
        campaign = _row(db, shop, campaign_id)
        if campaign is None:
            raise StatusRefusal(404, "Campaign not found", "NOT_FOUND")
        if campaign["status"] == "sending":
            recipients = 0
        elif campaign["status"] not in ENQUEUEABLE:
            raise StatusRefusal(409, "Campaign cannot be sent in its current state", "INVALID_STATUS",
                                f"invalid_status:{campaign['status']}")
        db.executemany(
            "INSERT INTO jobs (campaign_id, status, updated_at) VALUES (?, 'waiting', ?)",
            [(campaign_id, time.time())] * recipients,
        )
        if recipients:
            _set_status(db, campaign_id, "sending")
            db.execute("UPDATE campaigns SET started_at = ? WHERE id = ?", (iso_now(), campaign_id))
        answer = {"ok": True, "queued": recipients, "enqueuedJobs": recipients, "campaignId": campaign_id}
        db.execute(
            "INSERT INTO enqueue_answers VALUES (?, ?, ?)", (shop, idempotency_key, json.dumps(answer))
        )
        return answer


def queue_counts(db):
    counts = dict.fromkeys(QUEUE_STATES, 0)
    for row in db.execute("SELECT status, count(*) AS jobs FROM jobs GROUP BY status"):
        counts[row["status"]] = row["jobs"]
    return counts


def shop_totals(db, shop):
    row = db.execute(
        """SELECT count(DISTINCT campaigns.id) AS campaigns, count(jobs.id) AS sent
           FROM campaigns LEFT JOIN jobs ON jobs.campaign_id = campaigns.id AND jobs.status = 'completed'
           WHERE campaigns.shop = ?""",
        (shop,),
    ).fetchone()
    return {"campaigns": row["campaigns"], "messagesSent": row["sent"]}


def daily_sends(db, shop, days):
    """Completed and failed jobs of the shop per day, oldest day first."""
    today = datetime.date.today()
    since = time.time() - days * 86400
    totals = {}
    rows = db.execute(
        """SELECT date(jobs.updated_at, 'unixepoch', 'localtime') AS day, jobs.status, count(*) AS jobs
           FROM jobs JOIN campaigns ON campaigns.id = jobs.campaign_id
           WHERE campaigns.shop = ? AND jobs.updated_at >= ? AND jobs.status IN ('completed', 'failed')
           GROUP BY day, jobs.status""",
        (shop, since),
    )
    for row in rows:
        totals[(row["day"], row["status"])] = row["jobs"]
    days_back = [(today - datetime.timedelta(days=n)).isoformat() for n in reversed(range(days))]
    return [
        {"date": day, "sent": totals.get((day, "completed"), 0), "failed": totals.get((day, "failed"), 0)}
        for day in days_back
    ]


def top_campaigns(db, shop, limit):
    rows = db.execute(
        """SELECT campaigns.id, campaigns.name, count(jobs.id) AS sent, count(jobs.id) AS delivered,
                  0 AS failed, campaigns.created_at AS createdAt
           FROM campaigns JOIN jobs ON jobs.campaign_id = campaigns.id AND jobs.status = 'completed'
           WHERE campaigns.shop = ? GROUP BY campaigns.id ORDER BY sent DESC LIMIT ?""",
        (shop, limit),
    )
    return [dict(row) for row in rows]


def claim_next_job(db):
    """Move the oldest waiting job to active and return it, or None."""
    with transaction(db):
        return db.execute(
            """UPDATE jobs SET status = 'active', updated_at = ?
               WHERE id = (SELECT id FROM jobs WHERE status = 'waiting' ORDER BY id LIMIT 1)
               RETURNING id, campaign_id""",
            (time.time(),),
        ).fetchone()


def complete_job(db, job, logged=True):
    """Mark a job done; a sending campaign with nothing left to send becomes
    completed, unless the send's message log could not be written (``logged`` false)."""
    with transaction(db):
        db.execute(
            "UPDATE jobs SET status = 'completed', updated_at = ?, logged = ? WHERE id = ?",
            (time.time(), int(logged), job["id"]),
        )
        pending = db.execute(
            "SELECT count(*) FROM jobs WHERE campaign_id = ? AND status IN ('waiting', 'active')",
            (job["campaign_id"],),
        ).fetchone()[0]
        status = db.execute("SELECT status FROM campaigns WHERE id = ?", (job["campaign_id"],)).fetchone()
        if logged and not pending and status is not None and status["status"] == "sending":
            # The real API reports a finished send as completed (its list filter calls it sent).
            _set_status(db, job["campaign_id"], "completed")
            db.execute("UPDATE campaigns SET finished_at = ? WHERE id = ?", (iso_now(), job["campaign_id"]))


def _set_status(db, campaign_id, status):
    db.execute(
        "UPDATE campaigns SET status = ?, updated_at = ? WHERE id = ?", (status, iso_now(), campaign_id)
    )


def _row(db, shop, campaign_id):
    return db.execute("SELECT * FROM campaigns WHERE shop = ? AND id = ?", (shop, campaign_id)).fetchone()


def _audience(row):
    # The request sends {type: "all"}; the real API answers the type alone.
    audience = json.loads(row["audience"])
    return audience.get("type", "all") if isinstance(audience, dict) else audience


def _public(db, row):
    """A campaign as ``GET /campaigns/{id}`` and the list answer it."""
    jobs = dict.fromkeys(QUEUE_STATES, 0)
    # The campaign's counts come from its message log: a send whose log write failed counts nothing.
    for job in db.execute("SELECT status, count(*) AS jobs FROM jobs WHERE campaign_id = ? AND logged = 1 "
                          "GROUP BY status", (row["id"],)):
        jobs[job["status"]] = job["jobs"]
    recipients = db.execute("SELECT count(*) FROM jobs WHERE campaign_id = ?", (row["id"],)).fetchone()[0]
    sent, failed = jobs["completed"], jobs["failed"]
    return {
        "id": row["id"], "name": row["name"], "message": row["message"],
        "status": row["status"], "statusRaw": row["status"], "audience": _audience(row),
        "discountId": None, "scheduleType": row["schedule_type"], "scheduleAt": None, "recurringDays": None,
        "priority": "normal", "createdAt": row["created_at"], "updatedAt": row["updated_at"],
        "startedAt": row["started_at"], "finishedAt": row["finished_at"],
        "recipientCount": recipients, "sentCount": sent, "deliveredCount": sent, "failedCount": failed,
        "totalRecipients": recipients, "totalSent": sent, "totalDelivered": sent, "totalFailed": failed,
        "totalProcessed": sent + failed, "totalClicked": 0, "meta": None,
        "totals": {"recipients": recipients, "accepted": sent, "sent": sent, "delivered": sent, "failed": failed},
        "delivery": {"pendingDelivery": 0, "delivered": sent, "failedDelivery": failed},
        "sourceOfTruth": "mitto",
    }


def iso_now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
