"""The one grouping of failures by their cause, for every output that lists them.

Checks that failed because one service did not answer for one reason share a cause
(`Outcome.cause`, taken from the exception, never from the message). The console, `summary.md`,
`summary.json` and the report's first screen all list such checks once, under the cause that
`by_cause` names, so that no two outputs of one run disagree on which checks a cause stopped.
"""
from __future__ import annotations

from dataclasses import dataclass

from .outcome import Outcome, matrix_order

GROUPED_FROM = 2  # this many failures with one cause are listed under it


@dataclass(frozen=True)
class CauseGroup:
    cause: str              # "Retail API unreachable: timed out after 10 s (first seen in D3)"
    cases: tuple[str, ...]  # in the smoke matrix's order


def by_cause(outcomes) -> list[CauseGroup]:
    """The causes that `GROUPED_FROM` or more of `outcomes` share, in the smoke matrix's order of their first checks."""
    members: dict[tuple[str, str], list[Outcome]] = {}
    for outcome in sorted(outcomes, key=matrix_order):
        if outcome.cause is not None:
            members.setdefault(outcome.cause.key, []).append(outcome)
    return [CauseGroup(_named(group), tuple(outcome.case for outcome in group))
            for group in members.values() if len(group) >= GROUPED_FROM]


def _named(group: list[Outcome]) -> str:
    # The check that met the cause first has no `first_seen`; the checks after it name it.
    seen = next((outcome.cause for outcome in group if outcome.cause.first_seen), group[0].cause)
    return seen.describe()
