"""How fast the smoke suite reaches its verdict: sequential (plain behave) against parallel
(`python -m astronote_smoke run`, the README's main command), with and without remote-like
latency, and in the two drills of a bad night: one API hung, every service asleep. Not a
test; run it on an idle machine, from the project root:

    .venv/bin/python bench/suite_speed.py [--repeats 3]

Each timed run is a fresh process, timed from its start to its exit. The sequential and
parallel runs of a latency setting each get a fresh reference stack with that latency,
started before the clock starts (so stack start is excluded), and the median of the repeats
is shown. The drills let the suite start its own stack, as on-call would, so their times
include the stack start. Prints seconds and ratios, and whether each target is met.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from astronote_smoke.campaigns import FIRST_LOOK_S as I3_FIRST_LOOK_S  # noqa: E402
from astronote_smoke.behave_adapter.parallel.runner import DEFAULT_WORKERS  # noqa: E402
from astronote_smoke.stack import ReferenceStack  # noqa: E402

FEATURES = ROOT / "features"
ALLURE_FORMATTER = "astronote_smoke.behave_adapter.allure_formatter:SmokeAllureFormatter"
FOREIGN_PREFIXES = ("SMOKE_", "WEB_URL", "SHOPIFY_", "RETAIL_", "SHORT_LINK_")
SMOKE_TIMEOUT_S = 10
# Targets of the "fast verdicts" work.
PARALLEL_SHARE_AT_150_MS = 1 / 3
OVERHEAD_MS = 10.0
HUNG_MARGIN_S = 5.0
COLD_S = 20
COLD_VERDICT_S = 25.0
STACK_READY_S = 1.5
STACK_STARTS = 5


@dataclass(frozen=True)
class Timed:
    seconds: float
    exit_code: int
    statuses: Counter  # JUnit test case status -> count
    messages: list[str]  # failure messages

    @property
    def scenarios(self) -> int:
        return sum(self.statuses.values())

    def counts(self) -> str:
        return ", ".join(f"{count} {status}" for status, count in sorted(self.statuses.items()))


def run_suite(parallel: bool, env: dict[str, str], tags: str | None = None) -> Timed:
    """One run of the suite in a fresh folder, as the main command runs it (Allure, pretty, JUnit)."""
    with tempfile.TemporaryDirectory(prefix="suite-speed-") as folder:
        environ = {name: value for name, value in os.environ.items() if not name.startswith(FOREIGN_PREFIXES)}
        environ.update({"SMOKE_ENV_FILE": os.devnull, "PYTHONPATH": str(ROOT)}, **env)
        program = ["-m", "astronote_smoke", "run"] if parallel else ["-m", "behave"]
        command = [sys.executable, *program, str(FEATURES), "-f", ALLURE_FORMATTER, "-o", f"{folder}/allure",
                   "-f", "pretty", "--no-skipped", "--junit", "--junit-directory", f"{folder}/junit"]
        if tags:
            command.append(f"--tags={tags}")
        started = time.monotonic()
        done = subprocess.run(command, cwd=folder, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.monotonic() - started
        statuses, messages = Counter(), []
        for path in Path(folder, "junit").glob("*.xml"):
            for case in ElementTree.parse(path).getroot().iter("testcase"):
                statuses[case.get("status")] += 1
                messages += [problem.get("message", "") for problem in case if problem.tag in ("failure", "error")]
        return Timed(seconds, done.returncode, statuses, messages)


def against_fresh_stack(parallel: bool, latency_ms: int, tags: str | None, workers: str) -> Timed:
    with ReferenceStack(latency_ms=latency_ms) as stack:
        return run_suite(parallel, {**stack.env, "SMOKE_WORKERS": workers}, tags)


def median_run(repeats: int, parallel: bool, latency_ms: int, tags: str | None = None,
               workers: str = str(DEFAULT_WORKERS)) -> Timed:
    runs = [against_fresh_stack(parallel, latency_ms, tags, workers) for _ in range(repeats)]
    failed = [run for run in runs if run.exit_code != 0]
    if failed:
        print(f"  warning: {len(failed)} of {repeats} runs did not pass ({failed[0].counts()})", flush=True)
    middle = statistics.median(run.seconds for run in runs)
    return min(runs, key=lambda run: abs(run.seconds - middle))


def stack_ready(starts: int) -> list[float]:
    seconds = []
    for _ in range(starts):
        started = time.monotonic()
        with ReferenceStack():
            seconds.append(time.monotonic() - started)
    return seconds


def verdict(met: bool, detail: str) -> str:
    return f"target {detail}: {'met' if met else 'MISSED'}"


def show_stack_ready() -> None:
    ready = stack_ready(STACK_STARTS)
    slowest = max(ready)
    print(f"\nreference stack ready: median {statistics.median(ready):.2f} s, slowest {slowest:.2f} s of "
          f"{STACK_STARTS} starts = {slowest / STACK_READY_S:.2f} of the target "
          f"({verdict(slowest < STACK_READY_S, f'< {STACK_READY_S:g} s')})", flush=True)


def show_latencies(repeats: int) -> tuple[Timed, Timed]:
    """Sequential against parallel at 0 and 150 ms; returns the two runs at 0 ms."""
    print("\nwall time of the whole suite, stack start excluded:")
    print(f"  {'latency':>8}  {'sequential':>10}  {'parallel':>9}  {'parallel/sequential':>19}  {'speed-up':>8}")
    at_zero = None
    for latency_ms in (0, 150):
        sequential = median_run(repeats, False, latency_ms)
        parallel = median_run(repeats, True, latency_ms)
        share = parallel.seconds / sequential.seconds
        target = f"   {verdict(share <= PARALLEL_SHARE_AT_150_MS, '<= 0.33')}" if latency_ms == 150 else ""
        print(f"  {latency_ms:>5} ms  {sequential.seconds:>8.2f} s  {parallel.seconds:>7.2f} s  {share:>19.2f}  "
              f"{1 / share:>7.1f}x{target}", flush=True)
        at_zero = at_zero or (sequential, parallel)
    return at_zero


def show_overhead(repeats: int, sequential: Timed, parallel: Timed) -> None:
    count = parallel.scenarios
    per_scenario_ms = parallel.seconds / count * 1000
    print(f"\nper-scenario overhead at 0 ms (whole parallel run / {count} scenarios, stack start excluded): "
          f"{per_scenario_ms:.1f} ms = {per_scenario_ms / OVERHEAD_MS:.1f}x the target "
          f"({verdict(per_scenario_ms < OVERHEAD_MS, f'< {OVERHEAD_MS:g} ms')})")
    print(f"  sequential: {sequential.seconds / count * 1000:.1f} ms per scenario")
    print(f"  I3 waits {I3_FIRST_LOOK_S:g} s before its first look at its campaign: "
          f"{I3_FIRST_LOOK_S / parallel.seconds:.0%} of the parallel run", flush=True)
    one = median_run(repeats, True, 0, tags="@A1")
    print(f"  a run of one scenario (A1) takes {one.seconds:.2f} s: start-up, warm-up, reports, exit")
    for workers in (str(DEFAULT_WORKERS), "4"):
        without_i3 = median_run(repeats, True, 0, tags="not @I3", workers=workers)
        added_ms = (without_i3.seconds - one.seconds) / (without_i3.scenarios - 1) * 1000
        print(f"  without I3, {workers} workers: {without_i3.seconds:.2f} s / {without_i3.scenarios} scenarios = "
              f"{without_i3.seconds / without_i3.scenarios * 1000:.1f} ms per scenario; each scenario beyond "
              f"the first adds {added_ms:.1f} ms", flush=True)


def show_hung_api() -> None:
    hung = run_suite(True, {"SMOKE_STACK_FAULTS": "hung-shopify", "SMOKE_TIMEOUT": str(SMOKE_TIMEOUT_S)})
    unreachable = sum("unreachable" in message for message in hung.messages)
    limit = SMOKE_TIMEOUT_S + HUNG_MARGIN_S
    target = verdict(hung.seconds <= limit, f"<= {limit:g} s")
    print(f"\nShopify API hung (accepts connections, never answers), SMOKE_TIMEOUT={SMOKE_TIMEOUT_S}:")
    print(f"  verdict after {hung.seconds:.1f} s = SMOKE_TIMEOUT + {hung.seconds - SMOKE_TIMEOUT_S:.1f} s "
          f"= {hung.seconds / limit:.2f} of SMOKE_TIMEOUT + {HUNG_MARGIN_S:g} s ({target})")
    print(f"  {hung.counts()}; {unreachable} failed as unreachable; exit {hung.exit_code}", flush=True)


def show_cold_start() -> None:
    cold = run_suite(True, {"SMOKE_STACK_FAULTS": f"cold-start={COLD_S}"})
    passed = cold.exit_code == 0 and cold.statuses == Counter(passed=cold.scenarios)
    target = verdict(cold.seconds <= COLD_VERDICT_S and passed, f"<= {COLD_VERDICT_S:g} s and passes")
    print(f"\nevery service asleep for the first {COLD_S} s (stack start included):")
    print(f"  verdict after {cold.seconds:.1f} s = {cold.seconds / COLD_VERDICT_S:.2f} of {COLD_VERDICT_S:g} s, "
          f"{cold.seconds - COLD_S:.1f} s after the services woke ({target})")
    print(f"  {cold.counts()}; exit {cold.exit_code}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs per measurement, the median is shown (default 3)")
    args = parser.parse_args(argv)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Smoke suite speed: {DEFAULT_WORKERS} workers, median of {args.repeats} runs; {os.cpu_count()} CPUs, "
          f"load average {load}; Python {sys.version.split()[0]}", flush=True)
    show_stack_ready()
    sequential, parallel = show_latencies(args.repeats)
    show_overhead(args.repeats, sequential, parallel)
    show_hung_api()
    show_cold_start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
