"""The sweep: campaigns that runs left behind in the test shop, found by name and cleaned up.

A run cleans up after each scenario and sweeps its own name prefix when it ends. What a run
could not clean up (it was killed, the API refused, the network failed) carries its name,
`smoke-<run id>-<case>`, and `python -m astronote_smoke sweep` finds it by that prefix and
cleans it up the way the contract says: a draft, scheduled, cancelled or failed campaign is
deleted, a sending one cancelled and then deleted, and a sent or completed one kept as the
record of its run.

The real campaign list ignores `search` and answers 20 campaigns a page by default, so the
sweep pages through it itself, newest first, at most MAX_PAGES pages of PAGE_SIZE, and stops
at the first campaign older than its window; names are filtered here. Every page is a
`/campaigns/*` call and counts against the API's shared rate limit.

A 429 is waited out within `rate_limit`'s bound; past it, the sweep lists what is left and the
command that removes it, and exits 1.

Only names of exactly that shape are touched, and only in the configured test shop, and only
through ids of the opaque shape `http.segment` accepts. Campaigns younger than `--min-age`
minutes are left alone: they may belong to a run that is still going.
"""
from __future__ import annotations

import argparse
import datetime
import re
import signal
import time
from dataclasses import dataclass, field

from . import campaigns, rate_limit
from .checks import expect
from .config import ConfigError, read_environment, settings_from, targets_configured
from .console import Console
from .errors import NotConfigured, RateLimited, SmokeFailure
from .http import segment
from .masking import Masker
from .run import SmokeRun
from .safety.signals import interrupts_held
from .safety.writes import WritesNotAllowed, ensure_allowed
from .services import SHOPIFY
from .shopify import shop_headers
from .text import printable

NAME = re.compile(r"^smoke-(?P<run_id>[A-Za-z0-9._-]+)-(?P<case>[A-Z][0-9]+)$")
# What the contract cleans up; a campaign in any other status (sent, completed) is a record.
TO_CLEAN = (*campaigns.DELETABLE, "sending")
DEFAULT_MIN_AGE_MIN = 15.0
DEFAULT_WINDOW_DAYS = 30.0
# The list's own maximum page size (101 is refused); ten pages are a thousand campaigns.
PAGE_SIZE = 100
MAX_PAGES = 10
# A run is over within minutes; its own campaigns are all younger than this.
AFTER_RUN_WINDOW_S = 3600.0
CAMPAIGNS_PATH = "/campaigns"
CAMPAIGN_CALL_BUDGET = 35
EXIT_CLEAN, EXIT_LEFT, EXIT_CONFIG, EXIT_INTERRUPTED = 0, 1, 2, 130


@dataclass(frozen=True)
class Leftover:
    campaign: campaigns.Campaign
    status: str
    age_s: float | None  # None when the API gives no creation time


@dataclass
class Sweep:
    prefix: str
    dry_run: bool = False
    found: int = 0
    deleted: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    too_young: list[str] = field(default_factory=list)
    would_clean: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    not_reached: list[str] = field(default_factory=list)  # the rate limit stopped the sweep before them
    again: str = ""  # the command that finishes what this sweep leaves
    rate_limited: bool = False  # a cleanup was refused past the rate-limit bound: the sweep stopped cleaning
    pages: int = 0
    more_beyond: bool = False  # MAX_PAGES were read and the list went on within the window

    @property
    def left_to_clean(self) -> int:
        return len(self.failed) + len(self.not_reached) + len(self.would_clean) + int(self.more_beyond)

    def describe(self) -> str:
        """One line for the console and the report; `lines()` gives the campaigns one by one."""
        beyond = f"more campaigns beyond the {self.pages} pages read: run the sweep again"
        if not self.found:
            return f"Sweep of {self.prefix}*: no campaign found{'; ' + beyond if self.more_beyond else ''}."
        parts = [f"{len(self.deleted)} deleted", f"{len(self.cancelled)} cancelled",
                 f"{len(self.kept)} kept as records (sent or completed)"]
        if self.too_young:
            parts.append(f"{len(self.too_young)} left alone (younger than the minimum age)")
        if self.would_clean:
            parts.append(f"{len(self.would_clean)} to clean up (dry run: nothing changed)")
        if self.failed:
            parts.append(f"{len(self.failed)} could not be cleaned up")
        if self.not_reached:
            parts.append(f"{len(self.not_reached)} not reached (rate limited)")
        if self.more_beyond:
            parts.append(beyond)
        found = f"{self.found} campaign{'' if self.found == 1 else 's'} found"
        return f"Sweep of {self.prefix}*: {found}: {', '.join(parts)}.{self._how_to_finish()}"

    def _how_to_finish(self) -> str:
        left = len(self.failed) + len(self.not_reached)
        if not (self.again and left) or self.dry_run:
            return ""
        how = (f"run {self.again} again in a minute, when the rate limit has reset" if self.rate_limited
               else f"{self.again} removes {'it' if left == 1 else 'them'} once the cause is fixed")
        return f" Left: {left} campaign{'' if left == 1 else 's'}, listed below: {how}."

    def lines(self) -> list[str]:
        groups = (("deleted", self.deleted), ("cancelled", self.cancelled), ("kept", self.kept),
                  ("left alone", self.too_young), ("to clean up", self.would_clean), ("failed", self.failed),
                  ("not reached", self.not_reached))
        return [f"  {label}: {item}" for label, items in groups for item in items]


def sweep(run: SmokeRun, prefix: str = campaigns.NAME_PREFIX, min_age_s: float = 0.0,
          dry_run: bool = False, window_s: float = DEFAULT_WINDOW_DAYS * 86400) -> Sweep:
    """Finds the test shop's campaigns named `prefix...` within the window and cleans up each the contract says to.

    A 429 is waited out within `rate_limit`'s bound; past it, the campaigns not yet cleaned up are listed
    as left, with the command that removes them. A list that cannot be read raises.
    """
    result = Sweep(prefix, dry_run, again=sweep_command(prefix, min_age_s))
    try:
        ensure_allowed(run, "clean up campaigns")
    except WritesNotAllowed:
        result.dry_run = dry_run = True
    found = leftovers(run, prefix, window_s, result)
    result.found = len(found) + len(result.failed)
    for leftover in found:
        name = leftover.campaign.name
        if leftover.status not in TO_CLEAN:
            result.kept.append(f"{name} ({leftover.status})")
        elif leftover.age_s is not None and leftover.age_s < min_age_s:
            result.too_young.append(f"{name} ({leftover.status}, {leftover.age_s / 60:.0f} min old)")
        elif dry_run:
            result.would_clean.append(f"{name} ({leftover.status})")
        elif result.rate_limited:
            result.not_reached.append(f"{name} ({leftover.status})")
        else:
            try:
                with interrupts_held():
                    outcome = campaigns.clean_up(run, leftover.campaign)
            except RateLimited as error:
                # Refused past the bound: the rest waits for the next sweep rather than meeting more 429s.
                result.failed.append(f"{name} ({error})")
                result.rate_limited = True
                continue
            except SmokeFailure as error:
                result.failed.append(f"{name} ({error})")
                continue
            # clean_up says what it did in its first word: deleted (a sending one: cancelled, then deleted),
            # gone (deleted meanwhile) or kept.
            first = outcome.split(" ", 1)[0]
            if first == "deleted" and leftover.status == "sending":
                result.cancelled.append(f"{name} (sending, cancelled and deleted)")
            elif first in ("deleted", "gone"):
                result.deleted.append(f"{name} ({leftover.status})")
            else:
                result.kept.append(f"{name} ({leftover.status})")
    return result


def sweep_command(prefix: str, min_age_s: float) -> str:
    """The command that sweeps `prefix` again, with the same minimum age."""
    run_id = prefix.removeprefix(campaigns.NAME_PREFIX).removesuffix("-")
    options = (f" --run-id {run_id}" if run_id else "") + (f" --min-age {min_age_s / 60:g}"
                                                           if min_age_s != DEFAULT_MIN_AGE_MIN * 60 else "")
    return f"`python -m astronote_smoke sweep{options}`"


def sweep_after_run(run: SmokeRun) -> str:
    """Sweeps the run's own campaigns as it ends: those whose answer was lost, or whose cleanup failed.

    Returns what to tell: what is left and how to remove it. The run's exit code stays its verdict's:
    a healthy release is not stopped by the suite's own housekeeping; the `sweep` command exits 1.
    """
    prefix = f"{campaigns.NAME_PREFIX}{run.settings.run_id}-"
    later = f"campaigns named {prefix}* may be left: {sweep_command(prefix, 0.0)} removes them"
    # The scenarios are over: these exchanges have no test to attach to as evidence.
    run.client.on_exchange = None
    try:
        result = sweep(run, prefix, window_s=AFTER_RUN_WINDOW_S)
    except KeyboardInterrupt:
        return f"Sweep of {prefix}* interrupted: {later}.\n{campaign_calls(run)}"
    except (SmokeFailure, NotConfigured) as error:
        return f"Sweep of {prefix}* failed: {error}; {later}.\n{campaign_calls(run)}"
    return "\n".join([result.describe(), *result.lines(), campaign_calls(run)])


def campaign_calls(run: SmokeRun) -> str:
    """The run's `/campaigns/*` calls against the contract's budget: they share the API's 40 a minute."""
    calls = run.client.calls_under(CAMPAIGNS_PATH)
    verdict = "within" if calls <= CAMPAIGN_CALL_BUDGET else "OVER"
    return (f"Campaign API calls: {calls} this run, {verdict} the budget of {CAMPAIGN_CALL_BUDGET} "
            "(all /campaigns/* calls share a rate limit of 40 a minute).")


def requests_sent(paths_sent: list[str]) -> str:
    """The run's requests through the HTTP client: what a scheduled run costs the target."""
    campaigns = sum(1 for path in paths_sent if path == CAMPAIGNS_PATH or path.startswith(CAMPAIGNS_PATH + "/"))
    return (f"Requests sent: {len(paths_sent)} through the HTTP client, {campaigns} of them to {CAMPAIGNS_PATH}/* "
            "(the warm-up's and the browser's own requests not counted).")


def leftovers(run: SmokeRun, prefix: str, window_s: float = DEFAULT_WINDOW_DAYS * 86400,
              result: Sweep | None = None) -> list[Leftover]:
    """The test shop's campaigns whose names start with `prefix` and have the suite's shape, newest first.

    Pages through the list until a campaign is older than `window_s`, the list ends, or MAX_PAGES
    were read; a campaign whose id is not an opaque token is reported in `result.failed`, never touched.
    """
    result = result if result is not None else Sweep(prefix)
    now = time.time()
    found = []
    for page in range(1, MAX_PAGES + 1):
        path = f"{CAMPAIGNS_PATH}?page={page}&pageSize={PAGE_SIZE}&sortBy=createdAt&sortOrder=desc"
        try:
            reply = rate_limit.retrying(lambda: run.get(SHOPIFY, path, headers=shop_headers(run)))
        except RateLimited as error:
            raise RateLimited(f"{error}, still after {rate_limit.bound()}: the campaign list could not be read",
                              error.retry_after, expectation=error.expectation) from None
        data = expect.json_object(reply, 200)
        items = expect.listing(reply, data, "data.campaigns")
        result.pages = page
        older = False
        for item in items:
            if not isinstance(item, dict):
                continue
            age = _age(item.get("createdAt"), now)
            if age is not None and age > window_s:
                older = True
                break
            leftover = _leftover(item, prefix, age, result)
            if leftover:
                found.append(leftover)
        if older or not items or expect.lookup(data, "data.pagination.hasNextPage") is not True:
            return found
    result.more_beyond = True
    return found


def _leftover(item: dict, prefix: str, age: float | None, result: Sweep) -> Leftover | None:
    name, campaign_id = item.get("name"), item.get("id")
    if not isinstance(name, str) or not name.startswith(prefix) or not NAME.match(name):
        return None
    try:
        segment(campaign_id)
    except ValueError as error:
        result.failed.append(f"{name} (its id {error}: left alone)")
        return None
    return Leftover(campaigns.Campaign(str(campaign_id), name), printable(item.get("status"), 40), age)


def _age(created_at, now: float) -> float | None:
    if not isinstance(created_at, str):
        return None
    try:
        created = datetime.datetime.fromisoformat(created_at.replace("Z", "+00:00"))
    except ValueError:
        return None
    if created.tzinfo is None:
        created = created.replace(tzinfo=datetime.timezone.utc)
    return now - created.timestamp()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m astronote_smoke sweep",
        description="Clean up the campaigns that earlier smoke runs left in the test shop "
                    "(target and credentials as for the suite: .env or the environment).")
    parser.add_argument("--run-id", help="only the campaigns of this run (smoke-<run id>-...)")
    parser.add_argument("--min-age", type=float, default=DEFAULT_MIN_AGE_MIN, metavar="MINUTES",
                        help="leave campaigns younger than this alone: a run may still be using them "
                             "(default: %(default)g)")
    parser.add_argument("--window", type=float, default=DEFAULT_WINDOW_DAYS, metavar="DAYS",
                        help="look back this far in the shop's campaigns, newest first (default: %(default)g)")
    parser.add_argument("--dry-run", action="store_true", help="list what would be cleaned up, change nothing")
    args = parser.parse_args(argv)
    masker = Masker()
    console = Console(masker)
    try:
        run = _run_for_sweep(masker)
    except ConfigError as error:
        console.say(str(error))
        return EXIT_CONFIG
    except NotConfigured as error:
        console.say(f"configuration error: {' and '.join(error.variables)} must be set: the sweep works in the test shop")
        return EXIT_CONFIG
    # CI stops a job with SIGTERM, a closed terminal sends SIGHUP: each ends the sweep between two
    # campaigns, like Ctrl-C.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.default_int_handler)
    prefix = f"{campaigns.NAME_PREFIX}{args.run_id}-" if args.run_id else campaigns.NAME_PREFIX
    try:
        result = sweep(run, prefix, min_age_s=args.min_age * 60, dry_run=args.dry_run, window_s=args.window * 86400)
    except KeyboardInterrupt:
        console.say("Sweep interrupted: run it again to finish.")
        return EXIT_INTERRUPTED
    except (SmokeFailure, NotConfigured) as error:
        console.say(f"Sweep failed: {error}; campaigns named {prefix}* may be left: "
                    f"{sweep_command(prefix, args.min_age * 60)} removes them")
        return EXIT_LEFT
    if result.dry_run and not args.dry_run:
        console.say("SMOKE_ALLOW_WRITES is no: listing only, nothing is changed.")
    console.say(result.describe())
    for line in result.lines():
        console.say(line)
    return EXIT_LEFT if result.left_to_clean else EXIT_CLEAN


def _run_for_sweep(masker: Masker) -> SmokeRun:
    environ = read_environment()
    if not targets_configured(environ):
        raise ConfigError("SHOPIFY_API_URL", "is not set: the sweep cleans up a real target's test shop "
                          "(set WEB_URL, SHOPIFY_API_URL and RETAIL_API_URL as for the suite)")
    run = SmokeRun(settings_from(environ), masker)
    run.require("SHOPIFY_SHOP_DOMAIN")
    run.require("SHOPIFY_SESSION_TOKEN")
    return run
