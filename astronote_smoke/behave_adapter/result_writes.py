"""The run's result files (Allure results and attachments, JUnit XML) that could not be written.

A full disk or a read-only folder must neither end a run with a traceback nor skip its cleanups
and its sweep: a write that fails is noted (the first, naming its folder), the run goes on, and
`hooks.after_all` ends it as the suite error it is, as it does when `outcomes.json` cannot be
written. A parallel run's workers write results too: each hands the failure it noted to the
parent with its unit's outcome.
"""
from __future__ import annotations

from pathlib import Path

import allure_commons
from allure_commons.logger import AllureFileLogger

from ..errors import SuiteError

_noted: list[str] = []


def note_failed_write(folder: Path | str, error: OSError) -> None:
    note(f"could not write {folder}: {error.strerror or error.__class__.__name__}")


def note(failure: str) -> None:
    """Keep `failure` unless one is kept already: the first says where the run's results stopped."""
    if failure and not _noted:
        _noted.append(failure)


def failed_write() -> str:
    """The first result write that failed in this process, or ""."""
    return _noted[0] if _noted else ""


def check_result_writes() -> None:
    """Raise the suite error of a result write that failed: the run's results are incomplete."""
    if _noted:
        raise SuiteError(f"suite error: {_noted[0]}")


class GuardedFileLogger(AllureFileLogger):
    """allure-commons' file logger, noting a write it cannot do instead of raising it into behave."""

    def __init__(self, report_dir):
        super().__init__(report_dir)
        self.folder = Path(report_dir).absolute()

    @allure_commons.hookimpl
    def report_result(self, result):
        self._guarded(super().report_result, result)

    @allure_commons.hookimpl
    def report_container(self, container):
        self._guarded(super().report_container, container)

    @allure_commons.hookimpl
    def report_attached_file(self, source, file_name):
        self._guarded(super().report_attached_file, source, file_name)

    @allure_commons.hookimpl
    def report_attached_data(self, body, file_name):
        self._guarded(super().report_attached_data, body, file_name)

    @allure_commons.hookimpl
    def report_globals(self, globals_item):
        self._guarded(super().report_globals, globals_item)

    def _guarded(self, write, *args) -> None:
        try:
            write(*args)
        except OSError as error:
            note_failed_write(self.folder, error)
            # A half-written file would read as a result: allure-commons writes each to a .tmp first.
            for partial in self.folder.glob("*.tmp"):
                partial.unlink(missing_ok=True)
