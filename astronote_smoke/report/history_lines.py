"""The shape a line of `history.jsonl` must have to be read back: every field checked, nothing else kept.

CI restores the history from a cache that another job wrote, so a line is data from outside:
`valid_line` returns the line's known fields when each has its type and shape, else None, and
the caller ignores the line with a warning. What is kept is what `history.entry` writes: digests,
ids, times, statuses, build digests, verdict and mode words, and measured numbers.
"""
from __future__ import annotations

import math
import re

from ..expectation import SERVICE_KEYS
from ..outcome import RELEASE, STATUSES, WATCH
from ..verdict import GO, INCOMPLETE, NO_GO

CASE = re.compile(r"^[A-Z][0-9]{1,3}$")
RUN_ID = re.compile(r"^[\w.:-]{1,80}$")
TIME = re.compile(r"^[0-9T:.+Z-]{0,40}$")
DIGEST = re.compile(r"^[0-9a-f]{16}$")
BUILD_DIGEST = re.compile(r"^[0-9a-f]{12}$")
MEASURED = re.compile(r"^[A-Za-z][A-Za-z ]{0,39}$")
VERDICTS = (GO, NO_GO, INCOMPLETE)
MODES = (RELEASE, WATCH)
MAX_MS = 10_000_000.0


def valid_line(item) -> dict | None:
    """The line's fields when every one is well formed (the newer ones may be absent), else None."""
    if not isinstance(item, dict):
        return None
    required = (_string(item.get("key"), DIGEST) and _string(item.get("run"), RUN_ID)
                and _string(item.get("finished"), TIME) and _string(item.get("release"), DIGEST)
                and _checks(item.get("checks")))
    optional = (item.get("verdict", GO) in VERDICTS and item.get("mode", RELEASE) in MODES
                and _numbers(item.get("latency", {})) and _builds(item.get("fingerprints", {})))
    if not (required and optional):
        return None
    kept = {name: item[name] for name in ("key", "run", "finished", "release", "checks")}
    kept.update({name: item[name] for name in ("verdict", "mode", "latency", "fingerprints") if name in item})
    return kept


def _string(value, shape: re.Pattern) -> bool:
    return isinstance(value, str) and bool(shape.match(value))


def _checks(value) -> bool:
    return isinstance(value, dict) and len(value) <= 1000 and all(
        _string(case, CASE) and status in STATUSES for case, status in value.items())


def _builds(value) -> bool:
    """Each service's build digest (`fingerprint`), by service key."""
    return isinstance(value, dict) and all(
        service in SERVICE_KEYS and _string(build, BUILD_DIGEST) for service, build in value.items())


def _numbers(value) -> bool:
    return isinstance(value, dict) and len(value) <= 10 and all(
        _string(name, MEASURED) and type(number) in (int, float) and math.isfinite(number) and 0 <= number <= MAX_MS
        for name, number in value.items())
