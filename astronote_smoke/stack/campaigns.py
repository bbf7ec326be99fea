"""Shopify campaigns and their send queue, shared by the Shopify API (which
creates, enqueues and reports) and the worker (which drains the jobs)."""

import datetime
import json
import secrets
import time

from .store import transaction

QUEUE_STATES = ("waiting", "active", "completed", "delayed", "failed")
# Once messages may have gone out, a campaign stays as the record of what was sent.
UNDELETABLE = {"sending", "sent", "completed"}
ENQUEUEABLE = {"draft", "scheduled"}


class CampaignError(Exception):
    """A refusal the API answers as it is: HTTP status, error code, message."""

    def __init__(self, status, code, message):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def create(db, shop, name, message, audience, schedule_type):
    now = iso_now()
    campaign_id = "c" + secrets.token_hex(12)  # shaped like the Prisma cuid ids of the real API
    db.execute(
        "INSERT INTO campaigns VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?)",
        (campaign_id, shop, name, message, json.dumps(audience), schedule_type, now, now),
    )
    return find(db, shop, campaign_id)


def find(db, shop, campaign_id):
    row = db.execute(
        "SELECT * FROM campaigns WHERE shop = ? AND id = ?", (shop, campaign_id)
    ).fetchone()
    if row is None:
        raise CampaignError(404, "NOT_FOUND", "Campaign not found")
    return _public(row)


def search(db, shop, text):
    rows = db.execute(
        "SELECT * FROM campaigns WHERE shop = ? AND instr(name, ?) > 0 ORDER BY created_at DESC",
        (shop, text),
    ).fetchall()
    return [_public(row) for row in rows]


def delete(db, shop, campaign_id):
    with transaction(db):
        campaign = find(db, shop, campaign_id)
        if campaign["status"] in UNDELETABLE:
            raise CampaignError(
                400, "INVALID_STATE", "Cannot delete a campaign that is sent or currently sending"
            )
        db.execute("DELETE FROM campaigns WHERE id = ?", (campaign_id,))


def cancel(db, shop, campaign_id):
    with transaction(db):
        campaign = find(db, shop, campaign_id)
        if campaign["status"] != "sending":
            raise CampaignError(
                400, "INVALID_STATE", f"Only a sending campaign can be cancelled (it is {campaign['status']})"
            )
        # Like removing waiting BullMQ jobs: what a worker holds already finishes.
        db.execute("DELETE FROM jobs WHERE campaign_id = ? AND status = 'waiting'", (campaign_id,))
        _set_status(db, campaign_id, "cancelled")
        return find(db, shop, campaign_id)


def enqueue(db, shop, campaign_id, idempotency_key, recipients):
    """Queue one send job per recipient, once per idempotency key: a repeated
    key gets the first answer back and queues nothing."""
    with transaction(db):
        row = db.execute(
            "SELECT answer FROM enqueue_answers WHERE shop = ? AND idempotency_key = ?",
            (shop, idempotency_key),
        ).fetchone()
        if row is not None:
            return json.loads(row["answer"])
        campaign = find(db, shop, campaign_id)
        if campaign["status"] not in ENQUEUEABLE:
            raise CampaignError(
                400, "INVALID_STATE", f"Only a draft or scheduled campaign can be enqueued (it is {campaign['status']})"
            )
        db.executemany(
            "INSERT INTO jobs (campaign_id, status, updated_at) VALUES (?, 'waiting', ?)",
            [(campaign_id, time.time())] * recipients,
        )
        _set_status(db, campaign_id, "sending")
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
        """SELECT campaigns.id, campaigns.name, count(jobs.id) AS sent
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


def complete_job(db, job):
    """Mark a job done; a sending campaign with nothing left to send becomes sent."""
    with transaction(db):
        db.execute(
            "UPDATE jobs SET status = 'completed', updated_at = ? WHERE id = ?", (time.time(), job["id"])
        )
        pending = db.execute(
            "SELECT count(*) FROM jobs WHERE campaign_id = ? AND status IN ('waiting', 'active')",
            (job["campaign_id"],),
        ).fetchone()[0]
        status = db.execute("SELECT status FROM campaigns WHERE id = ?", (job["campaign_id"],)).fetchone()
        if not pending and status is not None and status["status"] == "sending":
            _set_status(db, job["campaign_id"], "sent")


def _set_status(db, campaign_id, status):
    db.execute(
        "UPDATE campaigns SET status = ?, updated_at = ? WHERE id = ?", (status, iso_now(), campaign_id)
    )


def _public(row):
    return {
        "id": row["id"],
        "name": row["name"],
        "message": row["message"],
        "status": row["status"],
        "audience": json.loads(row["audience"]),
        "scheduleType": row["schedule_type"],
        "createdAt": row["created_at"],
        "updatedAt": row["updated_at"],
    }


def iso_now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
