"""Lanes of the worker pool: the units of one lane all go to the worker that took the first of them,
while the other workers take everything else (the browser scenarios share one Playwright driver)."""
from __future__ import annotations

from collections import deque
from pathlib import Path
from types import SimpleNamespace

from astronote_smoke.behave_adapter.parallel.pool import WorkerPool


def pool_with(*lanes):
    pool = WorkerPool(runner=None, units=[], run_lists=None, size=2, folder=Path("."), on_outcome=None)
    pool.queue = deque(SimpleNamespace(number=number, lane=lane) for number, lane in enumerate(lanes))
    return pool


def test_a_lane_stays_with_the_worker_that_took_it_first():
    pool = pool_with("browser", None, "browser", None, "browser")
    first, second = object(), object()
    assert pool._next_for(first).number == 0
    assert pool._next_for(second).number == 1   # the next browser unit is the first worker's
    assert pool._next_for(second).number == 3
    assert pool._next_for(second) is None       # only the first worker's lane is left
    assert [pool._next_for(first).number for _ in range(2)] == [2, 4]


def test_a_lane_whose_worker_was_lost_goes_to_the_next_worker():
    pool = pool_with("browser", "browser")
    lost, replacement = object(), object()
    pool._next_for(lost)
    assert pool._next_for(replacement) is None
    pool._release_lanes(lost)
    assert pool._next_for(replacement).number == 1
