"""The workers of a parallel run: forked from the parent, handed units one at a time.

Workers are forked (not spawned) after `before_all`, so that they start in a few milliseconds
with behave, the steps and the run's state already loaded. Each idle worker gets the next unit
in dispatch order; a worker that ends without answering (killed, crashed) has its unit
reported as an error and is replaced while units remain. On Ctrl-C or SIGTERM no further unit
is handed out; the running scenarios get SETTLE_S to finish, then SIGTERM (their cleanups still
run, as in a sequential run), and a worker still busy GRACE_S later is killed.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import signal
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Callable

from ...safety.signals import ends_with_parent
from .console import marks_path, unit_text
from .unit_results import UnitOutcome, UnitText, lost
from .units import Unit
from .worker import serve

# After Ctrl-C or SIGTERM: how long running scenarios get to finish, then to stop and clean up.
SETTLE_S = 2.0
GRACE_S = 15.0


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection
    output_path: Path
    unit: Unit | None = None


class WorkerPool:
    """`size` forked workers running `units` for `runner`; outcomes go to `on_outcome` in the parent."""

    def __init__(self, runner, units: list[Unit], size: int, folder: Path,
                 on_outcome: Callable[[Unit, UnitOutcome], None]):
        self.runner = runner
        self.units = units
        self.size = size
        self.folder = folder
        self.on_outcome = on_outcome
        self.context = multiprocessing.get_context("fork")
        self.workers: list[_Worker] = []
        self.queue: deque[Unit] = deque()
        self.stopping = False
        self.interrupted = False
        self.started = 0

    def run(self, order: list[Unit]) -> None:
        self.queue = deque(order)
        try:
            for _ in range(min(self.size, len(order))):
                self._hand_out(self._start_worker())
            self._serve()
        except KeyboardInterrupt:
            self.stopping = self.interrupted = True
            self._wind_down()
        finally:
            self._end_workers()

    def _start_worker(self) -> _Worker:
        parent_end, child_end = self.context.Pipe()
        output_path = self.folder / f"worker-{self.started}.out"
        self.started += 1
        process = self.context.Process(
            target=ends_with_parent(serve, [worker.connection for worker in self.workers]),
            args=(self.runner, self.units, child_end, str(output_path)),
            name=f"smoke-worker-{self.started}", daemon=True)
        process.start()
        child_end.close()
        worker = _Worker(process, parent_end, output_path)
        self.workers.append(worker)
        return worker

    def _hand_out(self, worker: _Worker) -> None:
        """The next unit to `worker`, or the word to finish when there is none."""
        worker.unit = self.queue.popleft() if self.queue and not self.stopping else None
        try:
            worker.connection.send(worker.unit.number if worker.unit else None)
        except OSError:
            # It ended already; its sentinel tells the loop what happened to the unit.
            pass

    def _serve(self, deadline: float | None = None) -> None:
        while self._busy():
            timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
            ready = set(wait([w.connection for w in self._busy()] + [w.process.sentinel for w in self._busy()],
                             timeout))
            if not ready:
                return
            for worker in self._busy():
                if worker.connection in ready or worker.connection.poll():
                    self._receive(worker)
                elif worker.process.sentinel in ready:
                    self._lose(worker)

    def _busy(self) -> list[_Worker]:
        return [worker for worker in self.workers if worker.unit is not None]

    def _receive(self, worker: _Worker) -> None:
        unit = worker.unit
        try:
            outcome = worker.connection.recv()
        except (EOFError, OSError):
            self._lose(worker)
            return
        worker.unit = None
        self.on_outcome(unit, outcome)
        if outcome.aborted:
            self.stopping = True
        self._hand_out(worker)

    def _lose(self, worker: _Worker) -> None:
        """The worker ended without answering: its unit is an error, and a new worker takes its place."""
        unit, worker.unit = worker.unit, None
        worker.process.join(timeout=GRACE_S)
        if worker.process.is_alive():  # its connection broke, yet it runs on: it can report nothing more
            worker.process.kill()
            worker.process.join()
        self.workers.remove(worker)
        worker.connection.close()
        code = worker.process.exitcode
        ending = f"was killed by signal {-code}" if code is not None and code < 0 else f"exited with code {code}"
        message = f"the worker process running this scenario {ending} before reporting it"
        text = _last_output(worker.output_path)
        text = UnitText(text.header, text.rule_header, text.body + message + "\n\n")
        self.on_outcome(unit, lost(unit, message, text))
        if self.queue and not self.stopping:
            self._hand_out(self._start_worker())

    def _wind_down(self) -> None:
        """After an interrupt: let running scenarios finish, then ask them to stop, then end them."""
        for deadline, nudge in ((SETTLE_S, None), (GRACE_S, signal.SIGTERM)):
            busy = self._busy()
            if not busy:
                return
            if nudge:
                for worker in busy:
                    _signal(worker.process, nudge)
            try:
                self._serve(time.monotonic() + deadline)
            except KeyboardInterrupt:
                continue

    def _end_workers(self) -> None:
        for worker in self.workers:
            if worker.unit is None:
                try:
                    worker.connection.send(None)
                except OSError:
                    pass
        for worker in self.workers:
            worker.process.join(timeout=GRACE_S if worker.unit is None else 0)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()


def _signal(process, signum: int) -> None:
    try:
        os.kill(process.pid, signum)
    except ProcessLookupError:
        pass


def _last_output(path: Path) -> UnitText:
    """What the lost worker printed for its last unit, which may say why it ended."""
    try:
        output = path.read_bytes()
        marks = json.loads(Path(marks_path(path)).read_text())
    except (OSError, ValueError):
        return UnitText("", "", "")
    text = unit_text(output, marks)
    if text.body and not text.body.endswith("\n"):
        return UnitText(text.header, text.rule_header, text.body + "\n")
    return text
