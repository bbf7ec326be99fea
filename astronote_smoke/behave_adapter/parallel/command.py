"""Runs the behave suite from the project root, as CI and the README's main command do, in parallel.

`python -m astronote_smoke run [behave options]` takes behave's options and runs the selected
scenarios SMOKE_WORKERS (default 8) at a time; SMOKE_WORKERS=1 runs them one after another,
exactly as plain `behave` does. Exit code: 0 all passed or skipped, 1 a scenario failed,
2 a configuration error stopped the run before the first request.
"""
from __future__ import annotations

import sys

from behave.__main__ import main as behave_main
from behave.__main__ import run_behave
from behave.configuration import Configuration
from behave.exception import ConfigError as BehaveConfigError
from behave.exception import TagExpressionError

from ...config import ConfigError, read_environment
from ...report.withdraw import withdraw_earlier_outputs
from ..runner import CONFIG_EXIT_CODE
from .runner import ParallelRunner, worker_count


def main(argv: list[str]) -> int:
    # SMOKE_WORKERS is checked before behave parses anything (see `runner.worker_count` for why it
    # cannot wait for the run's Settings): a malformed count stops the command with exit code 2.
    try:
        worker_count(read_environment())
    except ConfigError as error:
        print(error, file=sys.stderr)
        withdraw_earlier_outputs(None)
        return CONFIG_EXIT_CODE
    try:
        config = Configuration(argv)
    except (BehaveConfigError, TagExpressionError):
        # behave says what is wrong with its options, as it would on its own.
        return behave_main(argv)
    return run_behave(config, runner_class=ParallelRunner)
