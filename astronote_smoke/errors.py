"""The suite's exception tree: every error a check, a hook or the run's configuration raises,
each class carrying the report category it belongs to.

"Could not reach it" is kept apart from "it answered wrong", as in httpx's exception tree:
the category a failure is filed under in the summary, JUnit and Allure comes from its class
(`kind`), never from its message text. Failures are assertion errors, so a scenario that meets
one is a failed check; their messages are one readable line naming service, method, URL,
expected and actual.

The tools beside the run keep errors of their own, which no scenario ends with: the reference
stack (`stack.StackError`), the report build (`report.build`) and the matrix writer (`matrix`).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


KNOWN_ISSUES_VARIABLE = "SMOKE_KNOWN_ISSUES"


class Kind(str, Enum):
    """Where a red sends the person who reads it."""

    PRODUCTION_DEFECT = "production-defect"
    UNREACHABLE = "unreachable"
    CONFIGURATION = "configuration"
    SUITE_ERROR = "suite-error"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Kind.PRODUCTION_DEFECT: "Production defect",
    Kind.UNREACHABLE: "Service unreachable or timed out",
    Kind.CONFIGURATION: "Suite configuration",
    Kind.SUITE_ERROR: "Suite error",
}


def kind_of(error: BaseException | None) -> Kind:
    """The category of any exception a scenario ended with: a class of ours says; anything else is our bug."""
    return getattr(error, "kind", None) or Kind.SUITE_ERROR


def cause_of(error: BaseException | None) -> Cause | None:
    """The cause a failure shares with others (a service that did not answer), or None."""
    return error.cause if isinstance(error, ServiceUnreachable) else None


class ConfigError(Exception):
    """A configuration value is missing or malformed; the message names the variable, or what it names
    (`subject`: a file and line, a folder) when that says more."""

    kind = Kind.CONFIGURATION

    def __init__(self, variable: str, problem: str, subject: str | None = None):
        super().__init__(f"configuration error: {variable if subject is None else subject} {problem}")
        self.variable = variable


class KnownIssuesError(ConfigError):
    """The known-issues file cannot be used; the message names the file and the line."""

    def __init__(self, where: str, problem: str):
        super().__init__(KNOWN_ISSUES_VARIABLE, problem, subject=f"{where}:")


class RunInProgress(ConfigError):
    """Another run holds the folder; the message names it."""

    def __init__(self, folder, holder: str):
        super().__init__("the run folder", "wait for it to end, or run this one from another folder",
                         subject=f"another smoke run is using {folder} ({holder}):")


class SuiteError(Exception):
    """The suite itself could not do its work (an output it cannot write): no verdict, the run fails."""

    kind = Kind.SUITE_ERROR


class SmokeFailure(AssertionError):
    """A promise of the contract does not hold.

    `expectation` is the part of the message the suite wrote itself: what it expected and
    what it saw, without the service's body or reason. Known issues are matched against it
    alone, so text a service echoes cannot make a failure look like a known one.
    """

    kind = Kind.PRODUCTION_DEFECT

    def __init__(self, message: str, expectation: str | None = None):
        super().__init__(message)
        self.expectation = message if expectation is None else expectation


@dataclass(frozen=True)
class Cause:
    """Why a check could not run: the service that did not answer, what it did instead, and the check
    that met it first (empty when this check met it itself, or the warm-up found it down).

    Failures with the same service and reason share one cause, whatever their messages say.
    """

    service: str  # "Retail API", as the service map names it
    reason: str   # "timed out after 10 s", "connection refused"
    first_seen: str = ""

    def describe(self) -> str:
        """The cause as every output names it: "Retail API unreachable: timed out after 10 s (first seen in D3)"."""
        seen = f" (first seen in {self.first_seen})" if self.first_seen else ""
        return f"{self.service} unreachable: {self.reason}{seen}"

    def down_text(self) -> str:
        """What a request to the service, known to be down, fails with after its service, method and URL."""
        if self.first_seen:
            return f"service unreachable (first seen in {self.first_seen}: {self.reason})"
        return f"service unreachable: {self.reason}"

    @property
    def key(self) -> tuple[str, str]:
        return self.service, self.reason


class ServiceUnreachable(SmokeFailure):
    """The service did not answer: refused, reset, timed out, or known to be down.

    `cause` says which service and why. `trips_breaker` is set when the failure says the service
    is down as a whole (refused or timed out), so later requests to it fail at once instead of
    each waiting for its own timeout.
    """

    kind = Kind.UNREACHABLE

    def __init__(self, message: str, cause: Cause, trips_breaker: bool = False):
        super().__init__(message, cause.reason if trips_breaker else "expected an answer, got none")
        self.cause = cause
        self.trips_breaker = trips_breaker


class ContractViolation(SmokeFailure):
    """The service answered, but not what the contract promises."""


class RateLimited(ContractViolation):
    """The service answered 429: the run went over the API's rate limit."""

    def __init__(self, message: str, retry_after: float | None, expectation: str | None = None):
        super().__init__(message, expectation)
        self.retry_after = retry_after


class WritesRefused(SmokeFailure):
    """A write was about to go somewhere it must not: the scenario fails before the request."""


class KnownIssueFixed(AssertionError):
    """A scenario with a known issue passed, and the run was told to hold the known issues to account."""

    kind = Kind.CONFIGURATION  # the known-issues file needs the entry removed


class NotConfigured(Exception):
    """The scenario needs test data or credentials that this run was not given: it is skipped, never passed."""

    kind = Kind.CONFIGURATION

    def __init__(self, *variables: str, reason: str | None = None):
        super().__init__(reason or f"not configured: set {' or '.join(variables)}")
        self.variables = variables


class WritesNotAllowed(NotConfigured):
    """This run may not write: the scenario is skipped, with the reason."""

    def __init__(self, reason: str):
        super().__init__("SMOKE_ALLOW_WRITES", reason=reason)
