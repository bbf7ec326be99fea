"""behave's JUnit reporter, writing a known red as `<skipped type="known-issue">` with its failure.

JUnit has no "known" outcome. pytest writes an expected failure (xfail) as a skipped test case
with its reason, and CI test views read it that way: a known red is shown and counted as
skipped, with the verdict and the failure in its message. behave leaves skipped scenarios out
of the XML unless show_skipped is on; a known red is written whatever that option says. The
other verdicts (expired, different, fixed) keep behave's element, with the verdict in front
of the failure message and as a `known-issue` property.
"""
from __future__ import annotations

from xml.etree import ElementTree

from behave.model_type import Status
from behave.reporter.junit import JUnitReporter

from .verdicts import FIXED, excused, verdict_of

SKIPPED_TYPE = "known-issue"


class KnownIssuesJUnitReporter(JUnitReporter):
    """Installed in place of behave's JUnit reporter by `use_known_issues_junit` (before_all)."""

    def __init__(self, config):
        super().__init__(config)
        self._feature_has_known_reds = False

    @property
    def show_skipped(self):
        # behave writes no file for a feature whose scenarios were all skipped; one with known reds needs it.
        return super().show_skipped or self._feature_has_known_reds

    def feature(self, feature):
        self._feature_has_known_reds = any(excused(scenario) for scenario in feature.walk_scenarios())
        try:
            super().feature(feature)
        finally:
            self._feature_has_known_reds = False

    def _process_scenario(self, scenario, report):
        verdict = verdict_of(scenario)
        if scenario.status == Status.skipped and not excused(scenario) and not JUnitReporter.show_skipped.fget(self):
            return  # behave's own rule for every other skipped scenario
        written = len(report.testcases)
        super()._process_scenario(scenario, report)
        if verdict is None or len(report.testcases) == written:
            return
        case = report.testcases[-1]
        properties = ElementTree.Element("properties")
        ElementTree.SubElement(properties, "property", name="known-issue", value=verdict.headline())
        case.insert(0, properties)
        if verdict.excuses:
            case.set("status", "known")
            skipped = case.find("skipped")
            skipped.set("type", SKIPPED_TYPE)
            skipped.set("message", f"{verdict.headline()}. It fails: {verdict.failure}")
            skipped.text = _failure_text(scenario)
            return
        problem = case.find("failure") if case.find("failure") is not None else case.find("error")
        if problem is not None and verdict.kind != FIXED:  # a strict run's fixed entry says so in its own error
            problem.set("message", f"{verdict.headline()}\n{problem.get('message', '')}")


def use_known_issues_junit(config) -> None:
    """Replace behave's JUnit reporter (present with --junit) by this one, before the first feature."""
    for index, reporter in enumerate(config.reporters):
        if type(reporter) is JUnitReporter:
            config.reporters[index] = KnownIssuesJUnitReporter(config)


def _failure_text(scenario) -> str:
    step = next((step for step in scenario.all_steps if step.exception is not None), None)
    if step is None:
        return ""
    return f"Failing step: {step.keyword} {step.name}\nLocation: {step.location}\n{step.exception}\n"
