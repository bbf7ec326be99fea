"""What a scenario's outcome means when a known issue applies to it.

- known: it fails the way the entry says; the failure is reported, and excused.
- fixed: it passes; the entry should go (and fails the gate when the strict option is on).
- expired: it fails, but the entry's date has passed; the failure counts, naming the entry.
- different: it fails otherwise than the entry describes (the service did not answer, the check
  broke, or the failure's expectation does not match the entry's `failure`); the failure counts.

The entry's `failure` pattern is matched against the failure's `expectation` alone: what the
suite expected and saw, never the service's body or reason quoted after it, so a new failure
whose answer happens to echo the known text is not excused.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..errors import ServiceUnreachable
from .file import KnownIssue

KNOWN, FIXED, EXPIRED, DIFFERENT = "known", "fixed", "expired", "different"
# The Allure label that carries the verdict into the results, where the sign-off summary reads it.
REPORT_LABEL = "knownIssue"


@dataclass(frozen=True)
class Verdict:
    kind: str
    issue: KnownIssue
    failure: str = ""  # first line of the failure; empty when the scenario passed
    why: str = ""      # for a different failure: how it differs

    @property
    def excuses(self) -> bool:
        return self.kind == KNOWN

    def headline(self) -> str:
        """The first line of the scenario's report message, above the failure itself."""
        issue = self.issue
        if self.kind == KNOWN:
            return f"Known issue, still open: {issue.reason} ({issue.ticket}, excused until {issue.expires})"
        if self.kind == FIXED:
            return f"Known issue fixed: remove the entry at {issue.where} ({issue.ticket})"
        if self.kind == EXPIRED:
            return (f"Expired known issue: the entry at {issue.where} ({issue.ticket}) excused this failure "
                    f"until {issue.expires}; fix the defect or renew the entry")
        return f"Not the known issue at {issue.where}: {self.why}"

    def console_line(self) -> str:
        issue = self.issue
        if self.kind == KNOWN:
            return (f"{issue.id} KNOWN ISSUE, still open: {issue.reason} ({issue.ticket}, excused until "
                    f"{issue.expires}). It fails: {self.failure}")
        if self.kind == FIXED:
            return (f"{issue.id} FIXED: it passes, so its known issue ({issue.ticket}) is fixed: "
                    f"remove it from the known issues ({issue.where})")
        if self.kind == EXPIRED:
            return (f"{issue.id} FAILED: its known issue ({issue.where}, {issue.ticket}) expired on "
                    f"{issue.expires}, so the failure counts")
        return f"{issue.id} FAILED, and not as its known issue ({issue.where}) says: {self.why}"


def judge_failure(issue: KnownIssue, error: BaseException | None, today: date) -> Verdict:
    """The verdict on a scenario with a known issue that failed with `error` (None: no exception, e.g. undefined step)."""
    failure = _first_line(str(error)) if error is not None else "no exception recorded"
    if issue.expired(today):
        return Verdict(EXPIRED, issue, failure)
    if isinstance(error, ServiceUnreachable):
        return Verdict(DIFFERENT, issue, failure, f"the service did not answer ({failure})")
    if not isinstance(error, AssertionError):
        name = type(error).__name__ if error is not None else "no assertion"
        return Verdict(DIFFERENT, issue, failure, f"the check itself broke ({name})")
    if issue.failure and not issue.failure.search(expectation_of(error)):
        return Verdict(DIFFERENT, issue, failure, f"the failure does not match {issue.failure.pattern!r}: {failure}")
    return Verdict(KNOWN, issue, failure)


def expectation_of(error: BaseException) -> str:
    """What the suite itself expected and saw: a failure of ours says; a bare assertion is the suite's own words."""
    expectation = getattr(error, "expectation", None)
    return expectation if isinstance(expectation, str) else str(error)


def judge_pass(issue: KnownIssue) -> Verdict:
    return Verdict(FIXED, issue)


def tally(verdicts, known_issues_file: str) -> str:
    """One line for the end of the run, so that behave's counts (a known red counts as skipped) make sense."""
    by_kind: dict[str, list[str]] = {}
    for verdict in verdicts:
        by_kind.setdefault(verdict.kind, []).append(verdict.issue.id)
    meaning = {KNOWN: "still open, excused", FIXED: f"fixed, to remove from {known_issues_file}",
               EXPIRED: "expired, so their failures count", DIFFERENT: "failed otherwise than known, so that counts"}
    parts = [f"{len(ids)} {meaning[kind]} ({', '.join(sorted(ids))})" for kind, ids in
             ((kind, by_kind.get(kind)) for kind in (KNOWN, FIXED, EXPIRED, DIFFERENT)) if ids]
    return f"Known issues: {'; '.join(parts) or 'none of their scenarios ran'}."


def _first_line(message: str) -> str:
    return next((line.strip() for line in message.splitlines() if line.strip()), "")
