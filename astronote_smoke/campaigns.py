"""Safe-mode campaigns of the test shop: create, enqueue, wait for the worker, and clean up.

What the suite creates is named `smoke-<run id>-<case>`. `start` is the whole protocol of a
scenario that writes: the name is noted before the request (an answer lost to a timeout may
still have created the campaign; the run's closing sweep finds it by name), and the cleanup is
registered in the same breath as the creation, with interrupts held between the two.

Cleanup follows the real API: a `draft`, `scheduled`, `cancelled` or `failed` campaign is
deleted; a `sending` one cancelled, then deleted; a `sent` or `completed` one kept as the
run's named record (the API refuses to delete it). A deletion counts only when a `GET`
afterwards answers 404. A 429 is waited out within a stated bound (`rate_limit`).

An id from an answer is an opaque token: it goes into a URL only through `http.segment`, and a
campaign whose answers name another id than the one created fails loudly.
"""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Callable

from . import rate_limit
from .checks import expect
from .errors import ContractViolation, RateLimited
from .http import Reply, segment
from .run import SmokeRun
from .safety.signals import interrupts_held
from .safety.writes import ensure_allowed
from .services import SHOPIFY
from .shopify import queue_backlog, queue_counts, queue_stats, shop_headers

NAME_PREFIX = "smoke-"
MESSAGE = "Astronote release smoke check: safe mode, sandbox provider, no phone receives this."
DONE = ("completed", "sent")
DELETABLE = ("draft", "scheduled", "cancelled", "failed")
# A sandbox send of a few test recipients takes the worker well under a second; later looks keep the
# contract's pace of one every 2 s.
FIRST_LOOK_S = 0.3
POLL_INTERVAL_S = 2.0
MAX_POLLS = 15


@dataclass
class Campaign:
    id: str
    name: str

    @property
    def path(self) -> str:
        return f"/campaigns/{segment(self.id)}"


def campaign_name(run: SmokeRun, case: str) -> str:
    return f"{NAME_PREFIX}{run.settings.run_id}-{case}"


def start(run: SmokeRun, case: str, attempted: list[str], register_cleanup: Callable[[Callable[[], None]], None],
          note: Callable[[str], None]) -> tuple[Reply, Campaign | None]:
    """Creates the case's campaign and registers its cleanup, which notes what it did; Ctrl-C waits for both."""
    with interrupts_held():
        attempted.append(campaign_name(run, case))
        reply, campaign = create(run, case)
        if campaign is not None:
            def clean_up_campaign():
                # A second Ctrl-C must not abandon the cleanup the first one started, nor its note.
                with interrupts_held():
                    note(clean_up(run, campaign))
            register_cleanup(clean_up_campaign)
    return reply, campaign


def create(run: SmokeRun, case: str) -> tuple[Reply, Campaign | None]:
    """POST the draft; returns the reply and, when the API gave a usable id, the campaign to clean up."""
    ensure_allowed(run)
    name = campaign_name(run, case)
    reply = run.send(SHOPIFY, "POST", "/campaigns", headers=shop_headers(run), json_body={
        "name": name, "message": MESSAGE, "audience": {"type": "all"}, "scheduleType": "immediate"})
    campaign_id = _created_id(reply)
    if campaign_id is None:
        return reply, None
    try:
        segment(campaign_id)
    except ValueError as error:
        raise expect.fail(reply, "`data.id` to be an opaque id", f"{error}; campaign {name} is left "
                          "to the sweep, which finds it by name") from None
    return reply, Campaign(str(campaign_id), name)


def _created_id(reply: Reply):
    if reply.status not in (200, 201):
        return None
    try:
        data = reply.json()
    except ContractViolation:
        return None
    found = expect.lookup(data, "data.id") if isinstance(data, dict) else None
    return found if isinstance(found, (str, int)) and not isinstance(found, bool) else None


def created_as_draft(reply: Reply) -> None:
    data = expect.json_object(reply, 201)
    expect.equals(reply, data, "success", True)
    expect.present(reply, data, "data.id")
    expect.equals(reply, data, "data.status", "draft")


def enqueue(run: SmokeRun, campaign: Campaign) -> Reply:
    headers = {**shop_headers(run), "Idempotency-Key": str(uuid.uuid4())}
    return run.send(SHOPIFY, "POST", f"{campaign.path}/enqueue", headers=headers)


def enqueued(reply: Reply, campaign: Campaign) -> None:
    data = expect.json_object(reply, 200)
    expect.equals(reply, data, "ok", True)
    expect.number(reply, data, "queued")
    expect.number(reply, data, "enqueuedJobs")
    actual = expect.lookup(data, "campaignId")
    if str(actual) != campaign.id:
        raise expect.fail(reply, f"`campaignId` to be {expect.shown(campaign.id)}", expect.shown(actual))


def failed_jobs(run: SmokeRun) -> float:
    return queue_counts(queue_stats(run))["failed"]


def status(run: SmokeRun, campaign: Campaign) -> tuple[Reply, str]:
    return status_of(run.get(SHOPIFY, campaign.path, headers=shop_headers(run)), campaign)


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
    """Removes what the API lets us remove; says what happened, for the report, in its first word.

    A 429 is waited out within `rate_limit`'s bound; past it, RateLimited names the campaign left, for the
    sweep that follows to say how to remove it.
    """
    try:
        return rate_limit.retrying(lambda: _clean_up_once(run, campaign))
    except RateLimited as error:
        raise RateLimited(f"{error}, still after {rate_limit.bound()}: campaign {campaign.name} is left",
                          error.retry_after, expectation=error.expectation) from None


def _clean_up_once(run: SmokeRun, campaign: Campaign) -> str:
    reply = run.get(SHOPIFY, campaign.path, headers=shop_headers(run))
    if reply.status == 404:
        return f"gone: campaign {campaign.name} was already deleted"
    _, state = status_of(reply, campaign)
    found, done_first = state, ""
    if state == "sending":
        reply = run.send(SHOPIFY, "POST", f"{campaign.path}/cancel", headers=shop_headers(run))
        if reply.status != 200:
            # The worker may finish the campaign between the look and the cancel, which the API then refuses.
            _, state = status(run, campaign)
            if state not in DONE:
                expect.status(reply, 200)
        else:
            state, done_first = "cancelled", " after cancelling it"
    if state in DONE:
        return f"kept {state} campaign {campaign.name} as this run's record (the API does not delete sent campaigns)"
    if state not in DELETABLE:
        raise expect.fail(reply, f"campaign {campaign.name} in a status the cleanup knows "
                          f"({', '.join(DELETABLE + DONE)} or sending)", expect.shown(state))
    reply = run.send(SHOPIFY, "DELETE", campaign.path, headers=shop_headers(run))
    expect.status(reply, 200, 204)
    _gone(run, campaign, state)
    return f"deleted {found} campaign {campaign.name}{done_first}"


def status_of(reply: Reply, campaign: Campaign) -> tuple[Reply, str]:
    """The campaign's status in `reply`; a fail when the answer is about another campaign than this one."""
    data = expect.json_object(reply, 200)
    answered = expect.lookup(data, "data.id")
    if answered is not expect.MISSING and str(answered) != campaign.id:
        raise expect.fail(reply, f"the campaign created, {expect.shown(campaign.id)}",
                          f"campaign {expect.shown(answered)}")
    state = expect.present(reply, data, "data.status")
    if not isinstance(state, str):
        raise expect.fail(reply, "`data.status` to be a text", expect.shown(state))
    return reply, state


def _gone(run: SmokeRun, campaign: Campaign, state: str) -> None:
    """A deletion counts only when the campaign is gone: one look, which must answer 404."""
    reply = run.get(SHOPIFY, campaign.path, headers=shop_headers(run))
    if reply.status != 404:
        raise expect.fail(reply, f"campaign {campaign.name} ({state}) to be gone after its DELETE (status 404)",
                          f"status {reply.status}: the DELETE answered success but the campaign is still there")


def no_new_failures(run: SmokeRun, failed_before: float) -> None:
    reply = queue_stats(run)
    failed_after = queue_counts(reply)["failed"]
    if failed_after > failed_before:
        raise expect.fail(reply, f"no more failed jobs than the {failed_before:g} before the enqueue",
                          f"{failed_after:g} failed jobs")
