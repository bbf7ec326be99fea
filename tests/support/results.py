"""What a suite run wrote, read back by scenario: the test cases of its JUnit XML, its Allure
results, and each scenario's outcome by the case id its name starts with ("A1" ... "L1")."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

# A JUnit test case that did not pass holds one of these, named for what became of it.
PROBLEMS = {"failure": "failed", "error": "error", "skipped": "skipped"}
FAILED = ("failed", "error")


@dataclass(frozen=True)
class Outcome:
    status: str  # passed, failed, error (a hook or step raised something else), skipped
    message: str
    seconds: float


def case_id(name: str) -> str:
    return name.split(" ", 1)[0]


def junit_cases(folder: Path) -> list[ElementTree.Element]:
    """The test cases of every JUnit file in `folder`, file by file."""
    return [case for path in sorted(folder.glob("*.xml"))
            for case in ElementTree.parse(path).getroot().iter("testcase")]


def problem(case: ElementTree.Element) -> ElementTree.Element | None:
    """The failure, error or skipped element of a test case; None when it passed."""
    return next((child for child in case if child.tag in PROBLEMS), None)


def read_junit(folder: Path) -> dict[str, Outcome]:
    """Each scenario's outcome by its case id."""
    outcomes = {}
    for case in junit_cases(folder):
        found = problem(case)
        status = (case.get("status") or "passed") if found is None else PROBLEMS[found.tag]
        message = "" if found is None else found.get("message") or (found.text or "").strip()
        outcomes[case_id(case.get("name", ""))] = Outcome(status, message, float(case.get("time") or 0))
    return outcomes


def allure_results(folder: Path) -> list[dict]:
    """Every scenario's Allure result in `folder`, in file name order."""
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*-result.json"))]
