"""Running the real suite with a known-issues file against the reference stack, and reading each
scenario's outcome from the JUnit XML and the Allure results it wrote.

The run uses the project's own behave.ini (so `show_skipped = false`, as in CI), copied into a
fresh folder with its output folders pointed into that folder: behave reads the `behave.ini` of
its working directory, and the copy keeps the shared `reports/` untouched. No `.env` is read.
"""
from __future__ import annotations

import configparser
import sys
import textwrap
import xml.etree.ElementTree as ElementTree
from functools import cached_property
from pathlib import Path

from tests.support.results import case_id, junit_cases, problem
from tests.support.suite_run import PROJECT_ROOT, SuiteRun, run_command

PRODUCTION_DEFECTS = ("no-health-db", "cors-prefix-match", "shop-domain-is-credential")

# The three production defects, as a drill environment: SMOKE_PROFILE=drill selects it.
DRILL_ENTRIES = {
    "D5": {"reason": "the retail API does not implement /health/db", "failure": "expected status 200, got 404"},
    "E4": {"reason": "the retail API admits origins by prefix", "failure": r"\.evil\.example is admitted"},
    "F4": {"reason": "a shop domain header alone is a credential"},
}
FUTURE, PAST = "2999-12-31", "2000-01-01"


class Run(SuiteRun):
    """A suite run read as a JUnit consumer and the report see it, by case id."""

    @cached_property
    def junit(self) -> dict[str, ElementTree.Element]:
        """The JUnit test case elements by case id."""
        return {case_id(case.get("name", "")): case for case in junit_cases(self.reports / "junit")}

    @cached_property
    def allure(self) -> dict[str, dict]:
        """The Allure result JSON by case id."""
        return {case_id(result["name"]): result for result in self.allure_results()}

    def junit_outcome(self, case: str) -> str:
        """passed, failure, error or skipped, as a JUnit consumer sees the test case."""
        found = problem(self.junit[case])
        return "passed" if found is None else found.tag

    def junit_message(self, case: str) -> str:
        return problem(self.junit[case]).get("message", "")

    def known_issue_label(self, case: str) -> str | None:
        return next((label["value"] for label in self.allure[case]["labels"] if label["name"] == "knownIssue"), None)

    def describe(self) -> str:
        return f"exit {self.exit_code}\n{self.console[-4000:]}"


def write_known_issues(path: Path, entries=DRILL_ENTRIES, expires: dict[str, str] | None = None) -> Path:
    """A known-issues file declaring the drill environment (no hosts) with `entries`."""
    text = "[environments]\ndrill = []\n"
    for case, fields in entries.items():
        text += textwrap.dedent(f"""
            [[issue]]
            id = "{case}"
            environments = ["drill"]
            reason = "{fields['reason']}"
            ticket = "https://tracker.example/{case.lower()}"
            expires = {(expires or {}).get(case, FUTURE)}
            """)
        if "failure" in fields:
            text += f"failure = '{fields['failure']}'\n"
    path.write_text(text, encoding="utf-8")
    return path


def run_suite(folder: Path, faults=PRODUCTION_DEFECTS, settings: dict[str, str] | None = None,
              tags: str = "@prod") -> Run:
    """Run behave with the project's configuration against a stack with `faults`; `settings` add variables."""
    folder.mkdir(parents=True, exist_ok=True)
    _write_behave_ini(folder)
    settings = {"SMOKE_STACK_FAULTS": ",".join(faults), "SMOKE_TIMEOUT": "5", "SMOKE_WARMUP": "20", **(settings or {})}
    return run_command([sys.executable, "-m", "behave", "--no-color", f"--tags={tags}"], folder, settings, kind=Run)


def _write_behave_ini(folder: Path) -> None:
    config = configparser.ConfigParser()
    config.read(PROJECT_ROOT / "behave.ini", encoding="utf-8")
    config["behave"]["paths"] = str(PROJECT_ROOT / "features")
    config["behave"]["outfiles"] = str(folder / "allure")
    config["behave"]["junit_directory"] = str(folder / "junit")
    with open(folder / "behave.ini", "w", encoding="utf-8") as stream:
        config.write(stream)

