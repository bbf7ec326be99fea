"""What the suite tells the person running it, on standard error, with secrets masked.

`closing_lines(decision)` are the run's last lines: the verdict, each failure with its severity
and one-line reason (failures with one cause, a service that could not be reached, as one line),
what was not checked, the known issues, the release (every service's build), the target and the run id.
"""
from __future__ import annotations

import sys

from .errors import Kind
from .masking import Masker
from .outcome import Outcome
from .verdict import Decision

LINE_CHARS = 160
CUT_NOTE = " […cut]"


class Console:
    def __init__(self, masker: Masker, stream=None):
        self.masker = masker
        self.stream = stream or sys.stderr

    def say(self, text: str) -> None:
        self.stream.write(self.masker.mask(text) + "\n")
        self.stream.flush()


def closing_lines(decision: Decision) -> list[str]:
    run = decision.run
    lines = [decision.headline()]
    for title, outcomes in (("Failures", decision.failures), ("Not checked", decision.missing),
                            ("Warnings (normal checks, the release may go)", decision.warnings)):
        if outcomes:
            lines.append(f"{title}:")
            lines += [f"  {line}" for line in _grouped(outcomes)]
    if decision.not_run:
        lines.append(f"Not run: {decision.not_run} of the {run.selected} selected checks have no outcome")
    if decision.known:
        lines.append("Known issues (excused): " + ", ".join(
            f"{outcome.case} ({outcome.known.ticket})" if outcome.known else outcome.case for outcome in decision.known))
    # One line a service: a line of them all would be cut before the last.
    lines += [f"Release: {service} {build}" for service, build in run.release.items()] or ["Release: not reported"]
    target = ", ".join(f"{name}={url}" for name, url in run.target.items()) or "local reference stack"
    # A release problem says what every result above is worth, and its build names were cut where they were
    # read: it is shown whole.
    problems = [f"Release problem: {problem}" for problem in run.release_problems]
    return [shorten(line) for line in lines] + problems + [shorten(f"Target: {target}"), f"Run id: {run.run_id}"]


def shorten(line: str, limit: int = LINE_CHARS) -> str:
    """The line cut at a word boundary within `limit` characters, saying that it was cut."""
    if len(line) <= limit:
        return line
    room = limit - len(CUT_NOTE)
    cut = line.rfind(" ", 0, room + 1)
    return line[:cut if cut > room // 2 else room].rstrip() + CUT_NOTE


def _grouped(outcomes: tuple[Outcome, ...]) -> list[str]:
    """One line per failure; the checks a service's absence stopped, as one line under that service."""
    by_service: dict[str, list[Outcome]] = {}
    lines = []
    for outcome in outcomes:
        if outcome.kind == Kind.UNREACHABLE.value and outcome.services:
            by_service.setdefault(outcome.services[0], []).append(outcome)
        else:
            lines.append(_line(outcome))
    for service, group in by_service.items():
        if len(group) == 1:
            lines.append(_line(group[0]))
            continue
        cases = ", ".join(outcome.case for outcome in group)
        # The message names service, method and URL first; the cause is what follows them.
        cause = group[0].message.split(": ", 1)[-1]
        lines.append(f"{service}: {cause}: {len(group)} checks could not run ({cases})")
    return lines


def _line(outcome: Outcome) -> str:
    reason = outcome.message or "no reason recorded"
    if outcome.missing:
        reason = f"set {' and '.join(outcome.missing)}"
    return f"{outcome.case} {outcome.severity}: {reason}"
