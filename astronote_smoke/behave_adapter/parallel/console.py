"""The console of a parallel run: each worker's output caught per unit, printed per feature.

A worker's standard output and error both go to one file of its own, so that the formatter's
lines, the suite's notes and behave's warnings stay in the order they were written. After
each unit the worker cuts the file into the feature's heading and the scenario's lines; the
parent prints each feature once all its scenarios are back, heading once, scenarios in file
order, features in file order, so that nothing from two workers interleaves.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TextIO

from behave.formatter.base import Formatter, StreamOpener

from .unit_results import UnitText
from .units import Unit


class UnitCapture:
    """Standard output and error of this (worker) process, collected one unit at a time.

    Where the feature's heading and the rule's heading end is noted in a small file next to
    the output, so that the parent can still cut the output of a worker that died mid-unit.
    """

    def __init__(self, path: str):
        _flush()
        # O_APPEND: both descriptors write at the end, and the end moves back when the file is emptied.
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
        os.dup2(self.fd, 1)
        os.dup2(self.fd, 2)
        # Line by line: a note on standard error must not overtake the formatter's line before it.
        if hasattr(sys.stdout, "reconfigure"):
            sys.stdout.reconfigure(line_buffering=True)
        self.marks_path = Path(marks_path(path))
        self.marks: dict[str, int] = {}
        self.marker = HeadingMarker(self)

    def begin(self) -> None:
        _flush()
        os.ftruncate(self.fd, 0)
        self.marks = {}
        self.marks_path.write_text("{}")

    def mark(self, heading: str) -> None:
        """The output so far is the heading of the feature (or of the rule): note where it ends."""
        if heading not in self.marks:
            _flush()
            self.marks[heading] = os.fstat(self.fd).st_size
            self.marks_path.write_text(json.dumps(self.marks))

    def end(self) -> UnitText:
        _flush()
        return unit_text(os.pread(self.fd, os.fstat(self.fd).st_size, 0), self.marks)


def marks_path(output_path: str | Path) -> str:
    return f"{output_path}.marks"


def unit_text(output: bytes, marks: dict[str, int]) -> UnitText:
    """Cut a unit's output into the feature's heading, the rule's heading and the scenario's lines.

    A unit whose scenario was not shown (the selection left it out) printed at most the
    feature's heading and then the end of the feature, which is kept apart as `ending`.
    """
    def text(data: bytes) -> str:
        return data.decode("utf-8", errors="replace")

    if "feature" not in marks:
        end = marks.get("end", len(output))
        return UnitText(text(output[:end]), "", "", ending=text(output[end:]))
    rule_end = marks.get("rule", marks["feature"])
    return UnitText(text(output[:marks["feature"]]), text(output[marks["feature"]:rule_end]), text(output[rule_end:]))


class HeadingMarker(Formatter):
    """First in the worker's formatters: notes where the headings end and the scenario begins."""

    name = "parallel-heading-marker"

    def __init__(self, capture: UnitCapture):
        super().__init__(StreamOpener(stream=sys.stdout), None)
        self.capture = capture

    def rule(self, rule) -> None:
        self.capture.mark("feature")

    def scenario(self, scenario) -> None:
        self.capture.mark("feature")
        self.capture.mark("rule")

    def eof(self) -> None:
        self.capture.mark("end")

    def close(self) -> None:
        pass


class FeatureBlocks:
    """Prints the units' output feature by feature, in file order, as soon as a feature is complete."""

    def __init__(self, units: list[Unit], stream: TextIO | None = None):
        self.stream = stream or sys.stdout
        self.units_of: dict[int, list[Unit]] = {}
        for unit in units:
            self.units_of.setdefault(unit.feature_number, []).append(unit)
        self.texts: dict[int, UnitText] = {}
        self.features = sorted(self.units_of)
        self.printed = 0

    def add(self, unit: Unit, text: UnitText) -> None:
        self.texts[unit.number] = text
        while self.printed < len(self.features) and self._complete(self.features[self.printed]):
            self._print(self.features[self.printed])
            self.printed += 1

    def finish(self) -> None:
        """Print what is left: features some of whose scenarios never came back (an interrupted run)."""
        for feature_number in self.features[self.printed:]:
            self._print(feature_number)
        self.printed = len(self.features)

    def _complete(self, feature_number: int) -> bool:
        return all(unit.number in self.texts for unit in self.units_of[feature_number])

    def _print(self, feature_number: int) -> None:
        """As behave prints a feature: its heading, each rule's heading once, the scenarios in file order.

        Each unit ended its feature, and pretty and plain end a feature that showed a scenario
        with one empty line: that line is taken from each unit's lines and written once, after
        the last.
        """
        units = [unit for unit in self.units_of[feature_number] if unit.number in self.texts]
        parts = [next((self.texts[unit.number].header for unit in units if self.texts[unit.number].header), "")]
        rules_shown = set()
        for unit in units:
            text = self.texts[unit.number]
            if unit.rule is not None and id(unit.rule) not in rules_shown and text.rule_header:
                parts.append(text.rule_header)
                rules_shown.add(id(unit.rule))
            parts.append(text.body.removesuffix("\n"))
        shown = any(self.texts[unit.number].body for unit in units)
        parts.append("\n" if shown else next((self.texts[unit.number].ending for unit in units), ""))
        block = "".join(parts)
        if block.strip():
            self.stream.write(block)
            self.stream.flush()


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
