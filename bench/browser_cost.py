"""What the browser scenarios cost a run: the whole suite with and without `@browser`, each
timed from its start to its exit (the verdict), and the peak resident memory of the run's
whole process tree, as proportional set size (the suite, its workers, the reference stack it starts, Chromium and its
renderers). Not a test; run it on an idle machine, from the project root:

    .venv/bin/python bench/browser_cost.py [--repeats 3]

Each run is a fresh `python -m astronote_smoke run` (the parallel main command) that starts its
own reference stack, as on-call runs it; the median of the repeats is shown. Targets: the
browser scenarios add at most 1 s to the verdict, and the run stays under 1.5 GB resident.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FEATURES = ROOT / "features"
FOREIGN_PREFIXES = ("SMOKE_", "WEB_URL", "SHOPIFY_", "RETAIL_", "SHORT_LINK_")
ADDED_S_TARGET = 1.0
PEAK_MB_TARGET = 1536
SAMPLE_S = 0.05
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def run(tags: str | None) -> tuple[float, int, float]:
    """Seconds to the exit, exit code, and peak resident MB of the run's process tree."""
    with tempfile.TemporaryDirectory(prefix="browser-cost-") as folder:
        environ = {name: value for name, value in os.environ.items() if not name.startswith(FOREIGN_PREFIXES)}
        environ.update({"SMOKE_ENV_FILE": os.devnull, "PYTHONPATH": str(ROOT)})
        command = [sys.executable, "-m", "astronote_smoke", "run", str(FEATURES), "-f", "pretty", "--no-skipped",
                   "--junit", "--junit-directory", f"{folder}/junit"]
        if tags:
            command.append(f"--tags={tags}")
        started = time.monotonic()
        process = subprocess.Popen(command, cwd=folder, env=environ, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        peak = [0]
        watcher = threading.Thread(target=_watch, args=(process, peak), daemon=True)
        watcher.start()
        code = process.wait()
        seconds = time.monotonic() - started
        watcher.join()
        return seconds, code, peak[0] / 1024


def _watch(process: subprocess.Popen, peak: list[int]) -> None:
    while process.poll() is None:
        peak[0] = max(peak[0], sum(_resident_kb(pid) for pid in _tree(process.pid)))
        time.sleep(SAMPLE_S)


def _tree(root: int) -> set[int]:
    """`root` and every process descended from it (Chromium's own session included)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    tree, grew = {root}, True
    while grew:
        found = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= found
        grew = bool(found)
    return tree


def _resident_kb(pid: int) -> int:
    """The process's proportional share of resident memory (shared pages split between their
    users, so that Chromium's processes are not counted many times over); its RSS where the
    kernel gives no share."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    repeats = parser.parse_args().repeats
    print(f"{os.cpu_count()} cores; {repeats} runs each, median shown")
    results = {}
    for label, tags in (("without @browser", "not @browser"), ("whole suite", None)):
        runs = [run(tags) for _ in range(repeats)]
        seconds = statistics.median(r[0] for r in runs)
        peak = max(r[2] for r in runs)
        codes = sorted({r[1] for r in runs})
        results[label] = (seconds, peak)
        print(f"  {label:17} {seconds:6.2f} s to the verdict (runs: {', '.join(f'{r[0]:.2f}' for r in runs)}), "
              f"peak {peak:6.0f} MB resident, exit {codes}")
    added = results["whole suite"][0] - results["without @browser"][0]
    peak = results["whole suite"][1]
    print(f"browser scenarios add {added:.2f} s (target <= {ADDED_S_TARGET:g} s: "
          f"{'met' if added <= ADDED_S_TARGET else 'NOT met'})")
    print(f"peak of the whole run {peak:.0f} MB (target < {PEAK_MB_TARGET} MB: "
          f"{'met' if peak < PEAK_MB_TARGET else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
