"""What the suite tells the person running it, on standard error, with secrets masked.

`closing_lines(decision)` are the run's last lines: the verdict, each failure with its severity
and one-line reason (failures with one cause, a service that could not be reached, as one line,
grouped by `causes.by_cause` as every output groups them), what was not checked, the known
issues, the release (every service's build), the target and the run id.
"""
from __future__ import annotations

import sys

from .causes import CauseGroup, by_cause
from .masking import Masker
from .outcome import Outcome
from .verdict import Decision

LINE_CHARS = 160
CAUSE_CHARS = 100
CUT_NOTE = " […cut]"


class Console:
    def __init__(self, masker: Masker, stream=None):
        self.masker = masker
        self.stream = stream or sys.stderr

    def say(self, text: str) -> None:
        self.stream.write(self.masker.mask(text) + "\n")
        self.stream.flush()


def closing_lines(decision: Decision) -> list[str]:
    """The run's last lines, each within LINE_CHARS but a cause's list of checks, which is never cut."""
    run = decision.run
    lines = [shorten(decision.headline())]
    groups = by_cause(decision.failures + decision.missing + decision.warnings)
    for title, outcomes in (("Failures", decision.failures), ("Not checked", decision.missing),
                            ("Warnings (normal checks, the release may go)", decision.warnings)):
        if outcomes:
            lines.append(f"{title}:")
            lines += _grouped(outcomes, groups)
    if decision.not_run:
        lines.append(f"Not run: {decision.not_run} of the {run.selected} selected checks have no outcome")
    if decision.known:
        lines.append(shorten("Known issues (excused): " + ", ".join(
            f"{outcome.case} ({outcome.known.ticket})" if outcome.known else outcome.case for outcome in decision.known)))
    # One line a service: a line of them all would be cut before the last.
    lines += [shorten(f"Release: {service} {build}") for service, build in run.release.items()] or ["Release: not reported"]
    # A release problem says what every result above is worth, and its build names were cut where they were
    # read: it is shown whole.
    lines += [f"Release problem: {problem}" for problem in run.release_problems]
    target = ", ".join(f"{name}={url}" for name, url in run.target.items()) or "local reference stack"
    lines.append(shorten(f"Target: {target}"))
    lines.append(shorten(f"Run id: {run.run_id}"))
    return lines


def shorten(line: str, limit: int = LINE_CHARS) -> str:
    """The line cut at a word boundary within `limit` characters, saying that it was cut."""
    if len(line) <= limit:
        return line
    room = limit - len(CUT_NOTE)
    cut = line.rfind(" ", 0, room + 1)
    return line[:cut if cut > room // 2 else room].rstrip() + CUT_NOTE


def _grouped(outcomes: tuple[Outcome, ...], groups: list[CauseGroup]) -> list[str]:
    """One line per failure; the checks that share a cause as one line under it, in the section of its first check."""
    here = {outcome.case for outcome in outcomes}
    grouped = {case for group in groups for case in group.cases}
    lines = [f"  {shorten(group.cause, CAUSE_CHARS)}: {len(group.cases)} checks could not run "
             f"({', '.join(group.cases)})" for group in groups if group.cases[0] in here]
    return lines + [shorten(f"  {_line(outcome)}") for outcome in outcomes if outcome.case not in grouped]


def _line(outcome: Outcome) -> str:
    reason = outcome.message or "no reason recorded"
    if outcome.missing:
        reason = f"set {' and '.join(outcome.missing)}"
    return f"{outcome.case} {outcome.severity}: {reason}"
