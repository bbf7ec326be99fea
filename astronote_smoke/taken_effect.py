"""Whether the target serves the release the deploy job expects, from the fingerprints read now and
the builds earlier comparable runs recorded (`Past`).

`unmet` gives the sentences that say why the release under test is not the expected one, empty
when it is; `rolled_back` the report's line after a rollback. Both are pure. A service "changed"
to a build an older run served is no new deploy: the host rolled back, and that is said too.
"""
from __future__ import annotations

from dataclasses import dataclass

from .expectation import CHANGED, Expectation
from .fingerprint import SUBJECTS, Fingerprint


@dataclass(frozen=True)
class PastRun:
    run_id: str
    finished: str
    fingerprints: dict[str, str]  # service key -> digest


@dataclass(frozen=True)
class Past:
    """The earlier comparable runs that recorded builds, oldest first; and every run that did, whatever its
    selection (a rollback is checked with a narrower selection than the run whose build it restores)."""

    runs: tuple[PastRun, ...] = ()
    named: tuple[PastRun, ...] = ()

    def last_with(self, service: str) -> PastRun | None:
        """The latest comparable run that recorded a build of `service` (one that found it down recorded none)."""
        return next((run for run in reversed(self.runs) if service in run.fingerprints), None)

    def run(self, run_id: str) -> PastRun | None:
        return next((run for run in reversed(self.named) if run.run_id == run_id), None)

    def older_with(self, service: str, digest: str) -> PastRun | None:
        """The latest run before `last_with(service)` whose build of `service` was `digest`."""
        last = self.last_with(service)
        earlier = self.runs[:self.runs.index(last)] if last else ()
        return next((run for run in reversed(earlier) if run.fingerprints.get(service) == digest), None)


def unmet(expected: Expectation, now: dict[str, Fingerprint], past: Past) -> list[str]:
    """Why the target does not serve the expected release, one sentence each; empty when it does."""
    if expected.rollback_to:
        return _rollback_unmet(expected.rollback_to, now, past)
    if expected.any_changed:
        return _any_changed_unmet(now, past)
    problems = []
    for service, value in expected.services.items():
        fingerprint = now.get(service) or Fingerprint(service, "", "shows no build")
        if value == CHANGED:
            problem = _changed_problem(fingerprint, past)
        elif not fingerprint.known:
            problem = f"{SUBJECTS[service]} {fingerprint.shown()}: cannot tell that {service}={value} took effect"
        elif not fingerprint.answers_to(value):
            problem = f"{SUBJECTS[service]} serves {fingerprint.shown()}, not {value}: this deploy has not taken effect"
        else:
            problem = None
        if problem:
            problems.append(problem)
    return problems


def rolled_back(expected: Expectation, now: dict[str, Fingerprint], past: Past) -> str:
    """The report's rollback line, when the expectation is a rollback: "rolled back to the build of run R: yes"."""
    if not expected.rollback_to:
        return ""
    answer = "no" if _rollback_unmet(expected.rollback_to, now, past) else "yes"
    return f"rolled back to the build of run {expected.rollback_to}: {answer}"


def _changed_problem(fingerprint: Fingerprint, past: Past) -> str | None:
    subject = SUBJECTS[fingerprint.service]
    if not fingerprint.known:
        return f"{subject} {fingerprint.shown()}: cannot tell that this deploy took effect"
    previous = past.last_with(fingerprint.service)
    if previous is None:
        return f"{subject} serves {fingerprint.shown()}, and no earlier run against this target recorded a build to " \
               "compare it with: cannot tell that this deploy took effect"
    if previous.fingerprints[fingerprint.service] == fingerprint.digest:
        return f"{subject} still serves {fingerprint.shown()}, the one of the previous run: " \
               "this deploy has not taken effect"
    older = past.older_with(fingerprint.service, fingerprint.digest)
    if older:
        return f"{subject} serves {fingerprint.shown()}, the one of the older run {older.run_id}: " \
               "the host rolled back, this deploy has not taken effect"
    return None


def _any_changed_unmet(now: dict[str, Fingerprint], past: Past) -> list[str]:
    problems = [_changed_problem(fingerprint, past) for fingerprint in now.values()]
    if any(problem is None for problem in problems):
        return []
    known = [problem for fingerprint, problem in zip(now.values(), problems) if fingerprint.known]
    return known or [problem for problem in problems if problem]


def _rollback_unmet(run_id: str, now: dict[str, Fingerprint], past: Past) -> list[str]:
    then = past.run(run_id)
    if then is None:
        return [f"run {run_id} recorded no builds against this target: cannot tell that the rollback took effect"]
    problems = []
    for service, digest in then.fingerprints.items():
        fingerprint = now.get(service) or Fingerprint(service, "", "shows no build")
        if fingerprint.digest != digest:
            problems.append(f"{SUBJECTS[service]} serves {fingerprint.shown()}, not the build of run {run_id}: "
                            "the rollback has not taken effect")
    return problems
