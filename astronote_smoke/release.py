"""The release a run checked: every service's build at its start and its end, against the history and
against what the deploy job expects (SMOKE_EXPECT_RELEASE).

- `past_of` reads the builds of earlier comparable runs from the history.
- `await_release` reads the fingerprints at the start; with an expectation it reads them again
  until the target serves it or the warm-up's budget is spent, saying what it sees meanwhile.
- `release_facts` turns the start's and the end's fingerprints into what every output shows
  ("Web": "build 3f9c… (changed since the last run 2026-12-05 09:12 UTC)"), the digests the history
  keeps, and the problems that make the verdict INCOMPLETE: an expected release that never came,
  a service that switched builds during the run.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .expectation import Expectation
from .fingerprint import NAMES, SUBJECTS, Fingerprint
from .outcome import RunRecord
from .report.history import comparison_key, read_history
from .taken_effect import Past, PastRun, rolled_back, unmet
from .text import printable

POLL_PAUSE_S = 2.0
# While nothing changes, the wait says again what it sees this often: a silent minute looks like a hang.
SAY_AGAIN_S = 15.0
ROLLBACK_FACT = "Rolled back"


def past_of(history: Path, run: RunRecord) -> Past:
    """The earlier runs that recorded builds, oldest first: those against the same target and selection, and
    all of them by run id."""
    key = comparison_key(run)
    comparable, named = [], []
    for item in read_history(history):
        builds = item.get("fingerprints")
        if item.get("run") == run.run_id or not isinstance(builds, dict):
            continue
        # The history is a cached file: what it holds is read as carefully as a target's answer.
        builds = {service: digest for service, digest in builds.items() if service in NAMES and isinstance(digest, str)}
        if builds:
            named.append(PastRun(printable(item.get("run", ""), 80), printable(item.get("finished", ""), 40), builds))
            if item["key"] == key:
                comparable.append(named[-1])
    return Past(tuple(comparable), tuple(named))


def await_release(read: Callable[[], dict[str, Fingerprint]], expected: Expectation | None, past: Past,
                  budget_s: float, say: Callable[[str], None], pause_s: float = POLL_PAUSE_S,
                  clock: Callable[[], float] = time.monotonic,
                  sleep: Callable[[float], None] = time.sleep) -> dict[str, Fingerprint]:
    """The fingerprints the run starts with: at once without an expectation, else once the expected release
    is served or `budget_s` is spent (a release that never came is for `release_facts` to report)."""
    deadline = clock() + budget_s
    said, said_at = None, 0.0
    while True:
        now = read()
        if expected is None:
            return now
        problems = unmet(expected, now, past)
        if not problems:
            say(f"Release: the expected one ({expected.describe()}) is served")
            return now
        if problems != said or clock() - said_at >= SAY_AGAIN_S:
            say(f"Waiting for the release SMOKE_EXPECT_RELEASE names ({expected.describe()}, "
                f"{max(deadline - clock(), 0):.0f} s left): " + "; ".join(problems))
            said, said_at = problems, clock()
        if clock() + pause_s > deadline:
            say(f"Release: the expected one did not come within the warm-up's {budget_s:.1f} s")
            return now
        sleep(pause_s)


@dataclass(frozen=True)
class ReleaseFacts:
    shown: dict[str, str]         # service name -> build and how it compares with the last run
    fingerprints: dict[str, str]  # service key -> digest, for the history
    problems: tuple[str, ...]     # what makes the verdict INCOMPLETE

    def masked(self, mask: Callable[[str], str]) -> ReleaseFacts:
        """The facts with every secret the run knows masked: a build name is the target's text."""
        return ReleaseFacts({service: mask(build) for service, build in self.shown.items()}, self.fingerprints,
                            tuple(mask(problem) for problem in self.problems))


def release_facts(start: dict[str, Fingerprint], end: dict[str, Fingerprint] | None, past: Past,
                  expected: Expectation | None) -> ReleaseFacts:
    """The release facts of a run from its fingerprints at the start and (once it is over) at the end."""
    shown = {NAMES[key]: fingerprint.shown() + _compared(fingerprint, past.last_with(key))
             for key, fingerprint in start.items()}
    problems = unmet(expected, start, past) if expected else []
    for key, fingerprint in (end or {}).items():
        before = start.get(key)
        if before and before.known and fingerprint.known and before.digest != fingerprint.digest:
            problems.append(f"{SUBJECTS[key]} switched builds during the run ({before.shown()} at the start, "
                            f"{fingerprint.shown()} at the end): no single release was judged")
    rollback = rolled_back(expected, start, past) if expected else ""
    if rollback:
        shown[ROLLBACK_FACT] = rollback.removeprefix("rolled back ")
    return ReleaseFacts(shown, {key: fingerprint.digest for key, fingerprint in start.items() if fingerprint.known},
                        tuple(problems))


def release_line(shown: dict[str, str]) -> str:
    """The release on one line: "Web build 3f9c… (build unchanged), Shopify API 1.0.0 (build unchanged)…"."""
    return ", ".join(f"{service} {build}" for service, build in shown.items()) or "not reported"


def _compared(fingerprint: Fingerprint, previous: PastRun | None) -> str:
    if not fingerprint.known or previous is None:
        return ""
    before = previous.fingerprints[fingerprint.service]
    if before == fingerprint.digest:
        return " (build unchanged)"
    return f" (changed since the last run {_when(previous.finished)})"


def _when(finished: str) -> str:
    """"2026-12-05 09:12 UTC" of the history's ISO time (which the history keeps to digits and separators)."""
    return f"{finished[:10]} {finished[11:16]} UTC" if len(finished) >= 16 else (finished or "(time unknown)")
