"""bin/watch, as the watch workflow runs it: the watch run, its report and history, then notify; green while
notify does its part, whatever the verdict, so an unchanged NO-GO does not fail every scheduled job."""
from __future__ import annotations

import subprocess

from suite_runs import sandbox
from tests.support.suite_run import RUN_LIMIT_S, caller_environment


def watch(root, **variables) -> subprocess.CompletedProcess:
    env = {**caller_environment(), "SMOKE_WARMUP": "1", "SMOKE_WORKERS": "1", **variables}
    return subprocess.run([str(root / "bin" / "watch"), "--tags=@D3 or @D4"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=RUN_LIMIT_S)


def test_bin_watch_speaks_once_when_the_verdict_breaks_and_stays_green(tmp_path):
    root = sandbox(tmp_path / "checkout")
    runs = [watch(root, SMOKE_STACK_FAULTS=faults) for faults in ("", "retail-db-down", "retail-db-down")]
    assert [run.returncode for run in runs] == [0, 0, 0], runs[-1].stdout + runs[-1].stderr
    said = [run.stdout for run in runs]
    assert "nothing sent: no earlier comparable run" in said[0] and "nothing sent: no change since" in said[2]
    assert "the message would be:\nAstronote smoke broke: Watch: Rehearsal did not pass (NO-GO)" in said[1]
    assert (root / "reports" / "smoke-report.html").exists()
    assert len((root / "reports" / "history.jsonl").read_text(encoding="utf-8").splitlines()) == 3


def test_bin_watch_stops_with_2_on_bad_configuration(tmp_path):
    root = sandbox(tmp_path / "checkout")
    run = watch(root, SMOKE_WATCH_WRITES_EVERY="hourly")
    assert run.returncode == 2
    assert "SMOKE_WATCH_WRITES_EVERY" in run.stderr and "Traceback" not in run.stderr
