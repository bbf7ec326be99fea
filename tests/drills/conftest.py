"""Fixtures of the fault drills: every drill the selected tests need runs once per session,
a few at a time, and each test reads the finished run of its `drill` parameter.

The suite runs spend most of their time waiting (on the stack's delays, the worker, the
warm-up), so running a few side by side shortens the session without crowding two cores.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from drill_plan import DRILLS
from suite_run import run_suite
from tests.support.suite_run import SuiteRun

CONCURRENT_RUNS = 3


class DrillPool:
    def __init__(self, names, folder):
        self._pool = ThreadPoolExecutor(max_workers=CONCURRENT_RUNS, thread_name_prefix="drill")
        # The longest drills start first, so that they do not end the session alone.
        slow_first = sorted(names, key=lambda name: name not in ("slow", "cold-start", "worker-stopped"))
        self._runs = {name: self._pool.submit(run_suite, DRILLS[name].faults, folder / name, DRILLS[name].settings)
                      for name in slow_first}

    def result(self, name) -> SuiteRun:
        return self._runs[name].result()

    def close(self):
        self._pool.shutdown(wait=True, cancel_futures=True)


@pytest.fixture(scope="session")
def drill_pool(request, tmp_path_factory):
    names = set()
    for item in request.session.items:
        params = item.callspec.params if hasattr(item, "callspec") else {}
        # A test reads the run of its `drill`, and of its `other_drills` if it compares with them.
        names |= {params.get("drill"), *params.get("other_drills", ())}
    pool = DrillPool(names & DRILLS.keys(), tmp_path_factory.mktemp("drills"))
    yield pool
    pool.close()


@pytest.fixture
def run(drill, drill_pool) -> SuiteRun:
    """The finished suite run of this test's drill."""
    return drill_pool.result(drill)
