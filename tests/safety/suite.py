"""Running the real suite in a subprocess, as CI does, and reading what became of it.

Each run works in an empty folder of the test's own (its `tmp_path`): behave then reads no
`behave.ini` and the suite no `.env`, so nothing of the caller's setup (or a colleague's
concurrent run in `reports/`) leaks in. The run writes JUnit XML, Allure results and the plain formatter's output under
`<folder>/reports/`, and its console is kept as it came.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FEATURES = PROJECT_ROOT / "features"
ALLURE_FORMATTER = "astronote_smoke.report.formatter:SmokeAllureFormatter"
# Variables of the caller's environment that would change the target or the run.
FOREIGN_PREFIXES = ("SMOKE_", "WEB_URL", "SHOPIFY_", "RETAIL_", "SHORT_LINK_", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
# Short bounds: these tests are about what fails and why, not about waiting.
QUICK = {"SMOKE_TIMEOUT": "2", "SMOKE_WARMUP": "2"}
RUN_LIMIT_S = 120


@dataclass(frozen=True)
class Outcome:
    status: str  # passed, failed, error, skipped
    message: str


@dataclass
class SuiteRun:
    exit_code: int
    console: str
    folder: Path

    @property
    def reports(self) -> Path:
        return self.folder / "reports"

    @property
    def outcomes(self) -> dict[str, Outcome]:
        return read_junit(self.reports / "junit")

    def outcome(self, case: str) -> Outcome:
        outcomes = self.outcomes
        assert case in outcomes, f"{case} did not run:\n{self.console[-3000:]}"
        return outcomes[case]

    def skip_reason(self, case: str) -> str:
        """Why a scenario was skipped, as the Allure results say (behave's JUnit does not)."""
        for path in (self.reports / "allure-results").glob("*-result.json"):
            result = json.loads(path.read_text())
            if result.get("name", "").split(" ", 1)[0] == case:
                return (result.get("statusDetails") or {}).get("message", "")
        raise AssertionError(f"{case} has no Allure result")


def environment(settings: dict[str, str | None] | None = None) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith(FOREIGN_PREFIXES)}
    env.update(QUICK)
    env.update({"SMOKE_ENV_FILE": os.devnull, "PYTHONPATH": str(PROJECT_ROOT), "PYTHONUNBUFFERED": "1"})
    env.update(settings or {})
    # None removes a variable: the suite then reads its default, a `.env` in the run's folder for instance.
    return {name: value for name, value in env.items() if value is not None}


# Plain behave, and the main command, which runs the scenarios in parallel worker processes.
RUNNERS = {"behave": ("behave",), "parallel": ("astronote_smoke", "run")}


def command(folder: Path, *behave_options: str, runner: str = "behave") -> list[str]:
    reports = folder / "reports"
    return [sys.executable, "-m", *RUNNERS[runner], str(FEATURES), "--no-color",
            "-f", ALLURE_FORMATTER, "-o", str(reports / "allure-results"),
            "-f", "plain", "-o", str(reports / "plain.txt"),
            "-f", "pretty",
            "--junit", "--junit-directory", str(reports / "junit"), *behave_options]


def run_suite(*behave_options: str, folder: Path, settings: dict[str, str] | None = None,
              runner: str = "behave") -> SuiteRun:
    """Run the suite to the end in `folder`; `settings` are environment variables over QUICK."""
    done = subprocess.run(command(folder, *behave_options, runner=runner), cwd=folder, env=environment(settings),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=RUN_LIMIT_S)
    return SuiteRun(done.returncode, done.stdout, folder)


def start_suite(*behave_options: str, folder: Path, settings: dict[str, str] | None = None,
                runner: str = "behave") -> subprocess.Popen:
    """Start the suite in `folder` without waiting, for tests that interrupt it; its console goes to console.txt.

    It leads a process group of its own, as a job in a terminal or a CI step does."""
    console = open(folder / "console.txt", "w")
    process = subprocess.Popen(command(folder, *behave_options, runner=runner), cwd=folder, env=environment(settings),
                               stdout=console, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    console.close()
    return process


def interrupt(process: subprocess.Popen, signum: int, folder: Path, group: bool = False) -> SuiteRun:
    """Signal the suite's main process, or with `group` its whole process group (Ctrl-C in a terminal)."""
    if group:
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    try:
        process.wait(timeout=RUN_LIMIT_S)
    finally:
        if process.poll() is None:
            process.kill()
    return SuiteRun(process.returncode, (folder / "console.txt").read_text(), folder)


def read_junit(folder: Path) -> dict[str, Outcome]:
    """Each scenario's outcome by the case id its name starts with."""
    outcomes = {}
    for path in sorted(folder.glob("*.xml")):
        for case in ElementTree.parse(path).getroot().iter("testcase"):
            case_id = case.get("name", "").split(" ", 1)[0]
            problem = next((child for child in case if child.tag in ("failure", "error", "skipped")), None)
            status = case.get("status") or "passed"
            if problem is not None:
                status = {"failure": "failed", "error": "error", "skipped": "skipped"}[problem.tag]
            message = "" if problem is None else problem.get("message") or (problem.text or "").strip()
            outcomes[case_id] = Outcome(status, message)
    return outcomes


def wait_for(predicate, timeout: float, interval: float = 0.05):
    """Polls `predicate` until it returns something true or `timeout` seconds pass; its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


SIGNALS = {"SIGINT": signal.SIGINT, "SIGTERM": signal.SIGTERM}
