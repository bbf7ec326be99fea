"""Running the real suite, or another behave project, in a subprocess from a folder of the test's
own, and the `SuiteRun` it gives: exit code, console, and what became of each scenario.

The run's working folder is a fresh one, so behave reads no `behave.ini` (whose output folders
are the shared `reports/`) unless the test puts one there, and the suite reads no `.env`. The
caller's variables that would change the target or the run are left out of its environment.
Everything the run writes (JUnit in `junit/`, Allure results in `allure/`, the console in
`console.txt`) goes to its reports folder.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from tests.support.results import FAILED, Outcome, allure_results, case_id, read_junit

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FEATURES = PROJECT_ROOT / "features"
ALLURE_FORMATTER = "astronote_smoke.behave_adapter.allure_formatter:SmokeAllureFormatter"
# Variables of the caller's environment that would change the target or the run.
FOREIGN_PREFIXES = ("SMOKE_", "WEB_URL", "SHOPIFY_", "RETAIL_", "SHORT_LINK_", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
# Plain behave with the runner the project's behave.ini names (a run's own folder has no behave.ini),
# and the main command, which runs the scenarios in parallel worker processes.
SMOKE_RUNNER = "astronote_smoke.behave_adapter.runner:SmokeRunner"
RUNNERS = {"behave": ("behave", f"--runner={SMOKE_RUNNER}"), "parallel": ("astronote_smoke", "run")}
# The whole suite takes seconds; a run that takes this long is stuck, not slow.
RUN_LIMIT_S = 180


@dataclass(frozen=True)
class SuiteRun:
    exit_code: int
    stdout: str = field(repr=False)  # standard error too, unless the run kept the two apart
    stderr: str = field(repr=False)  # empty unless the run kept the two apart
    folder: Path  # the run's own folder
    reports: Path  # junit/, allure/ and console.txt of this run
    seconds: float = 0.0
    faults: tuple[str, ...] = ()  # of the reference stack the suite started

    @property
    def console(self) -> str:
        return self.stdout + self.stderr

    @cached_property
    def outcomes(self) -> dict[str, Outcome]:
        """Each scenario's outcome by case id, as the JUnit files say."""
        return read_junit(self.reports / "junit")

    @property
    def failed(self) -> set[str]:
        return {case for case, outcome in self.outcomes.items() if outcome.status in FAILED}

    @property
    def passed(self) -> set[str]:
        return {case for case, outcome in self.outcomes.items() if outcome.status == "passed"}

    def outcome(self, case: str) -> Outcome:
        assert case in self.outcomes, f"{case} did not run:\n{self.console[-3000:]}"
        return self.outcomes[case]

    def allure_results(self) -> list[dict]:
        return allure_results(self.reports / "allure")

    def skip_reason(self, case: str) -> str:
        """Why a scenario was skipped, as the Allure results say (behave's JUnit does not)."""
        for result in self.allure_results():
            if case_id(result.get("name", "")) == case:
                return (result.get("statusDetails") or {}).get("message", "")
        raise AssertionError(f"{case} has no Allure result")

    def describe(self) -> str:
        """Every scenario that did not pass, with its message; the console's end when none ran."""
        lines = [f"suite run with faults {', '.join(self.faults) or 'none'}: exit {self.exit_code}, "
                 f"{self.seconds:.1f} s"]
        lines += [f"  {case} {outcome.status}: {outcome.message}"
                  for case, outcome in sorted(self.outcomes.items()) if outcome.status != "passed"]
        if not self.outcomes:
            lines.append(self.console[-3000:])
        return "\n".join(lines)


def caller_environment() -> dict[str, str]:
    """This process's environment without the variables that would change the target or the run."""
    return {name: value for name, value in os.environ.items() if not name.startswith(FOREIGN_PREFIXES)}


def suite_environment(settings: dict[str, str | None] | None = None) -> dict[str, str]:
    """The environment of a suite run: the caller's, no `.env`, the project importable, then `settings`."""
    env = caller_environment()
    env.update({"SMOKE_ENV_FILE": os.devnull, "PYTHONPATH": str(PROJECT_ROOT), "PYTHONUNBUFFERED": "1"})
    env.update(settings or {})
    # None removes a variable: the suite then reads its default, a `.env` in the run's folder for instance.
    return {name: value for name, value in env.items() if value is not None}


def suite_command(*options: str, reports: Path, runner: str = "behave") -> list[str]:
    """`python -m behave`, or the main command, writing Allure results and JUnit into `reports`."""
    # behave pairs formats and outfiles by position: the Allure formatter comes first, with its folder.
    return [sys.executable, "-m", *RUNNERS[runner], "-f", ALLURE_FORMATTER, "-o", str(reports / "allure"),
            "--junit", "--junit-directory", str(reports / "junit"), *options]


def run_command(command: list[str], folder: Path, settings: dict[str, str | None] | None = None, *,
                reports: Path | None = None, cwd: Path | None = None, apart: bool = False,
                limit_s: float = RUN_LIMIT_S, kind: type[SuiteRun] = SuiteRun) -> SuiteRun:
    """Run `command` to its end from `folder` (or `cwd`) with `settings` over `suite_environment`.

    `reports` defaults to `folder`; `apart` keeps standard output and error apart; `kind` is the
    SuiteRun subclass to answer with."""
    reports = reports or folder
    for needed in (folder, reports):
        needed.mkdir(parents=True, exist_ok=True)
    env = suite_environment(settings)
    started = time.monotonic()
    done = subprocess.run(command, cwd=cwd or folder, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE if apart else subprocess.STDOUT, text=True, timeout=limit_s)
    seconds = time.monotonic() - started
    (reports / "console.txt").write_text(done.stdout + (done.stderr or ""), encoding="utf-8")
    faults = tuple(fault for fault in env.get("SMOKE_STACK_FAULTS", "").split(",") if fault)
    return kind(done.returncode, done.stdout, done.stderr or "", folder, reports, seconds, faults)
