"""JUnit XML from plain records: one `TESTS-<feature>.xml` per feature, as behave's JUnit reporter lays it out.

The records (`JUnitSuite`, `JUnitCase`, `JUnitStep`) hold what a JUnit file shows of a feature and
its scenarios: statuses, step lines and timings, the failing step, captured output. The adapter
makes them from behave's scenarios, in the process that ran them; a parallel run's workers send
them to the parent, which writes the files once every scenario of a feature is back.

- The `type` of a `<failure>` or `<error>` is the failure's category (`errors.Kind.label`), taken
  from the scenario's `Outcome`, so CI test views group failures as the report does; without an
  outcome it is the exception's class name, as behave writes it.
- JUnit has no "known" outcome. pytest writes an expected failure (xfail) as a skipped test case
  with its reason, and CI test views read it that way: a known red is `<skipped type="known-issue">`
  with the verdict and the failure in its message, whatever show_skipped says. The other verdicts
  (expired, different, fixed) keep their element, with the verdict in front of the failure
  message and as a `known-issue` property.
- Every text and attribute of a test case passes through `xml_text` before it is written: a
  control character a target sent becomes a visible escape, so the file is always valid XML.
"""
from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

from ..known_issues.verdicts import FIXED, KNOWN
from ..outcome import Outcome
from .categories import category_of

SKIPPED_TYPE = "known-issue"
FAILURE, ERROR = "failure", "error"
# Characters XML 1.0 does not allow at all, even escaped.
NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# The colours a console formatter may have left in captured output (behave strips them from JUnit too).
ANSI_COLOUR = re.compile("\x1b\\[\\d+[mA]")
SCENARIO_RULE = "-" * 80


@dataclass(frozen=True)
class JUnitStep:
    keyword: str
    name: str
    status: str  # behave's status name: passed, failed, error, undefined, skipped, untested...
    duration: float
    location: str
    multiline: str = ""  # its text or table, indented, as the step's description shows it
    error: str | None = None  # what its exception said; a known failure keeps it once the step is excused


@dataclass(frozen=True)
class Problem:
    """Why a test case failed: a check (`failure`) or anything else (`error`)."""

    element: str  # FAILURE or ERROR
    type: str     # the exception's class name
    message: str
    detail: str   # the failing step's error message, or the traceback of a hook's failure
    step: int | None = None  # the failing step's position; None when a hook failed


@dataclass(frozen=True)
class JUnitCase:
    name: str
    keyword: str
    tags: tuple[str, ...]
    status: str
    steps: tuple[JUnitStep, ...]
    problem: Problem | None = None
    undefined: str = ""  # a skipped scenario's undefined step, which JUnit counts as a failure
    stdout: str = ""
    stderr: str = ""

    @property
    def duration(self) -> float:
        return sum(step.duration for step in self.steps)

    @property
    def skipped(self) -> bool:
        return self.status == "skipped"


@dataclass(frozen=True)
class JUnitOptions:
    """What a file shows (behave's `behave.reporter.junit.*` userdata)."""

    show_skipped: bool = False
    show_timings: bool = True
    show_multiline: bool = True
    show_scenarios: bool = True
    show_tags: bool = True
    show_timestamp: bool = True
    show_hostname: bool = True


@dataclass(frozen=True)
class JUnitSuite:
    """One feature: `filename` names the file (`TESTS-<filename>.xml`) and the test cases' class."""

    filename: str
    name: str
    skipped: bool  # every scenario was skipped: no file unless skipped ones are shown
    duration: float
    cases: tuple[JUnitCase, ...]


def xml_text(text: str) -> str:
    """`text` with every character XML cannot hold written as a visible escape (`\\x1b`)."""
    return NOT_XML.sub(lambda match: f"\\x{ord(match.group()):02x}" if ord(match.group()) < 0x100
                       else f"\\u{ord(match.group()):04x}", text)


def write_suite(folder: Path, suite: JUnitSuite, outcomes: dict[str, Outcome], options: JUnitOptions) -> Path | None:
    """Write `suite` to `folder`; `outcomes` are the scenarios' by name. None when nothing is shown of it."""
    has_known_reds = any(_known(outcomes.get(case.name)) for case in suite.cases)
    # A known red is a skipped test case, written whatever show_skipped says; so is the rest of its feature.
    show_skipped = options.show_skipped or has_known_reds
    if suite.skipped and not show_skipped:
        return None
    cases = [_test_case(case, suite, outcomes.get(case.name), options, show_skipped)
             for case in suite.cases if not case.skipped or options.show_skipped or _known(outcomes.get(case.name))]
    testsuite = ElementTree.Element("testsuite", name=f"{suite.filename}.{suite.name or suite.filename}")
    testsuite.extend(cases)
    testsuite.set("tests", str(len(cases)))
    testsuite.set("errors", str(sum(case.find(ERROR) is not None for case in cases)))
    testsuite.set("failures", str(sum(case.find(FAILURE) is not None for case in cases)))
    testsuite.set("skipped", str(sum(case.find("skipped") is not None for case in cases)))
    testsuite.set("time", str(round(suite.duration, 6)))
    if options.show_timestamp:
        testsuite.set("timestamp", datetime.now().isoformat())
    if options.show_hostname:
        testsuite.set("hostname", socket.gethostname())
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"TESTS-{suite.filename}.xml"
    ElementTree.ElementTree(testsuite).write(path, encoding="UTF-8", xml_declaration=True)
    return path


def _test_case(case: JUnitCase, suite: JUnitSuite, outcome: Outcome | None, options: JUnitOptions,
               show_skipped: bool) -> ElementTree.Element:
    element = ElementTree.Element("testcase", classname=f"{suite.filename}.{suite.name or suite.filename}",
                                  name=case.name, status=case.status, time=str(round(case.duration, 6)))
    if case.problem is not None:
        element.append(_problem(case, options))
    elif case.status in ("skipped", "untested") and show_skipped:
        if case.undefined:
            ElementTree.SubElement(element, FAILURE, type="undefined", message=f"Undefined Step: {case.undefined}")
        ElementTree.SubElement(element, "skipped")
    stdout = _scenario_text(case, options) if options.show_scenarios else ""
    if case.stdout:
        stdout += f"\nCaptured stdout:\n{case.stdout}\n"
    ElementTree.SubElement(element, "system-out").text = _plain(stdout)
    if case.stderr:
        ElementTree.SubElement(element, "system-err").text = _plain(f"\nCaptured stderr:\n{case.stderr}\n")
    if outcome is not None:
        _mark(element, case, outcome)
    make_valid(element)
    return element


def _problem(case: JUnitCase, options: JUnitOptions) -> ElementTree.Element:
    problem = case.problem
    element = ElementTree.Element(problem.element, type=problem.type, message=problem.message.strip())
    text = problem.detail
    if problem.step is not None:
        step = case.steps[problem.step]
        text = f"\nFailing step: {_step_line(step, options).rstrip()}\nLocation: {step.location}\n{text}"
    element.text = _plain(text)
    return element


def _scenario_text(case: JUnitCase, options: JUnitOptions) -> str:
    text = "\n@scenario.begin\n"
    if options.show_tags and case.tags:
        text += "\n  @" + " @".join(case.tags) + "\n"
    text += f"  {case.keyword}: {case.name}\n"
    steps = "".join(_step_line(step, options) for step in case.steps)
    text += "".join("    " + line for line in steps.splitlines(True))
    return text + f"\n@scenario.end\n{SCENARIO_RULE}\n"


def _step_line(line: JUnitStep, options: JUnitOptions) -> str:
    status = line.status + (f" in {line.duration:0.3f}s" if options.show_timings else "")
    return f"{line.keyword} {line.name} ... {status}\n" + (line.multiline if options.show_multiline else "")


def _mark(element: ElementTree.Element, case: JUnitCase, outcome: Outcome) -> None:
    problem = element.find(FAILURE) if element.find(FAILURE) is not None else element.find(ERROR)
    if problem is not None and outcome.kind:
        problem.set("type", category_of(outcome.kind))
    known = outcome.known
    if known is None:
        return
    properties = ElementTree.Element("properties")
    ElementTree.SubElement(properties, "property", name="known-issue", value=known.headline)
    element.insert(0, properties)
    if _known(outcome):
        element.set("status", "known")
        skipped = element.find("skipped")
        skipped.set("type", SKIPPED_TYPE)
        skipped.set("message", f"{known.headline}. It fails: {outcome.message}")
        skipped.text = _failure_text(case)
    elif problem is not None and known.verdict != FIXED:  # a strict run's fixed entry says so in its own error
        problem.set("message", f"{known.headline}\n{problem.get('message', '')}")


def _failure_text(case: JUnitCase) -> str:
    step = next((step for step in case.steps if step.error is not None), None)
    if step is None:
        return ""
    return f"Failing step: {step.keyword} {step.name}\nLocation: {step.location}\n{step.error}\n"


def make_valid(element: ElementTree.Element) -> None:
    for item in element.iter():
        if item.text:
            item.text = xml_text(item.text)
        if item.tail:
            item.tail = xml_text(item.tail)
        for name, value in item.attrib.items():
            item.set(name, xml_text(value))


def _plain(text: str) -> str:
    return ANSI_COLOUR.sub("", text)


def _known(outcome: Outcome | None) -> bool:
    return outcome is not None and outcome.known is not None and outcome.known.verdict == KNOWN
