"""Running the real suite with a known-issues file against the reference stack, and reading each
scenario's outcome from the JUnit XML and the Allure results it wrote.

The run uses the project's own behave.ini (so `show_skipped = false`, as in CI), copied into a
fresh folder with its output folders pointed into that folder: behave reads the `behave.ini` of
its working directory, and the copy keeps the shared `reports/` untouched. No `.env` is read.
"""
from __future__ import annotations

import configparser
import json
import os
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_DEFECTS = ("no-health-db", "cors-prefix-match", "shop-domain-is-credential")
FOREIGN_PREFIXES = ("SMOKE_", "WEB_URL", "SHOPIFY_", "RETAIL_", "SHORT_LINK_")
RUN_LIMIT_S = 180

# The three production defects, as a drill environment: SMOKE_PROFILE=drill selects it.
DRILL_ENTRIES = {
    "D5": {"reason": "the retail API does not implement /health/db", "failure": "expected status 200, got 404"},
    "E4": {"reason": "the retail API admits origins by prefix", "failure": r"\.evil\.example is admitted"},
    "F4": {"reason": "a shop domain header alone is a credential"},
}
FUTURE, PAST = "2999-12-31", "2000-01-01"


@dataclass(frozen=True)
class Run:
    exit_code: int
    console: str = field(repr=False)
    junit: dict[str, ElementTree.Element] = field(repr=False)  # testcase elements by case id
    allure: dict[str, dict] = field(repr=False)                 # result JSON by case id
    folder: Path

    def junit_outcome(self, case: str) -> str:
        """passed, failure, error or skipped, as a JUnit consumer sees the test case."""
        element = self.junit[case]
        return next((child.tag for child in element if child.tag in ("failure", "error", "skipped")), "passed")

    def junit_message(self, case: str) -> str:
        element = next(child for child in self.junit[case] if child.tag in ("failure", "error", "skipped"))
        return element.get("message", "")

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
    env = {name: value for name, value in os.environ.items() if not name.startswith(FOREIGN_PREFIXES)}
    env.update({"SMOKE_STACK_FAULTS": ",".join(faults), "SMOKE_ENV_FILE": os.devnull, "SMOKE_TIMEOUT": "5",
                "SMOKE_WARMUP": "20", "PYTHONPATH": str(PROJECT_ROOT), "PYTHONUNBUFFERED": "1"})
    env.update(settings or {})
    done = subprocess.run([sys.executable, "-m", "behave", "--no-color", f"--tags={tags}"], cwd=folder, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=RUN_LIMIT_S)
    (folder / "console.txt").write_text(done.stdout, encoding="utf-8")
    return Run(done.returncode, done.stdout, _read_junit(folder / "junit"), _read_allure(folder / "allure"), folder)


def _write_behave_ini(folder: Path) -> None:
    config = configparser.ConfigParser()
    config.read(PROJECT_ROOT / "behave.ini", encoding="utf-8")
    config["behave"]["paths"] = str(PROJECT_ROOT / "features")
    config["behave"]["outfiles"] = str(folder / "allure")
    config["behave"]["junit_directory"] = str(folder / "junit")
    with open(folder / "behave.ini", "w", encoding="utf-8") as stream:
        config.write(stream)


def _read_junit(folder: Path) -> dict[str, ElementTree.Element]:
    cases = {}
    for path in sorted(folder.glob("*.xml")):
        for case in ElementTree.parse(path).getroot().iter("testcase"):
            cases[case.get("name", "").split(" ", 1)[0]] = case
    return cases


def _read_allure(folder: Path) -> dict[str, dict]:
    results = {}
    for path in sorted(folder.glob("*-result.json")):
        result = json.loads(path.read_text(encoding="utf-8"))
        results[result["name"].split(" ", 1)[0]] = result
    return results
