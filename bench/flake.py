"""Flake check: run the healthy suite against a fresh reference stack N times in a row and print
how many runs had any scenario that did not pass. Not a CI test; run it before trusting a change
to the suite or the stack:

    .venv/bin/python bench/flake.py 30

Exits 1 when any run had a failure, and prints each such run's failing scenarios.
"""
import argparse
import sys
import tempfile
from pathlib import Path

# One module knows how to run the suite in isolation: the fault drills' runner.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.drills.suite_run import run_suite  # noqa: E402

# The contract's defaults, not the drills' short bounds: flakiness under real settings is what counts.
SETTINGS = {"SMOKE_TIMEOUT": "10", "SMOKE_WARMUP": "90"}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", type=int, nargs="?", default=30, help="how many runs (default 30)")
    parser.add_argument("--runner", choices=("parallel", "behave"), default="parallel",
                        help="the main command's parallel run (default) or plain behave")
    args = parser.parse_args(argv)
    flaky = 0
    with tempfile.TemporaryDirectory(prefix="flake-") as folder:
        for number in range(1, args.runs + 1):
            run = run_suite(folder=Path(folder) / str(number), settings=SETTINGS, runner=args.runner)
            failed = run.exit_code != 0 or len(run.passed) != len(run.outcomes) or not run.outcomes
            flaky += failed
            print(f"run {number}/{args.runs}: {len(run.passed)}/{len(run.outcomes)} passed in {run.seconds:.1f} s"
                  + ("" if not failed else "\n" + run.describe()), flush=True)
    print(f"{args.runs} healthy runs: {flaky} with a failure")
    return 1 if flaky else 0


if __name__ == "__main__":
    sys.exit(main())
