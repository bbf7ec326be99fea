"""The run's JUnit XML, written from plain records by `report.junit_xml` in place of behave's JUnit reporter.

`case_of(scenario)` takes what a JUnit file shows of a finished scenario, in the process that ran
it; `suite_of` puts a feature's cases together. `RecordsJUnitReporter` replaces behave's reporter
(with --junit) in every run: a sequential run hands it each feature as behave finishes it; a
parallel run's parent hands it each feature's cases as its workers sent them (`write`). Both
write through the one writer, so the two runs' files cannot differ. The known-issue verdicts
and failure kinds come from the run's `OutcomeLog`.
"""
from __future__ import annotations

import traceback

from behave.model import Scenario, ScenarioOutline
from behave.model_describe import ModelDescriptor
from behave.model_type import Status
from behave.reporter.junit import JUnitReporter
from behave.textutil import text as _text

from ..report.junit_xml import ERROR, FAILURE, JUnitCase, JUnitOptions, JUnitStep, JUnitSuite, Problem, write_suite
from .records import OutcomeLog
from .result_writes import note_failed_write

ERROR_STATUSES = (Status.error, Status.hook_error, Status.pending, Status.undefined)
LOST_TYPE = "WorkerLost"  # the error of a scenario whose worker ended before reporting it


def case_of(scenario: Scenario) -> JUnitCase:
    """What JUnit shows of `scenario`, once it ended."""
    steps = tuple(_step_of(step) for step in scenario.all_steps)
    problem = None
    if scenario.status.is_error():
        problem = _problem(ERROR, scenario, ERROR_STATUSES)
    elif scenario.status.is_failure():
        problem = _problem(FAILURE, scenario, (Status.failed,))
    undefined = next((step.name.strip() for step in scenario.all_steps
                      if step.status in (Status.pending, Status.undefined)), "")
    return JUnitCase(name=scenario.name or "", keyword=scenario.keyword, tags=tuple(str(tag) for tag in scenario.tags),
                     status=scenario.status.name, steps=steps, problem=problem, undefined=undefined,
                     stdout=_text(scenario.captured.stdout) if scenario.captured.stdout else "",
                     stderr=_text(scenario.captured.stderr) if scenario.captured.stderr else "")


def suite_of(feature, cases: list[JUnitCase], status: Status, filename: str) -> JUnitSuite:
    """The feature's suite: `cases` are its scenarios' in `walk_scenarios` order, `status` the feature's."""
    outside_rules = {id(scenario) for item in feature.scenarios for scenario in _scenarios_of(item)}
    duration = sum((case.duration for scenario, case in zip(feature.walk_scenarios(), cases)
                    if id(scenario) in outside_rules), 0.0)
    return JUnitSuite(filename=filename, name=feature.name, skipped=status == Status.skipped, duration=duration,
                      cases=tuple(cases))


class RecordsJUnitReporter(JUnitReporter):
    """Installed in place of behave's JUnit reporter by `use_records_junit`; writes `TESTS-<feature>.xml`.

    It keeps behave's options (`behave.reporter.junit.*` userdata, --show-skipped) and its naming
    of a feature's file (`make_feature_filename`); the writing is `report.junit_xml`'s.
    """

    def __init__(self, config, log: OutcomeLog | None):
        super().__init__(config)
        self.log = log
        self.options = JUnitOptions(
            show_skipped=self.show_skipped, show_timings=self.show_timings, show_multiline=self.show_multiline,
            show_scenarios=self.show_scenarios, show_tags=self.show_tags, show_timestamp=self.show_timestamp,
            show_hostname=self.show_hostname)

    def feature(self, feature):
        """A sequential run: behave has just run `feature` in this process."""
        cases = [case_of(scenario) for scenario in feature.walk_scenarios()]
        self.write(suite_of(feature, cases, feature.status, self.make_feature_filename(feature)))

    def write(self, suite: JUnitSuite) -> None:
        outcomes = self.log.by_name() if self.log is not None else {}
        try:
            write_suite(self.config.junit_directory, suite, outcomes, self.options)
        except OSError as error:
            # A full disk: the run ends as a suite error naming the folder, once its cleanups ran.
            note_failed_write(self.config.junit_directory, error)


def use_records_junit(config, log: OutcomeLog | None) -> None:
    """Replace behave's JUnit reporter (present with --junit) by this one, before the first feature."""
    for index, reporter in enumerate(config.reporters):
        if isinstance(reporter, RecordsJUnitReporter):
            reporter.log = log if log is not None else reporter.log
        elif isinstance(reporter, JUnitReporter):
            config.reporters[index] = RecordsJUnitReporter(config, log)


def _step_of(step) -> JUnitStep:
    multiline = ""
    if step.text:
        multiline = ModelDescriptor.describe_docstring(step.text, "  ")
    elif step.table:
        multiline = ModelDescriptor.describe_table(step.table, "  ")
    return JUnitStep(keyword=step.keyword, name=step.name, status=step.status.name, duration=step.duration,
                     location=str(step.location), multiline=multiline,
                     error=None if step.exception is None else str(step.exception))


def _problem(element: str, scenario: Scenario, statuses) -> Problem:
    steps = list(scenario.all_steps)
    position = next((n for n, step in enumerate(steps) if step.status in statuses), None)
    if position is not None:
        step = steps[position]
        return Problem(element, type(step.exception).__name__, _text(step.exception).strip(),
                       _text(step.error_message), position)
    # A hook failed before any step ran.
    return Problem(element, type(scenario.exception).__name__ if scenario.exception else "UnknownError",
                   (scenario.error_message or "").strip(),
                   "".join(["Traceback:\n", *traceback.format_tb(scenario.exc_traceback)]))


def _scenarios_of(item) -> list:
    return list(item.scenarios) if isinstance(item, ScenarioOutline) else [item]


def lost_case(scenario: Scenario, message: str) -> JUnitCase:
    """A scenario whose worker ended before reporting it: an error, none of its steps run."""
    return not_run_case(scenario, Status.error, Problem(ERROR, LOST_TYPE, message, "Traceback:\n"))


def not_run_case(scenario: Scenario, status: Status = Status.untested, problem: Problem | None = None) -> JUnitCase:
    """A scenario none of whose steps ran (an interrupted run never handed it out)."""
    steps = tuple(JUnitStep(step.keyword, step.name, Status.untested.name, 0.0, str(step.location))
                  for step in scenario.all_steps)
    return JUnitCase(name=scenario.name or "", keyword=scenario.keyword, tags=tuple(str(tag) for tag in scenario.tags),
                     status=status.name, steps=steps, problem=problem)
