"""How fast the verdict comes when production is broken: the whole suite against each fault of
`docs/fault-drills.md` alone (and a few pairs), each time to verdict set against the healthy
run, worst first; then the whole suite with and without the browser checks at 0 and 150 ms of
latency on every answer. Not a test; run it on an idle machine, from the project root:

    .venv/bin/python bench/red_path.py [--repeats 1] [--markdown] [FAULT ...]   (a pair: FAULT,FAULT)

Every run is a fresh `python -m astronote_smoke run` (the main command) that starts its own
reference stack with the fault switched on, as on-call runs it after a bad deploy, timed from
its start to its exit. Targets: a fault that is no hang by design gives its verdict within the
healthy time + 3 s; a service that never answers within SMOKE_TIMEOUT + 5 s of the healthy time;
what the contract makes the run wait for is added to the bound (a refusing service may be waking:
the warm-up, SMOKE_WARMUP; a campaign never sent: I3's polling bound); with the browser checks
the suite ends within 1 s (0 ms) and 1.5 s (150 ms) of the HTTP checks alone. The browser table
also shows the CPU each run took from the whole machine, and so the least the browser checks can
add on this machine's cores however the work is spread.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from astronote_smoke.campaigns import FIRST_LOOK_S, MAX_POLLS, POLL_INTERVAL_S  # noqa: E402
from astronote_smoke.stack.faults import FAULTS  # noqa: E402

DRILLS = ROOT / "docs" / "fault-drills.md"
FOREIGN_PREFIXES = ("SMOKE_", "WEB_URL", "SHOPIFY_", "RETAIL_", "SHORT_LINK_")
SMOKE_TIMEOUT_S = 10
RED_MARGIN_S = 3.0
HANG_MARGIN_S = 5.0
BROWSER_MARGIN_S = {0: 1.0, 150: 1.5}
# Faults whose point is that something never ends, by kind, with what the run waits for by design:
# a service that never answers (T), a campaign that is never sent (I3's polling bound, as the
# contract sets it), a service that refuses connections (it may be waking: the warm-up waits).
HANGS = {name for name, meaning in FAULTS.items() if "never answer" in meaning}
NEVER_SENT = {"campaign-stuck-sending", "worker-stopped"}
REFUSING = {"web-down", "refuse-all"}
I3_POLLING_S = FIRST_LOOK_S + POLL_INTERVAL_S * MAX_POLLS
SMOKE_WARMUP_S = 10
CORES = os.cpu_count() or 1
PAIRS = ("login-form-missing,light-theme", "web-down,hung-retail", "script-error-on-load,retail-db-down",
         "slow,dashboard-without-figures")


@dataclass(frozen=True)
class Timed:
    name: str
    seconds: float
    exit_code: int
    cpu_s: float = 0.0  # CPU the whole machine spent meanwhile: on an idle machine, the run's own


def busy_cpu_s() -> float:
    """CPU seconds every core of the machine has spent so far (Linux `/proc/stat`): a run's whole
    process tree, Chromium's renderers included, which no process accounting of the run sees."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, idle, iowait, irq, softirq = (int(value) for value in fields[:7])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def drill_faults() -> list[str]:
    """The faults of the drill tables, in their order."""
    names = re.findall(r"^\| `([a-z0-9-]+)` \|", DRILLS.read_text(encoding="utf-8"), re.MULTILINE)
    return [name for name in dict.fromkeys(names) if name in FAULTS]


def run(name: str, env: dict[str, str], tags: str | None = None) -> Timed:
    with tempfile.TemporaryDirectory(prefix="red-path-") as folder:
        environ = {key: value for key, value in os.environ.items() if not key.startswith(FOREIGN_PREFIXES)}
        environ.update({"SMOKE_ENV_FILE": os.devnull, "PYTHONPATH": str(ROOT),
                        "SMOKE_TIMEOUT": str(SMOKE_TIMEOUT_S), "SMOKE_WARMUP": str(SMOKE_WARMUP_S)}, **env)
        command = [sys.executable, "-m", "astronote_smoke", "run", str(ROOT / "features"), "-f", "plain",
                   "--no-skipped"] + ([f"--tags={tags}"] if tags else [])
        started, cpu_before = time.monotonic(), busy_cpu_s()
        done = subprocess.run(command, cwd=folder, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return Timed(name, time.monotonic() - started, done.returncode, busy_cpu_s() - cpu_before)


def median(repeats: int, name: str, env: dict[str, str], tags: str | None = None) -> Timed:
    runs = [run(name, env, tags) for _ in range(repeats)]
    middle = statistics.median(timed.seconds for timed in runs)
    return min(runs, key=lambda timed: abs(timed.seconds - middle))


def bound(fault: str, healthy: float) -> tuple[float, str]:
    parts = set(fault.split(","))
    if parts & REFUSING:
        return healthy + SMOKE_WARMUP_S + HANG_MARGIN_S, "refuses: the warm-up waits"
    if parts & NEVER_SENT:
        return healthy + I3_POLLING_S + RED_MARGIN_S, "never sent: I3 polls"
    if parts & HANGS:
        return healthy + SMOKE_TIMEOUT_S + HANG_MARGIN_S, "hang"
    return healthy + RED_MARGIN_S, "red"


def show_faults(repeats: int, faults: list[str], markdown: bool) -> None:
    healthy = median(repeats, "healthy", {})
    print(f"healthy: {healthy.seconds:.1f} s to verdict (exit {healthy.exit_code})\n", flush=True)
    timed = []
    for fault in faults:
        timed.append(median(repeats, fault, {"SMOKE_STACK_FAULTS": fault}))
        print(f"  … {fault}: {timed[-1].seconds:.1f} s", file=sys.stderr, flush=True)
    rows = []
    for result in sorted(timed, key=lambda result: result.seconds - healthy.seconds, reverse=True):
        limit, kind = bound(result.name, healthy.seconds)
        rows.append((result.name, kind, f"{result.seconds:.1f}", f"{result.seconds - healthy.seconds:+.1f}",
                     f"{limit:.1f}", "met" if result.seconds <= limit else "MISSED", str(result.exit_code)))
    table(("fault", "kind", "verdict after (s)", "against healthy (s)", "bound (s)", "target", "exit"), rows, markdown)


def show_browser_cost(repeats: int, markdown: bool) -> None:
    rows = []
    for latency in (0, 150):
        env = {"SMOKE_STACK_LATENCY_MS": str(latency)}
        http = median(repeats, "http", env, "not @browser")
        whole = median(repeats, "whole", env)
        added = whole.seconds - http.seconds
        # However well the work is spread, a run ends no sooner than its CPU divided by the cores.
        floor = whole.cpu_s / CORES - http.seconds
        rows.append((f"{latency} ms", f"{http.seconds:.1f}", f"{whole.seconds:.1f}", f"{added:+.1f}",
                     f"{BROWSER_MARGIN_S[latency]:g}", "met" if added <= BROWSER_MARGIN_S[latency] else "MISSED",
                     f"{http.cpu_s:.1f}", f"{whole.cpu_s:.1f}", f"{floor:+.1f}"))
    print()
    table(("latency", "HTTP checks alone (s)", "whole suite (s)", "browser adds (s)", "bound (s)", "target",
           "CPU, HTTP alone (s)", "CPU, whole (s)", f"least it can add on {CORES} cores (s)"), rows, markdown)


def table(header: tuple, rows: list[tuple], markdown: bool) -> None:
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    for row in (header, *rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("faults", nargs="*", help="faults to time (a pair as a,b) instead of every drill and the pairs")
    parser.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    parser.add_argument("--browser-cost", action="store_true", help="only the whole suite with and without the browser")
    options = parser.parse_args()
    faults = options.faults or drill_faults() + list(PAIRS)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"SMOKE_TIMEOUT={SMOKE_TIMEOUT_S}, SMOKE_WARMUP={SMOKE_WARMUP_S}; median of {options.repeats}\n", flush=True)
    if not options.browser_cost:
        show_faults(options.repeats, faults, options.markdown)
    show_browser_cost(options.repeats, options.markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
