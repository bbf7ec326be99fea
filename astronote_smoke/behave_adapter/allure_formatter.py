"""`SmokeAllureFormatter`: allure-behave's formatter, plus what the release report needs from it.

Use it in place of `allure_behave.formatter:AllureFormatter`. Differences, all measured
with allure-behave 2.16.2 and behave 1.3.3:

- Labels and the matrix link are set when a scenario starts (see `labels.py`).
  `allure.dynamic.label()` and `allure.dynamic.title()` cannot do this: allure-behave's
  listener implements no `add_label`/`add_title` hook, so those calls are silently dropped
  (allure-python issue #776).
- A scenario whose `before_scenario` (or `before_tag`) hook raised is reported by
  allure-behave as *skipped with no message*: behave leaves its steps `untested`, and
  allure-behave derives the status from the steps alone. One whose `after_scenario` hook
  raised is reported *passed*. Here both become broken (failed for an AssertionError,
  allure-behave's own rule for steps) with behave's `HOOK-ERROR in <hook>: ...` message.
- A scenario skipped with a reason (`scenario.skip("not configured: set X")`) keeps that
  reason as its message; allure-behave writes none.
- Every failed or broken result has a `failureKind` label: the `errors.Kind` label of the
  exception it ended with, which the report's categories are made of.
- A scenario with a known issue carries its verdict (see `behave_adapter/known_reds.py`): a known red is
  failed with Allure's `known` flag, though behave counts it skipped.
"""
from __future__ import annotations

import os
import sys
import sysconfig
from pathlib import Path

import allure_commons
from allure_behave.formatter import AllureFormatter
from allure_behave.listener import AllureListener
from allure_commons.model2 import Label, Link, Status, StatusDetails
from allure_commons.utils import format_exception, format_traceback

from .known_reds import mark_result, shown_as_failed
from ..errors import Kind, kind_of
from ..report.categories import KIND_LABEL
from ..report.labels import case_id, scenario_labels
from .features import category_of
from .records import scenario_exception
from .result_writes import GuardedFileLogger

SUITE_FAILURE_PREFIX = "astronote_smoke.errors."
# The behave configuration's attribute that holds the run's `Settings`, once before_all has read them.
RUN_SETTINGS = "smoke_settings"
# Longest first: the virtual environment usually lies inside the project folder.
MACHINE_FOLDERS = sorted({(sysconfig.get_paths()["purelib"] + os.sep, "<site-packages>/"),
                          (sys.prefix + os.sep, "<python>/"),
                          (str(Path(__file__).resolve().parents[2]) + os.sep, "")}, key=lambda pair: -len(pair[0]))


class SmokeAllureListener(AllureListener):
    """allure-behave's listener, labelling scenarios and reporting hook errors and skip reasons."""

    def __init__(self, behave_config):
        super().__init__(behave_config)
        self._closing = None  # (result uuid, scenario) while allure-behave writes a scenario's result

    def start_scenario(self, scenario):
        super().start_scenario(scenario)
        tags = list(scenario.effective_tags)
        settings = getattr(self.behave_config, RUN_SETTINGS, None)
        label_result(self.logger.get_test(self.current_scenario_uuid), tags,
                     category_of(case_id(tags), scenario.feature.name), settings.matrix_url if settings else None)

    def stop_scenario(self, scenario):
        # allure-behave computes the status and writes the result in one go; the report_result
        # hook below sees the result between the two.
        self._closing = (self.current_scenario_uuid, scenario)
        try:
            with shown_as_failed(scenario):
                super().stop_scenario(scenario)
        finally:
            self._closing = None

    @allure_commons.hookimpl(tryfirst=True)
    def report_result(self, result):
        """Runs before allure's file logger writes `result` (tryfirst), so changes here are kept."""
        if self._closing and self._closing[0] == result.uuid:
            correct_status(result, self._closing[1])
            label_kind(result, self._closing[1])
            mark_result(result, self._closing[1])
            plain_messages(result)


class SmokeAllureFormatter(AllureFormatter):
    """behave formatter: `-f astronote_smoke.behave_adapter.allure_formatter:SmokeAllureFormatter -o reports/allure-results`."""

    def __init__(self, stream_opener, config):
        super().__init__(stream_opener, config)
        allure_commons.plugin_manager.unregister(self.listener)
        self.listener = SmokeAllureListener(config)
        allure_commons.plugin_manager.register(self.listener)
        # A full disk makes the run a suite error at its end (result_writes), not a traceback mid-run.
        allure_commons.plugin_manager.unregister(self.file_logger)
        self.file_logger = GuardedFileLogger(self.stream_opener.name)
        allure_commons.plugin_manager.register(self.file_logger)


def label_result(result, tags, category: str, matrix_url: str | None = None) -> None:
    """Replace allure-behave's labels of the same names (its `feature` is the file's name) with ours."""
    labels, links = scenario_labels(list(tags), category, matrix_url)
    ours = {name for name, _ in labels}
    result.labels = [label for label in result.labels if label.name not in ours]
    result.labels += [Label(name=name, value=value) for name, value in labels]
    result.links += [Link(type=kind, url=url, name=name) for kind, name, url in links]


def label_kind(result, scenario) -> None:
    """`failureKind`: the category of a failed or broken result, from the kind of the exception it ended with.

    A scenario skipped with a reason was skipped by the suite for missing configuration (known
    reds are shown failed): its kind is configuration.
    """
    if result.status in (Status.FAILED, Status.BROKEN):
        kind = kind_of(scenario_exception(scenario))
    elif result.status == Status.SKIPPED and scenario.skip_reason:
        kind = Kind.CONFIGURATION
    else:
        return
    result.labels.append(Label(name=KIND_LABEL, value=kind.label))


def plain_messages(item) -> None:
    """A check's failure reads as its one-line message; a suite error keeps a trace without machine paths.

    `astronote_smoke.errors.ContractViolation: ` in front of "Shopify API GET …: expected …", and a
    trace through behave's internals, tell a product manager nothing; a bug in the suite's own code
    still needs its trace, but a report that leaves the building names no folder of this machine.
    """
    details = item.statusDetails
    if details and details.message and details.message.startswith(SUITE_FAILURE_PREFIX):
        details.message = details.message.split(": ", 1)[-1]
        details.trace = None
    elif details and details.trace:
        for folder, shown in MACHINE_FOLDERS:
            details.trace = details.trace.replace(folder, shown)
    for step in item.steps:
        plain_messages(step)


def correct_status(result, scenario) -> None:
    """Give hook errors and skip reasons the status and message allure-behave leaves out."""
    steps_went_wrong = result.status in (Status.FAILED, Status.BROKEN)
    if scenario.hook_failed and not steps_went_wrong:
        error = scenario.exception
        result.status = Status.FAILED if isinstance(error, AssertionError) else Status.BROKEN
        result.statusDetails = StatusDetails(
            message=scenario.error_message or format_exception(type(error), error),
            trace=format_traceback(scenario.exc_traceback))
    elif result.status == Status.SKIPPED and not result.statusDetails and scenario.skip_reason:
        result.statusDetails = StatusDetails(message=scenario.skip_reason)


def allure_results_dir(behave_config) -> Path | None:
    """Where this behave run's Allure formatter writes (its `-o`), or None if no Allure formatter runs."""
    formats = list(getattr(behave_config, "format", None) or [])
    outputs = list(getattr(behave_config, "outputs", None) or [])
    for name, output in zip(formats, outputs):
        if "allure" in name.lower() and getattr(output, "name", None):
            return Path(output.name)
    return None
