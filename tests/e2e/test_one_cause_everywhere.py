"""Every fault that stops a service: the console, summary.md, summary.json and the report's first screen
list the same checks under the same cause, the one the run's outcomes record.

Each fault runs once under the main command (parallel workers, so the cause crosses processes);
the summary is built from the run's `outcomes.json` as `bin/smoke` builds it, and the first screen
is rendered from that summary's data.
"""
from __future__ import annotations

import html
import json
import re
import subprocess
import sys

import pytest

from astronote_smoke.outcome import read_outcomes
from astronote_smoke.report.first_screen import first_screen
from tests.drills.suite_run import run_suite
from tests.support.suite_run import PROJECT_ROOT, suite_environment

# web-down and refuse-all are drills of docs/fault-drills.md; hung-* stop a service without refusing.
STOPPING_FAULTS = ("web-down", "refuse-all", "hung-retail", "hung-shopify")
CONSOLE_GROUP = re.compile(r"^  (?P<cause>.+): (?P<n>\d+) checks could not run \((?P<ids>[A-Z0-9, ]+)\)$")
MARKDOWN_GROUP = re.compile(r"^- (?P<cause>.+): (?P<n>\d+) checks could not run: (?P<ids>[A-Z0-9, ]+)$")
SCREEN_GROUP = re.compile(r"<li><b>(?P<cause>[^<]+)</b>: (?P<n>\d+) checks could not run: (?P<ids>[A-Z0-9, ]+)</li>")


def _groups(matches) -> dict[str, tuple[str, ...]]:
    found = {}
    for match in matches:
        ids = tuple(match["ids"].split(", "))
        assert int(match["n"]) == len(ids), match.group(0)
        found[html.unescape(match["cause"]).replace("\\", "")] = ids
    return found


@pytest.mark.parametrize("fault", STOPPING_FAULTS)
def test_every_output_lists_the_same_checks_under_the_same_cause(tmp_path, fault):
    run = run_suite((fault,), folder=tmp_path, runner="parallel")
    assert run.exit_code == 1, run.describe()
    built = subprocess.run([sys.executable, "-m", "astronote_smoke.report", "summary", "--reports", str(tmp_path)],
                           cwd=PROJECT_ROOT, env=suite_environment(), capture_output=True, text=True, timeout=60)
    assert built.returncode == 0, built.stderr

    _, outcomes = read_outcomes(tmp_path)
    expected: dict[str, list[str]] = {}
    for outcome in sorted(outcomes, key=lambda outcome: outcome.case):
        if outcome.cause is not None:
            expected.setdefault(outcome.cause.service, []).append(outcome.case)
    assert expected, f"{fault}: no outcome records a cause\n{run.describe()}"

    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    outputs = {
        "console": _groups(CONSOLE_GROUP.match(line) for line in run.console.splitlines() if CONSOLE_GROUP.match(line)),
        "summary.md": _groups(MARKDOWN_GROUP.match(line) for line in
                              (tmp_path / "summary.md").read_text(encoding="utf-8").splitlines()
                              if MARKDOWN_GROUP.match(line)),
        "summary.json": {group["cause"]: tuple(group["ids"]) for group in summary["groups"]},
        "first screen": _groups(SCREEN_GROUP.finditer(first_screen(summary))),
    }
    assert outputs["console"] == outputs["summary.md"] == outputs["summary.json"] == outputs["first screen"], outputs
    # Each service that did not answer is one cause, holding every check its absence stopped.
    by_service = {cause.split(" unreachable: ")[0]: sorted(ids) for cause, ids in outputs["console"].items()}
    assert by_service == {service: cases for service, cases in expected.items() if len(cases) > 1}, outputs
