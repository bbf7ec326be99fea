"""The suite's failure types: "could not reach it" apart from "it answered wrong".

Both are assertion errors, so a scenario that meets one is a failed check, not a suite
error; their messages are one readable line naming service, method, URL, expected and actual.
"""


class SmokeFailure(AssertionError):
    """A promise of the contract does not hold."""


class ServiceUnreachable(SmokeFailure):
    """The service did not answer: refused, reset, timed out, or known to be down.

    `reason` is set when the failure says the service is down as a whole (refused or timed
    out), so later requests to it fail at once instead of each waiting for its own timeout.
    """

    def __init__(self, message: str, reason: str | None = None):
        super().__init__(message)
        self.reason = reason

    @property
    def trips_breaker(self) -> bool:
        return self.reason is not None


class ContractViolation(SmokeFailure):
    """The service answered, but not what the contract promises."""


class RateLimited(ContractViolation):
    """The service answered 429: the run went over the API's rate limit."""

    def __init__(self, message: str, retry_after: float | None):
        super().__init__(message)
        self.retry_after = retry_after


class NotConfigured(Exception):
    """The scenario needs test data or credentials that this run was not given: it is skipped, never passed."""

    def __init__(self, *variables: str):
        super().__init__(f"not configured: set {' or '.join(variables)}")
        self.variables = variables
