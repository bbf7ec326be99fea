"""`ParallelRunner`: behave's runner, with the scenarios run side by side by forked worker processes.

The parent process does what happens once per run: it parses the features, runs `before_all`
(configuration, the reference stack, the warm-up, emptying the results folders), forks the
workers, and at the end writes the JUnit files and behave's summary from the records the
workers sent (`tally`), then runs `after_all` and the run's cleanups (which stop the stack). The workers inherit the parent's state and run one
scenario at a time (see `worker.py`); the console shows each feature in one piece.

Selection is behave's own: every scenario goes through behave's Feature.run in a worker, so
--tags, --name, file:line locations and --include/--exclude select exactly what plain behave
selects. Options whose output only makes sense from one process (--stop, --dry-run, a JSON or
rerun formatter, a console formatter writing to a file) run the suite sequentially instead.
A hook per feature (`before_feature`) runs once per scenario, in the worker that runs it.
"""
from __future__ import annotations

import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Mapping

import behave.runner
from allure_behave.formatter import AllureFormatter
from behave.formatter._registry import select_formatter_class
from behave.runner import Context

from ..hooks import stopped_by
from ..junit import use_records_junit
from ..records import lost_outcome
from ..result_writes import note
from ..runner import SmokeRunner
from ...config import read_environment, setting
from .breaker import SharedBreaker
from .console import FeatureBlocks
from .lost import report_lost
from .pool import WorkerPool
from .tally import report_features
from .unit_results import UnitOutcome
from .units import Unit, dispatch_order, plan

WORKERS_VARIABLE = "SMOKE_WORKERS"
# Console formatters whose output is per feature and per scenario, so it can be cut and reassembled.
CONSOLE_FORMATTERS = ("pretty", "plain", "null")


def worker_count(environ: Mapping[str, str]) -> int:
    """SMOKE_WORKERS, the number of scenarios run at once (1: sequentially, as plain behave does).

    Read before behave starts, not from the run's `Settings`: those are built by `before_all`, and
    whether the run is parallel decides who runs `before_all` (behave's own loop, or this runner's),
    so the count must be known first. The runner also serves behave projects without the suite's
    hooks, which build no Settings at all. It is read through the same declaration
    (`config.VARIABLES`, parsed by `config.setting`) that `before_all` checks with every other
    variable, so its name, default and message are those of the one list.
    """
    return setting(WORKERS_VARIABLE, environ)


def sequential_reason(config, workers: int) -> str | None:
    """Why this run cannot be parallel, in a few words; None when it can."""
    if workers == 1:
        return f"{WORKERS_VARIABLE} is 1"
    if config.dry_run:
        return "--dry-run lists the scenarios without running them"
    if config.stop:
        return "--stop ends the run at the first failure"
    consoles = 0
    for position, name in enumerate(config.format):
        output = config.outputs[position] if position < len(config.outputs) else None
        to_console = output is None or not output.name
        formatter = select_formatter_class(name)
        if issubclass(formatter, AllureFormatter) and not to_console:
            continue
        if name in CONSOLE_FORMATTERS and to_console:
            consoles += 1
            if consoles > 1:
                return "two formatters writing to the console interleave their lines"
            continue
        return f"the {name} formatter{'' if to_console else ' writing to ' + output.name} needs a single process"
    return None


class ParallelRunner(SmokeRunner):
    """The suite's runner, run in parallel.

    `python -m astronote_smoke run` uses it; so does
    `behave --runner=astronote_smoke.behave_adapter.parallel.runner:ParallelRunner`.
    """

    def __init__(self, config):
        super().__init__(config)
        self.workers = worker_count(read_environment())
        self.sequential = sequential_reason(config, self.workers)

    def run_with_paths(self):
        if self.sequential:
            print(f"Running the scenarios one after another: {self.sequential}.", file=sys.stderr)
        return super().run_with_paths()

    def run_model(self, features=None):
        if self.sequential:
            return super().run_model(features)
        if not self.context:
            self.context = Context(self)
        if self.step_registry is None:
            # The registry behave's own runner uses: the step decorators fill that one.
            self.step_registry = behave.runner.the_step_registry
        features = self.features if features is None else features
        started = time.monotonic()
        self.hook_failures = 0
        self.run_hook("before_all")

        # The JUnit files are written from the workers' records, with or without the suite's hooks.
        use_records_junit(self.config, getattr(self.context, "outcome_log", None))
        units = plan(features, self.config)
        undefined_before = len(self.undefined_steps)
        outcomes: dict[int, UnitOutcome] = {}
        failed_units, workers = (0, 0) if self.aborted or not units else self._run_units(units, outcomes)
        if failed_units:
            # As behave marks the run when a step fails, for hooks that read context.failed.
            self.context._set_root_attribute("failed", True)
        report_features(features, units, outcomes, self.config.reporters)

        cleanups_failed = False
        self.run_hook_with_capture("after_all")
        try:
            self.context._do_remaining_cleanups()
        except Exception:  # behave's own rule: a failing cleanup fails the run
            cleanups_failed = True
        if self.aborted and stopped_by(self.context) is None:
            print("\nABORTED: By user.")
        for formatter in self.formatters:
            formatter.close()
        for reporter in self.config.reporters:
            reporter.end()
        if workers:
            print(_timing(outcomes.values(), workers, time.monotonic() - started))
        return bool(failed_units or self.aborted or self.hook_failures
                    or len(self.undefined_steps) > undefined_before or cleanups_failed)

    def _run_units(self, units: list[Unit], outcomes: dict[int, UnitOutcome]) -> tuple[int, int]:
        """Run every unit in the workers, keeping each one's outcome in `outcomes` by unit number;
        returns how many failed and how many workers ran them."""
        blocks = FeatureBlocks(units)
        findings = getattr(self.context, "findings", None)
        if findings is not None:
            findings.take_new()  # what before_all found is the parent's already: workers hand on only theirs
        failed = 0

        def on_outcome(unit: Unit, outcome: UnitOutcome) -> None:
            nonlocal failed
            outcomes[unit.number] = outcome
            for scenario_position, step_position in outcome.undefined:
                # behave's snippets for undefined steps name the parent's own parsed steps.
                self.undefined_steps.append(list(unit.scenarios[scenario_position].all_steps)[step_position])
            log = getattr(self.context, "outcome_log", None)
            if outcome.lost:
                message = outcome.cases[0].problem.message
                report_lost(self.formatters, unit.scenarios, message)
                unit_outcomes = [lost_outcome(scenario, message) for scenario in unit.scenarios if unit.selected]
            else:
                unit_outcomes = outcome.outcomes
            if log is not None:
                log.extend(unit_outcomes)
            if findings is not None:
                findings.merge(outcome.findings)
            note(outcome.failed_write)
            blocks.add(unit, outcome.text)
            failed += outcome.failed
            self.hook_failures += outcome.hook_failures

        size = min(self.workers, max(1, sum(unit.selected for unit in units)))
        with tempfile.TemporaryDirectory(prefix="smoke-parallel-") as folder:
            pool = WorkerPool(self, units, size, Path(folder), on_outcome)
            with self._shared_circuit_breaker(Path(folder) / "down"):
                pool.run(dispatch_order(units))
        blocks.finish()
        if pool.interrupted:
            self.abort(reason="KeyboardInterrupt")
        return failed, size

    @contextmanager
    def _shared_circuit_breaker(self, folder: Path):
        """A service one worker found down is down for all: the others fail at once instead of waiting."""
        client = getattr(getattr(self.context, "smoke", None), "client", None)
        if client is None or not isinstance(getattr(client, "down", None), dict):
            yield
            return
        client.down = SharedBreaker(folder, client.down)
        try:
            yield
        finally:
            client.down = dict(client.down)


def _timing(outcomes: Iterable[UnitOutcome], workers: int, wall_s: float) -> str:
    busy_s = sum(case.duration for outcome in outcomes for case in outcome.cases)
    return (f"Ran in {workers} parallel worker{'s' if workers != 1 else ''}: {wall_s:.1f} s from start to verdict, "
            f"{busy_s:.1f} s of scenarios")
