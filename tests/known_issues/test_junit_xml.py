"""JUnit files are valid XML by construction: whatever a target sent, every text and attribute is escaped."""
from __future__ import annotations

from xml.etree import ElementTree

from astronote_smoke.report.junit_xml import make_valid, xml_text

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
