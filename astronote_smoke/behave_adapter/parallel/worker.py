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

from ...findings import RunFindings
from ..junit import case_of
from ..result_writes import failed_write
from .console import UnitCapture
from .unit_results import UnitOutcome
from .units import Unit


def serve(runner, units: list[Unit], connection: Connection, output_path: str) -> None:
    """Run the units whose numbers arrive on `connection` until it sends None; answer each with its outcome."""
    capture = UnitCapture(output_path)
    runner.formatters = [capture.marker, *runner.formatters]
    try:
        while True:
            number = connection.recv()
            if number is None:
                break
            outcome = run_unit(runner, units[number], capture)
            connection.send(outcome)
            if outcome.aborted:
                break
    except (KeyboardInterrupt, EOFError):
        # Interrupted while idle, or the parent is gone: nothing is half done.
        pass
    finally:
        for formatter in runner.formatters:
            formatter.close()


def run_unit(runner, unit: Unit, capture: UnitCapture) -> UnitOutcome:
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
    findings = getattr(runner.context, "findings", None)
    log = getattr(runner.context, "outcome_log", None)
    rule = feature.run_items[0] if unit.rule is not None else None
    return UnitOutcome(
        number=unit.number, failed=failed, aborted=runner.aborted,
        hook_failures=runner.hook_failures - hook_failures_before,
        cases=[case_of(scenario) for scenario in unit.scenarios],
        feature_hook_failed=feature.hook_failed, rule_hook_failed=bool(rule is not None and rule.hook_failed),
        undefined=_positions(unit, runner.undefined_steps[undefined_before:]), text=capture.end(),
        findings=findings.take_new() if findings is not None else RunFindings(),
        outcomes=log.take_new() if log is not None else [], failed_write=failed_write())


def _positions(unit: Unit, steps: list) -> list[tuple[int, int]]:
    """Where each of `steps` is in the unit, as (scenario, step): the parent names its own parsed steps so."""
    positions = {id(step): (s, n) for s, scenario in enumerate(unit.scenarios)
                 for n, step in enumerate(scenario.all_steps)}
    return [positions[id(step)] for step in steps if id(step) in positions]
