"""Safe-mode campaigns of the test shop: create, enqueue, wait for the worker, and clean up.

What the suite creates is named `smoke-<run id>-<case>`; cleanup follows the contract:
a draft or scheduled campaign is deleted, a sending one cancelled, a sent one kept as the
run's named record (the API refuses to delete it).
"""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from .checks import expect
from .errors import RateLimited
from .run import SmokeRun
from .safety.writes import ensure_allowed
from .services import SHOPIFY
from .shopify import queue_backlog, queue_counts, queue_stats, shop_headers

NAME_PREFIX = "smoke-"
MESSAGE = "Astronote release smoke check: safe mode, sandbox provider, no phone receives this."
DONE = ("completed", "sent")
# A sandbox send of a few test recipients takes the worker well under a second; later looks keep the
# contract's pace of one every 2 s.
FIRST_LOOK_S = 0.3
POLL_INTERVAL_S = 2.0
MAX_POLLS = 15
MAX_RETRY_AFTER_S = 60.0


@dataclass
class Campaign:
    id: str
    name: str


def campaign_name(run: SmokeRun, case: str) -> str:
    return f"{NAME_PREFIX}{run.settings.run_id}-{case}"


def create(run: SmokeRun, case: str):
    """POST the draft; returns the reply and, when the API gave one, the campaign to clean up."""
    ensure_allowed(run)
    name = campaign_name(run, case)
    reply = run.send(SHOPIFY, "POST", "/campaigns", headers=shop_headers(run), json_body={
        "name": name, "message": MESSAGE, "audience": {"type": "all"}, "scheduleType": "immediate"})
    campaign_id = _created_id(reply)
    return reply, (Campaign(str(campaign_id), name) if campaign_id is not None else None)


def _created_id(reply):
    try:
        data = reply.json()
    except AssertionError:
        return None
    return expect.lookup(data, "data.id") if reply.status in (200, 201) and isinstance(data, dict) else None


def created_as_draft(reply) -> None:
    data = expect.json_object(reply, 201)
    expect.equals(reply, data, "success", True)
    expect.present(reply, data, "data.id")
    expect.equals(reply, data, "data.status", "draft")


def enqueue(run: SmokeRun, campaign: Campaign):
    headers = {**shop_headers(run), "Idempotency-Key": str(uuid.uuid4())}
    return run.send(SHOPIFY, "POST", f"/campaigns/{campaign.id}/enqueue", headers=headers)


def enqueued(reply, campaign: Campaign) -> None:
    data = expect.json_object(reply, 200)
    expect.equals(reply, data, "ok", True)
    expect.number(reply, data, "queued")
    expect.number(reply, data, "enqueuedJobs")
    actual = expect.lookup(data, "campaignId")
    if str(actual) != campaign.id:
        raise expect.fail(reply, f"`campaignId` to be {expect.shown(campaign.id)}", expect.shown(actual))


def failed_jobs(run: SmokeRun) -> float:
    return queue_counts(queue_stats(run))["failed"]


def status(run: SmokeRun, campaign: Campaign):
    reply = run.get(SHOPIFY, f"/campaigns/{campaign.id}", headers=shop_headers(run))
    return reply, expect.present(reply, expect.json_object(reply, 200), "data.status")


def wait_until_processed(run: SmokeRun, campaign: Campaign) -> float:
    """Polls the campaign until the worker is done; returns the seconds it took."""
    started = time.monotonic()
    deadline = started + run.settings.timeout * 3
    time.sleep(FIRST_LOOK_S)
    for poll in range(MAX_POLLS):
        reply, state = status(run, campaign)
        if state in DONE:
            return time.monotonic() - started
        if poll == MAX_POLLS - 1 or time.monotonic() + POLL_INTERVAL_S > deadline:
            raise expect.fail(reply, f"the worker to finish campaign {campaign.name} (status completed or sent) "
                              f"within {run.settings.timeout * 3:g} s",
                              f"status {expect.shown(state)} after {time.monotonic() - started:.0f} s and {poll + 1} polls"
                              f" ({queue_backlog(run)})")
        time.sleep(POLL_INTERVAL_S)
    raise AssertionError("unreachable: the loop returns or raises")


def clean_up(run: SmokeRun, campaign: Campaign) -> str:
    """Removes what the API lets us remove; says what happened, for the report."""
    try:
        return _clean_up_once(run, campaign)
    except RateLimited as error:
        time.sleep(min(error.retry_after or POLL_INTERVAL_S, MAX_RETRY_AFTER_S))
        return _clean_up_once(run, campaign)


def _clean_up_once(run: SmokeRun, campaign: Campaign) -> str:
    _, state = status(run, campaign)
    if state in ("draft", "scheduled"):
        reply = run.send(SHOPIFY, "DELETE", f"/campaigns/{campaign.id}", headers=shop_headers(run))
        expect.status(reply, 200, 204)
        return f"deleted {state} campaign {campaign.name}"
    if state == "sending":
        reply = run.send(SHOPIFY, "POST", f"/campaigns/{campaign.id}/cancel", headers=shop_headers(run))
        if reply.status == 200:
            return f"cancelled sending campaign {campaign.name}"
        # The worker may finish the campaign between the look and the cancel, which the API then refuses.
        _, state = status(run, campaign)
        if state not in DONE:
            expect.status(reply, 200)
    return f"kept {state} campaign {campaign.name} as this run's record (the API does not delete sent campaigns)"



def no_new_failures(run: SmokeRun, failed_before: float) -> None:
    reply = queue_stats(run)
    failed_after = queue_counts(reply)["failed"]
    if failed_after > failed_before:
        raise expect.fail(reply, f"no more failed jobs than the {failed_before:g} before the enqueue",
                          f"{failed_after:g} failed jobs")
