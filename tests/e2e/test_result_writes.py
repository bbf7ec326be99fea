"""A result that cannot be written (a full disk) ends the run as a suite error, under both runners:
one line naming the folder, no traceback, the cleanups and the run-end sweep done, exit 1, and no
`outcomes.json` to build a verdict from.

The JUnit folder given as a file makes its write fail anywhere; a tiny tmpfs fills up under the
Allure results, written by the forked workers of the main command, where the machine lets a test
mount one (as root).
"""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from astronote_smoke.outcome import OUTCOMES_FILE
from tests.drills.suite_run import DRILL_SETTINGS
from tests.support.suite_run import FEATURES, SuiteRun, run_command, suite_command

# Services refused: every scenario fails at once, and each writes its result and evidence.
SETTINGS = {**DRILL_SETTINGS, "SMOKE_STACK_FAULTS": "refuse-all"}


def run(folder: Path, reports: Path, runner: str) -> SuiteRun:
    command = suite_command(str(FEATURES), "--no-color", reports=reports, runner=runner)
    return run_command(command, folder, SETTINGS, reports=folder)


def assert_a_suite_error_naming(result: SuiteRun, path: Path, reports: Path) -> None:
    assert result.exit_code == 1, result.console[-3000:]
    errors = [line for line in result.console.splitlines() if "suite error: could not write" in line]
    assert len(errors) == 1 and f"could not write {path}: " in errors[0], result.console[-3000:]
    assert "Traceback" not in result.console and "OSError" not in result.console, result.console[-3000:]
    assert "Sweep of smoke-" in result.console, "the run-end sweep did not run"
    assert not (reports / OUTCOMES_FILE).exists(), "a run with results missing left records to build a verdict from"


@pytest.mark.parametrize("runner", ["behave", "parallel"])
def test_a_junit_folder_that_cannot_be_written_is_a_suite_error(tmp_path, runner):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "junit").write_text("a file where the JUnit folder should be", encoding="utf-8")
    result = run(tmp_path / "run", reports, runner)
    assert_a_suite_error_naming(result, reports / "junit", reports)


@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 KiB file system: the results of a whole run do not fit."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("this machine does not let the test mount a tmpfs")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


@pytest.mark.parametrize("runner", ["behave", "parallel"])
def test_a_full_disk_under_the_allure_results_is_a_suite_error(tmp_path, tiny_disk, runner):
    result = run(tmp_path / "run", tiny_disk, runner)
    assert_a_suite_error_naming(result, tiny_disk / "allure", tiny_disk)
