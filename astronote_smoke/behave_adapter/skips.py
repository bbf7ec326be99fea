"""Small helpers the step library shares: turning missing configuration into a skipped scenario.

Kept free of behave imports; it only uses the `context` object behave passes in.
"""
from __future__ import annotations

from typing import Callable, TypeVar

from ..errors import NotConfigured

T = TypeVar("T")


def configured(context, make: Callable[..., T], *args) -> T | None:
    """Calls `make`; when the run lacks the data it needs, skips the scenario naming the variable."""
    try:
        return make(*args)
    except NotConfigured as missing:
        context.scenario.skip(str(missing))
        # require_all names variables that are all needed as one "A and B"; the record lists each.
        context.missing_variables = tuple(name for group in missing.variables for name in group.split(" and "))
        return None
