"""Running a behave project the way the README's main command does (`python -m astronote_smoke run`),
or with plain behave for comparison, in a subprocess, and reading what became of each scenario.

Each run works in a fresh folder of its own: behave then reads no `behave.ini` (whose output
folders are the shared `reports/`), the suite reads no `.env`, and everything the run writes
(JUnit, Allure results, the console) stays in that folder.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FEATURES = PROJECT_ROOT / "features"
ALLURE_FORMATTER = "astronote_smoke.report.formatter:SmokeAllureFormatter"
# Variables of the caller's environment that would change the target or the run.
FOREIGN_PREFIXES = ("SMOKE_", "WEB_URL", "SHOPIFY_", "RETAIL_", "SHORT_LINK_")
# The suite takes seconds; a run that takes this long is stuck, not slow.
RUN_LIMIT_S = 180


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str
    folder: Path

    def junit(self) -> dict[str, tuple[str, str]]:
        """(status, message) of each test case in the JUnit files, by scenario name."""
        cases = {}
        for path in sorted((self.folder / "junit").glob("*.xml")):
            for case in ElementTree.parse(path).getroot().iter("testcase"):
                problem = next((child for child in case if child.tag in ("failure", "error", "skipped")), None)
                message = "" if problem is None else problem.get("message") or ""
                cases[case.get("name")] = (case.get("status"), message)
        return cases

    def allure(self) -> list[dict]:
        return [json.loads(path.read_text(encoding="utf-8"))
                for path in sorted((self.folder / "allure").glob("*-result.json"))]

    def allure_by_name(self) -> dict[str, dict]:
        results = self.allure()
        counts = Counter(result["name"] for result in results)
        assert all(count == 1 for count in counts.values()), f"scenarios reported more than once: {counts}"
        return {result["name"]: result for result in results}


def case_id(name: str) -> str:
    return name.split(" ", 1)[0]


def run(args: list[str], folder: Path, env: dict[str, str] | None = None, plain_behave: bool = False,
        cwd: Path | None = None) -> Run:
    """Run `python -m astronote_smoke run` (or `python -m behave`) with `args`, JUnit and Allure into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    environ = {name: value for name, value in os.environ.items() if not name.startswith(FOREIGN_PREFIXES)}
    environ.update({"SMOKE_ENV_FILE": os.devnull, "PYTHONPATH": str(PROJECT_ROOT), "PYTHONUNBUFFERED": "1"})
    environ.update(env or {})
    program = ["-m", "behave"] if plain_behave else ["-m", "astronote_smoke", "run"]
    # behave pairs formats and outfiles by position: the Allure formatter comes first, with its folder.
    command = [sys.executable, *program, "-f", ALLURE_FORMATTER, "-o", str(folder / "allure"),
               "--junit", "--junit-directory", str(folder / "junit"), "--no-color", *args]
    if not any(arg in ("-f", "--format") or arg.startswith("--format=") for arg in args):
        command += ["-f", "plain"]
    done = subprocess.run(command, cwd=cwd or folder, env=environ, capture_output=True, text=True,
                          timeout=RUN_LIMIT_S)
    return Run(done.returncode, done.stdout, done.stderr, folder)


def run_suite(folder: Path, *args: str, **settings: str) -> Run:
    """The smoke suite against a reference stack, settings (SMOKE_STACK_FAULTS=..., ...) in the environment."""
    return run([str(FEATURES), *args], folder, env=settings)
