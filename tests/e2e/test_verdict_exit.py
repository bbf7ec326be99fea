"""Plain `behave` (with the runner the project's behave.ini names) and the main command end on the verdict.

Their exit code is the verdict's (0 GO, 1 NO-GO or INCOMPLETE), their last lines say it, and a
run starts by removing the previous run's verdict files, so none sits beside new results.
"""
import configparser

import pytest

from astronote_smoke.outcome import read_outcomes
from tests.drills.suite_run import DRILL_SETTINGS
from tests.support.suite_run import FEATURES, PROJECT_ROOT, SMOKE_RUNNER, run_command, suite_command

STALE = ("summary.md", "summary.json", "smoke-report.html", "outcomes.json")


def test_behave_ini_names_the_smoke_runner():
    assert project_runner() == SMOKE_RUNNER


def project_runner() -> str:
    ini = configparser.ConfigParser()
    ini.read(PROJECT_ROOT / "behave.ini")
    return ini["behave"]["runner"]


def run(folder, runner, tags, faults, **settings):
    # The run's folder holds a behave.ini with the project's runner line only (its outputs go to the folder).
    (folder / "behave.ini").write_text(f"[behave]\nrunner = {project_runner()}\n", encoding="utf-8")
    command = suite_command(str(FEATURES), f"--tags={tags}", "-f", "null", reports=folder, runner=runner)
    if runner == "behave":
        command.remove(f"--runner={SMOKE_RUNNER}")  # the behave.ini names it
    return run_command(command, folder, {**DRILL_SETTINGS, "SMOKE_STACK_FAULTS": ",".join(faults), **settings})


def closing(run_result) -> list[str]:
    lines = run_result.console.rstrip().splitlines()
    start = max(index for index, line in enumerate(lines) if line.startswith("Rehearsal "))
    return lines[start:]


@pytest.mark.parametrize("runner", ["behave", "parallel"])
def test_a_normal_check_failing_alone_is_a_go_with_a_warning(tmp_path, runner):
    for name in STALE:
        (tmp_path / name).write_text("GO, from an earlier run", encoding="utf-8")
    result = run(tmp_path, runner, "@A1 or @A3", ["light-theme"])
    assert result.exit_code == 0, result.console[-3000:]
    last = closing(result)
    assert last[0].startswith("Rehearsal passed (GO)") and "not a release verdict" in last[0]
    assert any(line.startswith("  A3 normal: Web GET ") for line in last), last
    assert last[-2] == "Target: local reference stack"
    record, _ = read_outcomes(tmp_path)
    assert last[-1] == f"Run id: {record.run_id}"
    for name in STALE[:3]:
        assert not (tmp_path / name).exists(), name


@pytest.mark.parametrize("runner", ["behave", "parallel"])
def test_a_blocker_failing_is_a_no_go(tmp_path, runner):
    result = run(tmp_path, runner, "@A1", ["web-down"], SMOKE_WARMUP="0")
    assert result.exit_code == 1, result.console[-3000:]
    last = closing(result)
    assert last[0].startswith("Rehearsal did not pass (NO-GO)") and last[1] == "Failures:"
    assert last[2].startswith("  A1 blocker: Web GET ") and "connection refused" in last[2]


def test_failures_of_one_unreachable_service_are_one_line(tmp_path):
    result = run(tmp_path, "behave", "@A1 or @A2 or @A3", ["web-down"], SMOKE_WARMUP="0")
    assert result.exit_code == 1, result.console[-3000:]
    failures = [line for line in closing(result) if line.startswith("  ")]
    # An unreachable service stops the release whatever the check's severity: all three under one cause.
    assert len(failures) == 1, failures
    assert failures[0].startswith("  Web unreachable: ") and "connection refused" in failures[0]
    assert failures[0].endswith(": 3 checks could not run (A1, A2, A3)")


def test_the_strict_gate_makes_the_normal_failure_a_no_go(tmp_path):
    result = run(tmp_path, "behave", "@A1 or @A3", ["light-theme"], SMOKE_GATE="strict")
    assert result.exit_code == 1, result.console[-3000:]
    assert closing(result)[0].startswith("Rehearsal did not pass (NO-GO)")
