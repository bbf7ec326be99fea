"""JUnit files from plain records: the category of a failure, known reds as skipped test cases, and valid XML by
construction: whatever a target sent, every text and attribute is escaped."""
from __future__ import annotations

from xml.etree import ElementTree

from astronote_smoke.outcome import KnownRecord, Outcome
from astronote_smoke.report.junit_xml import (FAILURE, JUnitCase, JUnitOptions, JUnitStep, JUnitSuite, Problem,
                                              make_valid, write_suite, xml_text)

HOSTILE = "body \x1b[2J\x00 cleared\x0b \ud800 and \ufffe, then <b>&\"quoted\"</b>\nScenario passed"


def test_characters_xml_cannot_hold_become_visible_escapes():
    assert xml_text("a\x1bb") == "a\\x1bb"
    assert xml_text("\ud800\ufffe") == "\\ud800\\ufffe"
    assert xml_text("tab\tnew\nline\r ok <&>") == "tab\tnew\nline\r ok <&>"


def test_a_test_case_holding_a_hostile_answer_serializes_and_parses_back():
    case = ElementTree.Element("testcase", name="D2 " + HOSTILE)
    failure = ElementTree.SubElement(case, "failure", message=HOSTILE, type="Production defect")
    failure.text = HOSTILE
    make_valid(case)
    parsed = ElementTree.fromstring(ElementTree.tostring(case, encoding="unicode"))
    message = parsed.find("failure").get("message")
    assert "\\x1b[2J\\x00 cleared\\x0b" in message and "<b>&\"quoted\"</b>" in message
    assert parsed.find("failure").text.endswith("\nScenario passed")


def _outcome(name: str, **fields) -> Outcome:
    return Outcome(case=name.split()[0], name=name, category="D API health", services=(), severity="critical",
                   protects="", **fields)


FAILING = JUnitStep("Then", "the API is healthy", "failed", 0.25, "features/d.feature:7", error="expected ok, got false")
PASSING = JUnitStep("Given", "the Shopify API", "passed", 0.5, "features/d.feature:6")


def _written(tmp_path, cases, outcomes=(), skipped=False, show_skipped=False) -> ElementTree.Element | None:
    suite = JUnitSuite("d_api_health", "D API health", skipped, sum(case.duration for case in cases), tuple(cases))
    path = write_suite(tmp_path, suite, {outcome.name: outcome for outcome in outcomes},
                       JUnitOptions(show_skipped=show_skipped))
    return None if path is None else ElementTree.parse(path).getroot()


def test_a_failure_is_written_with_its_category_the_failing_step_and_the_suites_counts(tmp_path):
    failed = JUnitCase("D2 health", "Scenario", ("D2",), "failed", (PASSING, FAILING),
                       Problem(FAILURE, "AssertionError", "expected ok, got false\n", "Traceback ...", step=1))
    passed = JUnitCase("D1 reachable", "Scenario", ("D1",), "passed", (PASSING,), stdout="captured")
    suite = _written(tmp_path, [passed, failed], [_outcome("D2 health", status="failed", kind="production-defect")])

    assert (tmp_path / "TESTS-d_api_health.xml").is_file()
    assert {name: suite.get(name) for name in ("name", "tests", "errors", "failures", "skipped", "time")} == {
        "name": "d_api_health.D API health", "tests": "2", "errors": "0", "failures": "1", "skipped": "0",
        "time": "1.25"}
    case = suite.findall("testcase")[1]
    assert (case.get("classname"), case.get("status"), case.get("time")) == ("d_api_health.D API health", "failed",
                                                                           "0.75")
    failure = case.find("failure")
    assert (failure.get("type"), failure.get("message")) == ("Production defect", "expected ok, got false")
    assert failure.text == ("\nFailing step: Then the API is healthy ... failed in 0.250s\n"
                            "Location: features/d.feature:7\nTraceback ...")
    assert "Captured stdout:\ncaptured" in suite.findall("testcase")[0].find("system-out").text


def test_a_known_red_is_a_skipped_test_case_with_its_failure_whatever_show_skipped_says(tmp_path):
    excused = JUnitStep("Then", "the API is healthy", "skipped", 0.25, "features/d.feature:7", error="got false")
    known = KnownRecord(verdict="known", entry="known-issues.toml:3", ticket="AST-1", reason="slow",
                        headline="Known issue AST-1")
    suite = _written(tmp_path, [JUnitCase("D2 health", "Scenario", (), "skipped", (PASSING, excused))],
                     [_outcome("D2 health", status="known", message="got false", known=known)], skipped=True)

    case = suite.find("testcase")
    skipped = case.find("skipped")
    assert case.get("status") == "known" and suite.get("skipped") == "1"
    assert (skipped.get("type"), skipped.get("message")) == ("known-issue", "Known issue AST-1. It fails: got false")
    assert skipped.text == "Failing step: Then the API is healthy\nLocation: features/d.feature:7\ngot false\n"
    assert case.find("properties/property").get("value") == "Known issue AST-1"


def test_a_feature_whose_scenarios_were_all_skipped_writes_no_file_unless_skipped_ones_are_shown(tmp_path):
    skipped = JUnitCase("D3 queue", "Scenario", (), "skipped", (PASSING,))
    assert _written(tmp_path / "hidden", [skipped], skipped=True) is None
    assert _written(tmp_path / "shown", [skipped], skipped=True, show_skipped=True).find("testcase/skipped") is not None
