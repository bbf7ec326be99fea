"""The worker side of a parallel run: a process forked after `before_all`, running units it is sent.

The worker inherits everything `before_all` set up in the parent: the settings, the HTTP client
(with the services the warm-up found down), the reference stack's addresses. It never runs
`before_all` or `after_all`, and never the run's own cleanups: those belong to the parent.
The formatters it inherits (created, and perhaps wrapped by `before_all`, in the parent) write
its Allure results and console output; it runs each unit as behave runs a feature, hooks
included.
"""
from __future__ import annotations

from multiprocessing.connection import Connection

from ..result_writes import failed_write
from .console import UnitCapture
from .unit_results import UnitOutcome, record
from .state import RunLists
from .units import Unit


def serve(runner, units: list[Unit], run_lists: RunLists, connection: Connection, output_path: str) -> None:
    """Run the units whose numbers arrive on `connection` until it sends None; answer each with its outcome."""
    capture = UnitCapture(output_path)
    runner.formatters = [capture.marker, *runner.formatters]
    try:
        while True:
            number = connection.recv()
            if number is None:
                break
            outcome = run_unit(runner, units[number], run_lists, capture)
            connection.send(outcome)
            if outcome.aborted:
                break
    except (KeyboardInterrupt, EOFError):
        # Interrupted while idle, or the parent is gone: nothing is half done.
        pass
    finally:
        for formatter in runner.formatters:
            formatter.close()


def run_unit(runner, unit: Unit, run_lists: RunLists, capture: UnitCapture) -> UnitOutcome:
    """Run one unit as behave's runner runs a feature, and record what became of it."""
    capture.begin()
    feature = unit.as_feature()
    undefined_before = len(runner.undefined_steps)
    hook_failures_before = runner.hook_failures
    runner.feature = feature
    for formatter in runner.formatters:
        formatter.uri(feature.filename)
    try:
        failed = feature.run(runner)
    except KeyboardInterrupt:
        runner.abort(reason="KeyboardInterrupt")
        failed = True
    appended = run_lists.appended()
    log = getattr(runner.context, "outcome_log", None)
    return record(unit, feature, failed=failed, aborted=runner.aborted,
                  hook_failures=runner.hook_failures - hook_failures_before,
                  undefined_steps=runner.undefined_steps[undefined_before:],
                  appended=appended, text=capture.end(),
                  outcomes=log.take_new() if log is not None else [], failed_write=failed_write())
