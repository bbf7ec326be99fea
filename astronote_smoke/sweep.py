"""The sweep: campaigns that runs left behind in the test shop, found by name and cleaned up.

A run cleans up after each scenario and sweeps its own name prefix when it ends. What a run
could not clean up (it was killed, the API refused, the network failed) carries its name,
`smoke-<run id>-<case>`, and `python -m astronote_smoke sweep` finds it by that prefix and
cleans it up the way the contract says: a draft or scheduled campaign is deleted, a sending
one cancelled, and a sent, completed or cancelled one kept as the record of its run.

Only names of exactly that shape are touched, and only in the configured test shop.
Campaigns younger than `--min-age` minutes are left alone: they may belong to a run that is
still going.
"""
from __future__ import annotations

import argparse
import datetime
import re
import signal
import time
from dataclasses import dataclass, field
from urllib.parse import quote

from . import campaigns
from .checks import expect
from .config import ConfigError, read_environment, settings_from, targets_configured
from .console import Console
from .errors import NotConfigured, RateLimited, SmokeFailure
from .masking import Masker
from .run import SmokeRun
from .safety.signals import interrupts_held
from .safety.writes import WritesNotAllowed, ensure_allowed
from .services import SHOPIFY
from .shopify import shop_headers

NAME = re.compile(r"^smoke-(?P<run_id>[A-Za-z0-9._-]+)-(?P<case>[A-Z][0-9]+)$")
# What the contract cleans up; a campaign in any other status (sent, completed, cancelled) is a record.
TO_CLEAN = ("draft", "scheduled", "sending")
DEFAULT_MIN_AGE_MIN = 15.0
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

    @property
    def left_to_clean(self) -> int:
        return len(self.failed) + len(self.would_clean)

    def describe(self) -> str:
        """One line for the console and the report; `lines()` gives the campaigns one by one."""
        if not self.found:
            return f"Sweep of {self.prefix}*: no campaign found."
        parts = [f"{len(self.deleted)} deleted", f"{len(self.cancelled)} cancelled",
                 f"{len(self.kept)} kept as records (sent, completed or cancelled)"]
        if self.too_young:
            parts.append(f"{len(self.too_young)} left alone (younger than the minimum age)")
        if self.would_clean:
            parts.append(f"{len(self.would_clean)} to clean up (dry run: nothing changed)")
        if self.failed:
            parts.append(f"{len(self.failed)} could not be cleaned up")
        found = f"{self.found} campaign{'' if self.found == 1 else 's'} found"
        return f"Sweep of {self.prefix}*: {found}: {', '.join(parts)}."

    def lines(self) -> list[str]:
        groups = (("deleted", self.deleted), ("cancelled", self.cancelled), ("kept", self.kept),
                  ("left alone", self.too_young), ("to clean up", self.would_clean), ("failed", self.failed))
        return [f"  {label}: {item}" for label, items in groups for item in items]


def sweep(run: SmokeRun, prefix: str = campaigns.NAME_PREFIX, min_age_s: float = 0.0,
          dry_run: bool = False) -> Sweep:
    """Finds the test shop's campaigns named `prefix...` and cleans up each that the contract says to."""
    result = Sweep(prefix, dry_run)
    try:
        ensure_allowed(run, "clean up campaigns")
    except WritesNotAllowed:
        result.dry_run = dry_run = True
    found = leftovers(run, prefix)
    result.found = len(found)
    for leftover in found:
        name = leftover.campaign.name
        if leftover.status not in TO_CLEAN:
            result.kept.append(f"{name} ({leftover.status})")
        elif leftover.age_s is not None and leftover.age_s < min_age_s:
            result.too_young.append(f"{name} ({leftover.status}, {leftover.age_s / 60:.0f} min old)")
        elif dry_run:
            result.would_clean.append(f"{name} ({leftover.status})")
        else:
            try:
                with interrupts_held():
                    outcome = campaigns.clean_up(run, leftover.campaign)
            except RateLimited as error:
                # The retry after Retry-After was refused too: the rest waits for the next sweep.
                result.failed.append(f"{name} ({error}; the sweep stopped here, run it again in a minute)")
                break
            except SmokeFailure as error:
                result.failed.append(f"{name} ({error})")
                continue
            # clean_up says what it did in its first word: deleted, cancelled or kept.
            {"deleted": result.deleted, "cancelled": result.cancelled}.get(
                outcome.split(" ", 1)[0], result.kept).append(f"{name} ({leftover.status})")
    return result


def sweep_after_run(run: SmokeRun) -> str:
    """Sweeps the run's own campaigns as it ends: those whose answer was lost, or whose cleanup failed."""
    prefix = f"{campaigns.NAME_PREFIX}{run.settings.run_id}-"
    later = f"`python -m astronote_smoke sweep --run-id {run.settings.run_id} --min-age 0` finishes it"
    # The scenarios are over: these exchanges have no test to attach to as evidence.
    run.client.on_exchange = None
    try:
        result = sweep(run, prefix)
    except KeyboardInterrupt:
        return f"Sweep of {prefix}* interrupted: {later}."
    except (SmokeFailure, NotConfigured) as error:
        return f"Sweep of {prefix}* failed: {error}; {later}."
    return "\n".join([result.describe(), *result.lines()])


def leftovers(run: SmokeRun, prefix: str) -> list[Leftover]:
    """The test shop's campaigns whose names start with `prefix` and have the suite's shape."""
    reply = run.get(SHOPIFY, f"/campaigns?search={quote(prefix, safe='')}", headers=shop_headers(run))
    items = expect.listing(reply, expect.json_object(reply, 200), "data.campaigns")
    now = time.time()
    found = []
    for item in items:
        if not isinstance(item, dict):
            continue
        name, campaign_id = str(item.get("name", "")), item.get("id")
        if campaign_id is None or not name.startswith(prefix) or not NAME.match(name):
            continue
        found.append(Leftover(campaigns.Campaign(str(campaign_id), name), str(item.get("status")),
                              _age(item.get("createdAt"), now)))
    return found


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
    # CI stops a job with SIGTERM: it ends the sweep between two campaigns, like Ctrl-C.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    prefix = f"{campaigns.NAME_PREFIX}{args.run_id}-" if args.run_id else campaigns.NAME_PREFIX
    try:
        result = sweep(run, prefix, min_age_s=args.min_age * 60, dry_run=args.dry_run)
    except KeyboardInterrupt:
        console.say("Sweep interrupted: run it again to finish.")
        return EXIT_INTERRUPTED
    except (SmokeFailure, NotConfigured) as error:
        console.say(f"Sweep failed: {error}")
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
