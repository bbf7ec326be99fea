"""Waiting out a 429 for the calls that must finish: cleanup and the sweep.

A scenario that meets a 429 fails with "rate limited"; what removes campaigns must not give up so
easily, because the real API counts every `/campaigns/*` call in a fixed 60 s window and a sweep
right after a run can meet the end of one. `retrying` calls again after each 429, at most RETRIES
times and WAIT_BUDGET_S seconds of waiting in all: after the Retry-After the service gave
(RFC 9110 delta-seconds or HTTP-date, read and bounded by `http.retry_after_seconds`), or, when
it gave none or one that is neither form, after the next step of BACKOFF_S. Past the bound the
last 429 is raised, for the caller to say what is left.
"""
from __future__ import annotations

import time
from typing import Callable, TypeVar

from .errors import RateLimited

RETRIES = 3
# Without a usable Retry-After the service has not said how long its window is: short steps, and
# the sweep can be run again, rather than a long guess that holds the run.
BACKOFF_S = (1.0, 2.0, 4.0)
# A whole fixed window of the real API (60 s) and a margin: a Retry-After that counts down to its end fits.
WAIT_BUDGET_S = 75.0

Result = TypeVar("Result")


def retrying(call: Callable[[], Result], sleep: Callable[[float], None] | None = None) -> Result:
    """`call()`, called again after each 429 within the bound; the last 429 once the bound is reached."""
    sleep = sleep or time.sleep
    waited = 0.0
    for attempt in range(RETRIES + 1):
        try:
            return call()
        except RateLimited as error:
            wait = BACKOFF_S[min(attempt, len(BACKOFF_S) - 1)] if error.retry_after is None else error.retry_after
            if attempt == RETRIES or waited + wait > WAIT_BUDGET_S:
                raise
            sleep(wait)
            waited += wait
    raise AssertionError("unreachable: the loop returns or raises")


def bound() -> str:
    """The bound in words, for what a cleanup or sweep says when it was reached."""
    steps = ", ".join(f"{seconds:g}" for seconds in BACKOFF_S)
    return f"{RETRIES} retries (each after its Retry-After, or {steps} s without a usable one)"
