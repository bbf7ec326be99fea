"""The end of a parallel run, from the records its workers sent: each feature's JUnit file and behave's summary.

The parent's parsed features never ran; they lend the run's structure (which scenario belongs
to which outline, rule and feature) and the names and places of its scenarios. The statuses
come from the workers' `JUnitCase`s, and a feature's or rule's status is folded from them by
behave's own rules (`ScenarioContainer.compute_status`, `ScenarioOutline.compute_status`,
measured on behave 1.3.3), so the summary counts what a sequential run counts.
"""
from __future__ import annotations

from behave.model import Rule, ScenarioOutline
from behave.model_type import OuterStatus, Status
from behave.reporter.summary import SummaryReporterV1

from ...report.junit_xml import JUnitCase
from ..junit import RecordsJUnitReporter, not_run_case, suite_of
from .unit_results import UnitOutcome
from .units import Unit


class FeatureRecords:
    """One feature's records: each scenario's case, and which of its hooks (feature, rules) failed."""

    def __init__(self, feature, units: list[Unit], outcomes: dict[int, UnitOutcome]):
        self.feature = feature
        self.cases: dict[int, JUnitCase] = {}
        self.hooks_failed: set[int] = set()  # ids of the feature and rules a hook failed around
        for unit in units:
            outcome = outcomes.get(unit.number)
            cases = outcome.cases if outcome else [not_run_case(scenario) for scenario in unit.scenarios]
            for scenario, case in zip(unit.scenarios, cases):
                self.cases[id(scenario)] = case
            if outcome and outcome.feature_hook_failed:
                self.hooks_failed.add(id(feature))
            if outcome and outcome.rule_hook_failed and unit.rule is not None:
                self.hooks_failed.add(id(unit.rule))

    def case(self, scenario) -> JUnitCase:
        return self.cases.get(id(scenario)) or not_run_case(scenario)

    def status(self, item=None) -> Status:
        """The status of the feature (or of one of its rules, outlines, scenarios), as behave computes it."""
        item = self.feature if item is None else item
        if isinstance(item, ScenarioOutline):
            return self._outline_status(item)
        if not hasattr(item, "run_items"):
            return Status.from_name(self.case(item).status)
        if id(item) in self.hooks_failed:
            return Status.hook_error
        skipped, passed = True, 0
        for run_item in item.run_items:
            status = self.status(run_item)
            if status.is_error():
                return Status.error
            if status.is_failure():
                return Status.failed
            if status == Status.untested:
                return Status.failed if passed else Status.untested  # some passed, then the run stopped
            skipped = skipped and status == Status.skipped
            passed += status == Status.passed
        return Status.skipped if skipped else Status.passed

    def _outline_status(self, outline) -> Status:
        statuses = [self.status(scenario) for scenario in outline.scenarios]
        for status in statuses:
            if OuterStatus.from_inner_status(status).has_failed():
                return OuterStatus.from_inner_status(status)
        if statuses and all(status == Status.skipped for status in statuses):
            return Status.skipped
        return Status.passed


def report_features(features, units: list[Unit], outcomes: dict[int, UnitOutcome], reporters) -> None:
    """Hand each feature's records to the JUnit writer and behave's summary, in file order."""
    for number, feature in enumerate(features):
        records = FeatureRecords(feature, [unit for unit in units if unit.feature_number == number], outcomes)
        cases = [records.case(scenario) for scenario in feature.walk_scenarios()]
        status = records.status()
        for reporter in reporters:
            if isinstance(reporter, RecordsJUnitReporter):
                reporter.write(suite_of(feature, cases, status, reporter.make_feature_filename(feature)))
            elif isinstance(reporter, SummaryReporterV1):
                _count(reporter, records, status, suite_of(feature, cases, status, "").duration)


def _count(summary: SummaryReporterV1, records: FeatureRecords, status: Status, duration: float) -> None:
    """What `SummaryReporterV1.process_feature` counts of a feature, counted from its records."""
    feature = records.feature
    if summary.testrun_start_time == 0:
        summary.testrun_started()  # as its `feature()` does: "Took" is then the sum of the features' durations
    summary.duration += duration
    _add(summary.feature_summary, status.name)
    for item in feature.run_items:
        if isinstance(item, Rule):
            _add(summary.rule_summary, records.status(item).name)
    for scenario in feature.walk_scenarios():
        status = records.status(scenario)
        if status.is_failure():
            summary.failed_scenarios.append(scenario)
        elif status.is_error():
            summary.errored_scenarios.append(scenario)
        _add(summary.scenario_summary, status.name)
        for step in records.case(scenario).steps:
            _add(summary.step_summary, step.status)


def _add(counts: dict[str, int], status: str) -> None:
    counts[status] = counts.get(status, 0) + 1
