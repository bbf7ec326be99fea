"""behave's JUnit reporter, fed by the run's outcomes: the failure's kind, known reds, valid XML.

- The `type` of a `<failure>` or `<error>` is the failure's category (`errors.Kind.label`), taken
  from the scenario's `Outcome`, so CI test views group failures as the report does.
- JUnit has no "known" outcome. pytest writes an expected failure (xfail) as a skipped test case
  with its reason, and CI test views read it that way: a known red is `<skipped type="known-issue">`
  with the verdict and the failure in its message, whatever behave's show_skipped says. The other
  verdicts (expired, different, fixed) keep behave's element, with the verdict in front of the
  failure message and as a `known-issue` property.
- Every text and attribute of a test case passes through `xml_text` before it is written: a
  control character a target sent becomes a visible escape, so the file is always valid XML.

behave writes each test case in `JUnitReporter._process_scenario`, a private member this reporter
extends (measured on behave 1.3.3; tests/lint/test_behave_seam.py pins it).
The outcomes come from the run's `OutcomeLog`, filled in this process by the hooks or, in a
parallel run, by the workers' answers.
"""
from __future__ import annotations

import re
from xml.etree import ElementTree

from behave.model_type import Status
from behave.reporter.junit import JUnitReporter

from ..known_issues.verdicts import FIXED, KNOWN
from ..outcome import Outcome
from ..report.categories import category_of
from .records import OutcomeLog
from .result_writes import note_failed_write

SKIPPED_TYPE = "known-issue"
# Characters XML 1.0 does not allow at all, even escaped.
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """`text` with every character XML cannot hold written as a visible escape (`\\x1b`)."""
    return NOT_XML.sub(lambda match: f"\\x{ord(match.group()):02x}" if ord(match.group()) < 0x100
                       else f"\\u{ord(match.group()):04x}", text)


class OutcomesJUnitReporter(JUnitReporter):
    """Installed in place of behave's JUnit reporter by `use_outcomes_junit` (before_all)."""

    def __init__(self, config, log: OutcomeLog):
        super().__init__(config)
        self.log = log
        self._feature_has_known_reds = False

    @property
    def show_skipped(self):
        # behave writes no file for a feature whose scenarios were all skipped; one with known reds needs it.
        return super().show_skipped or self._feature_has_known_reds

    def feature(self, feature):
        outcomes = self.log.by_name()
        self._feature_has_known_reds = any(_known(outcomes.get(scenario.name)) for scenario in feature.walk_scenarios())
        try:
            super().feature(feature)
        except OSError as error:
            # A full disk: the run ends as a suite error naming the folder, once its cleanups ran.
            note_failed_write(self.config.junit_directory, error)
        finally:
            self._feature_has_known_reds = False

    def _process_scenario(self, scenario, report):
        outcome = self.log.by_name().get(scenario.name)
        if scenario.status == Status.skipped and not _known(outcome) and not JUnitReporter.show_skipped.fget(self):
            return  # behave's own rule for every other skipped scenario
        written = len(report.testcases)
        super()._process_scenario(scenario, report)
        if len(report.testcases) == written:
            return
        case = report.testcases[-1]
        if outcome is not None:
            _mark(case, scenario, outcome)
        _make_valid(case)


def _mark(case: ElementTree.Element, scenario, outcome: Outcome) -> None:
    problem = case.find("failure") if case.find("failure") is not None else case.find("error")
    if problem is not None and outcome.kind:
        problem.set("type", category_of(outcome.kind))
    known = outcome.known
    if known is None:
        return
    properties = ElementTree.Element("properties")
    ElementTree.SubElement(properties, "property", name="known-issue", value=known.headline)
    case.insert(0, properties)
    if _known(outcome):
        case.set("status", "known")
        skipped = case.find("skipped")
        skipped.set("type", SKIPPED_TYPE)
        skipped.set("message", f"{known.headline}. It fails: {outcome.message}")
        skipped.text = _failure_text(scenario)
    elif problem is not None and known.verdict != FIXED:  # a strict run's fixed entry says so in its own error
        problem.set("message", f"{known.headline}\n{problem.get('message', '')}")


def _make_valid(element: ElementTree.Element) -> None:
    for item in element.iter():
        if item.text:
            item.text = xml_text(item.text)
        if item.tail:
            item.tail = xml_text(item.tail)
        for name, value in item.attrib.items():
            item.set(name, xml_text(value))


def use_outcomes_junit(config, log: OutcomeLog) -> None:
    """Replace behave's JUnit reporter (present with --junit) by this one, before the first feature."""
    for index, reporter in enumerate(config.reporters):
        if type(reporter) is JUnitReporter:
            config.reporters[index] = OutcomesJUnitReporter(config, log)


def _known(outcome: Outcome | None) -> bool:
    return outcome is not None and outcome.known is not None and outcome.known.verdict == KNOWN


def _failure_text(scenario) -> str:
    step = next((step for step in scenario.all_steps if step.exception is not None), None)
    if step is None:
        return ""
    return f"Failing step: {step.keyword} {step.name}\nLocation: {step.location}\n{step.exception}\n"
