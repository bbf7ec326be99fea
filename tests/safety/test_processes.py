"""Processes and folders: workers end with their parent, and one run at a time per folder."""
import os
import signal
import time

from shop_records import campaigns_named, run_id
from suite import run_suite, start_suite
from tests.support.stack import eventually

LATENCY_MS = 150


def group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def test_the_workers_of_a_parallel_run_end_when_the_parent_is_killed(start_stack, tmp_path):
    stack = start_stack(latency_ms=LATENCY_MS)
    process = start_suite(settings={**stack.env, "SMOKE_WORKERS": "3"}, runner="parallel", plain=False,
                          folder=tmp_path)
    try:
        workers = eventually(lambda: children_of(process.pid), 30, interval=0.05)
        assert workers, (tmp_path / "reports" / "console.txt").read_text()[-2000:]
        time.sleep(0.5)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        assert eventually(lambda: not group_alive(process.pid), 20), "workers outlived their parent"
    finally:
        if group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)


def test_a_second_run_in_the_same_folder_exits_2_naming_the_first(start_stack, tmp_path):
    stack = start_stack("worker-stopped", latency_ms=LATENCY_MS)
    run = run_id()
    first = start_suite("--tags=@writes", settings={**stack.env, "SMOKE_RUN_ID": run}, folder=tmp_path)
    try:
        assert eventually(lambda: campaigns_named(stack, f"smoke-{run}-"), 30, interval=0.02)
        second = run_suite("--tags=@D1", settings=stack.env, folder=tmp_path)
    finally:
        first.send_signal(signal.SIGINT)
        first.wait(timeout=60)
    assert second.exit_code == 2, second.console[-2000:]
    assert f"another smoke run is using {tmp_path.resolve()} (pid {first.pid}, started " in second.console, \
        second.console[-2000:]
    # The lock file sits in reports/, which CI uploads: it names no folder of this machine.
    assert str(tmp_path) not in (tmp_path / "reports" / ".smoke-run.lock").read_text(encoding="utf-8")
    # The first run kept the folder: it ended by its own Ctrl-C, not by the second's lock.
    assert first.returncode not in (0, 2)
