"""Generic expectations on a reply: status codes, JSON bodies and the fields inside them.

Messages show the values involved as JSON (`true`, not `True`), so they read the same as
the contract. Every failure message is one printable line (`text.printable`: what the
service sent cannot break the line, move the cursor or run on for pages), and carries its
`expectation` apart: what the suite expected and what it saw, without the service's body or
reason, which is all a known issue may match.
"""
from __future__ import annotations

import json
from typing import Any

from ..errors import ContractViolation
from ..http import Reply
from ..text import printable

MISSING = object()
# A failure is one line: room for the URL, the expectation and a short excerpt of the body.
MESSAGE_LIMIT = 1200
LOCATION_LIMIT = 200


def shown(value: Any) -> str:
    if value is MISSING:
        return "nothing (the field is missing)"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return printable(text, 80)


def fail(reply: Reply, expected: str, actual: str, detail: str = "") -> ContractViolation:
    """The failure of a check on `reply`: `detail` (a body excerpt, the service's reason) is shown, never matched."""
    expectation = printable(f"expected {expected}, got {actual}", MESSAGE_LIMIT)
    message = f"{reply.where}: {expectation}{f' ({detail})' if detail else ''}"
    return ContractViolation(printable(message, MESSAGE_LIMIT), expectation=expectation)


def status(reply: Reply, *allowed: int) -> None:
    if reply.status not in allowed:
        wanted = " or ".join(str(code) for code in allowed)
        raise fail(reply, f"status {wanted}", f"{reply.status}{_location(reply)}", f"body {reply.excerpt[:100]!r}")


def _location(reply: Reply) -> str:
    location = reply.headers.get("Location")
    return f" redirecting to {printable(location, LOCATION_LIMIT)}" if location else ""


def json_object(reply: Reply, *allowed_status: int) -> dict:
    """The reply's JSON object, after checking status (when given) and content type."""
    if allowed_status:
        status(reply, *allowed_status)
    data = reply.json()
    if not isinstance(data, dict):
        raise fail(reply, "a JSON object", shown(data))
    return data


def lookup(data: Any, path: str) -> Any:
    """The value at a dotted path, or MISSING."""
    for part in path.split("."):
        if not isinstance(data, dict) or part not in data:
            return MISSING
        data = data[part]
    return data


def keys_within(value: Any) -> set[str]:
    """Every member name at any depth of a JSON value: what a refusal must not disclose."""
    if isinstance(value, dict):
        return set(value).union(*(keys_within(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(keys_within(item) for item in value))
    return set()


def equals(reply: Reply, data: Any, path: str, expected: Any) -> None:
    actual = lookup(data, path)
    # `True == 1` in Python; the contract's `true` is a JSON boolean, so compare types too.
    if actual is MISSING or type(actual) is not type(expected) or actual != expected:
        raise fail(reply, f"`{path}` to be {shown(expected)}", shown(actual))


def one_of(reply: Reply, data: Any, path: str, expected: tuple) -> Any:
    actual = lookup(data, path)
    if actual is MISSING or actual not in expected:
        raise fail(reply, f"`{path}` to be one of {', '.join(shown(v) for v in expected)}", shown(actual))
    return actual


def present(reply: Reply, data: Any, path: str) -> Any:
    actual = lookup(data, path)
    if actual is MISSING or actual is None or actual == "":
        raise fail(reply, f"`{path}` to be present", shown(actual))
    return actual


def number(reply: Reply, data: Any, path: str) -> float:
    actual = lookup(data, path)
    if isinstance(actual, bool) or not isinstance(actual, (int, float)):
        raise fail(reply, f"`{path}` to be a number", shown(actual))
    return actual


def numbers(reply: Reply, data: Any, prefix: str, names: list[str]) -> dict[str, float]:
    return {name: number(reply, data, f"{prefix}{name}") for name in names}


def listing(reply: Reply, data: Any, path: str) -> list:
    actual = lookup(data, path)
    if not isinstance(actual, list):
        raise fail(reply, f"`{path}` to be a list", shown(actual))
    return actual
