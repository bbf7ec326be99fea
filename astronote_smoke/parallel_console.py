"""The console of a parallel run: each worker's output caught per unit, printed per feature.

A worker's standard output and error both go to one file of its own, so that the formatter's
lines, the suite's notes and behave's warnings stay in the order they were written. After
each unit the worker cuts the file into the feature's heading and the scenario's lines; the
parent prints each feature once all its scenarios are back, heading once, scenarios in file
order, features in file order, so that nothing from two workers interleaves.
"""
from __future__ import annotations

import os
import sys
from typing import TextIO

from behave.formatter.base import Formatter, StreamOpener

from .parallel_outcome import UnitText
from .parallel_units import Unit


class UnitCapture:
    """Standard output and error of this (worker) process, collected one unit at a time."""

    def __init__(self, path: str):
        _flush()
        # O_APPEND: both descriptors write at the end, and the end moves back when the file is emptied.
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND, 0o600)
        os.dup2(self.fd, 1)
        os.dup2(self.fd, 2)
        # Line by line: a note on standard error must not overtake the formatter's line before it.
        sys.stdout.reconfigure(line_buffering=True)
        self.heading_end: int | None = None
        self.marker = HeadingMarker(self)

    def begin(self) -> None:
        _flush()
        os.ftruncate(self.fd, 0)
        self.heading_end = None

    def mark_heading_end(self) -> None:
        if self.heading_end is None:
            self.heading_end = self._size()

    def end(self) -> UnitText:
        size = self._size()
        text = os.pread(self.fd, size, 0).decode("utf-8", errors="replace")
        cut = len(os.pread(self.fd, self.heading_end, 0).decode("utf-8", errors="replace")) \
            if self.heading_end is not None else 0
        return UnitText(header=text[:cut], body=text[cut:])

    def _size(self) -> int:
        _flush()
        return os.fstat(self.fd).st_size


class HeadingMarker(Formatter):
    """First in the worker's formatters: notes where the feature's heading ends and the scenario begins."""

    name = "parallel-heading-marker"

    def __init__(self, capture: UnitCapture):
        super().__init__(StreamOpener(stream=sys.stdout), None)
        self.capture = capture

    def scenario(self, scenario) -> None:
        self.capture.mark_heading_end()

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
        texts = [self.texts[unit.number] for unit in self.units_of[feature_number] if unit.number in self.texts]
        header = next((text.header for text in texts if text.header), "")
        bodies = [text.body.rstrip("\n") for text in texts if text.body.strip()]
        if not header and not bodies:
            return
        self.stream.write(header + "\n".join(bodies) + "\n\n")
        self.stream.flush()


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
