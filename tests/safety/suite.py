"""Running the real suite in a subprocess, as CI does, with short bounds, and interrupting it.

Each run works in an empty folder of the test's own (its `tmp_path`), which may hold a `.env`
the test wrote there. The run writes JUnit XML, Allure results, the plain formatter's output
and its console under `<folder>/reports/`.
"""
from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from tests.support.suite_run import FEATURES, SuiteRun, run_command, suite_command, suite_environment

# Short bounds: these tests are about what fails and why, not about waiting.
QUICK = {"SMOKE_TIMEOUT": "2", "SMOKE_WARMUP": "2"}
RUN_LIMIT_S = 120
SIGNALS = {"SIGINT": signal.SIGINT, "SIGTERM": signal.SIGTERM, "SIGHUP": signal.SIGHUP}


def environment(settings: dict[str, str | None] | None = None) -> dict[str, str]:
    """The suite's environment with QUICK bounds; `settings` over them, None removing a variable."""
    return suite_environment({**QUICK, **(settings or {})})


def command(folder: Path, *behave_options: str, runner: str = "behave", plain: bool = True) -> list[str]:
    """The suite's command; without `plain` (a formatter that needs one process) a parallel run really forks."""
    reports = folder / "reports"
    plain_output = ("-f", "plain", "-o", str(reports / "plain.txt")) if plain else ()
    return suite_command(str(FEATURES), "--no-color", *plain_output, "-f", "pretty",
                         *behave_options, reports=reports, runner=runner)


def run_suite(*behave_options: str, folder: Path, settings: dict[str, str] | None = None,
              runner: str = "behave", plain: bool = True) -> SuiteRun:
    """Run the suite to the end in `folder`; `settings` are environment variables over QUICK."""
    return run_command(command(folder, *behave_options, runner=runner, plain=plain), folder, {**QUICK, **(settings or {})},
                       reports=folder / "reports", limit_s=RUN_LIMIT_S)


def start_suite(*behave_options: str, folder: Path, settings: dict[str, str] | None = None,
                runner: str = "behave", plain: bool = True) -> subprocess.Popen:
    """Start the suite in `folder` without waiting, for tests that interrupt it; its console goes to console.txt.

    It leads a process group of its own, as a job in a terminal or a CI step does."""
    (folder / "reports").mkdir(parents=True, exist_ok=True)
    console = open(folder / "reports" / "console.txt", "w")
    process = subprocess.Popen(command(folder, *behave_options, runner=runner, plain=plain), cwd=folder, env=environment(settings),
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
    reports = folder / "reports"
    return SuiteRun(process.returncode, (reports / "console.txt").read_text(), "", folder, reports)
