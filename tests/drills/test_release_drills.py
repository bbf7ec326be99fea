"""Drills of the release checks: runs of the suite one after another against stacks of different builds,
each followed by the report's summary step (which records the history), as bin/smoke does.

Each release fault must make the verdict INCOMPLETE with the service named while the selected checks
still run and pass; a healthy stack restarted with a new build passes with `changed`, and a rollback
to an earlier run's build is confirmed.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from suite_run import run_suite
from astronote_smoke.report.run_facts import read_run_facts
from tests.support.suite_run import PROJECT_ROOT, SuiteRun, suite_environment

TAGS = "@D1 or @D2"


def summary_step(folder: Path) -> str:
    """`python -m astronote_smoke.report summary`: the summary of the run, and its line in the history."""
    subprocess.run([sys.executable, "-m", "astronote_smoke.report", "summary", "--reports", str(folder)],
                   cwd=PROJECT_ROOT, env=suite_environment(), check=True, capture_output=True, timeout=60)
    return (folder / "summary.md").read_text(encoding="utf-8")


# The runs, in order, in one reports folder: (name, stack build, faults, SMOKE_EXPECT_RELEASE, runner).
CHAIN = (
    ("first", 1, (), None, "behave"),
    ("new-build-changed", 2, (), "changed", "behave"),
    ("web-build-stuck", 3, ("web-build-stuck",), "web=changed", "behave"),
    ("web-rolled-back", 3, ("web-rolled-back",), "web=changed", "behave"),
    ("shopify-switches-build", 3, ("shopify-switches-build",), None, "parallel"),
    ("rollback-done", 1, (), "run=first", "behave"),
    ("rollback-not-done", 3, (), "run=first", "behave"),
)


@pytest.fixture(scope="module")
def chain(tmp_path_factory, environments) -> dict[str, tuple[SuiteRun, str]]:
    """Each run of the chain by name, with its summary (the next run replaces the folder's results)."""
    folder = tmp_path_factory.mktemp("release-drills")
    runs = {}
    for name, build, faults, expected, runner in CHAIN:
        settings = {"SMOKE_RUN_ID": name, "SMOKE_STACK_BUILD": str(build)}
        if expected:
            settings["SMOKE_EXPECT_RELEASE"] = expected
        run = run_suite(faults, folder, settings, tags=TAGS, runner=runner)
        runs[name] = (run, summary_step(folder))
        environments[name] = read_run_facts(folder / "allure")
    return runs


@pytest.fixture(scope="module")
def environments() -> dict[str, dict[str, str]]:
    """What each run of the chain wrote for the Allure report's Environment."""
    return {}


def assert_checks_ran_and_passed(run: SuiteRun) -> None:
    ran = {case: outcome.status for case, outcome in run.outcomes.items() if outcome.status != "skipped"}
    assert ran == {"D1": "passed", "D2": "passed"}, run.describe()


def test_a_new_build_passes_with_changed_and_each_build_is_compared_with_the_last_run(chain):
    run, summary = chain["new-build-changed"]
    assert run.exit_code == 0, run.console[-3000:]
    assert "Release: the expected one (changed) is served" in run.console
    assert "Rehearsal passed (GO)" in summary
    assert "(changed since the last run 20" in summary and "Shopify API 1.0.0 (build unchanged)" in summary
    first, _ = chain["first"]
    assert "Web build " in first.console and "changed since" not in first.console


def test_the_report_environment_names_every_service_s_build(chain, environments):
    facts = environments["new-build-changed"]
    assert re.fullmatch(r"build [0-9a-f]{12}, build id [\w-]+ \(changed since the last run .+ UTC\)", facts["Release Web"])
    assert facts["Release Shopify API"] == "1.0.0 (build unchanged)"
    assert facts["Release Retail API"] == "reports no version or build"


@pytest.mark.parametrize(("drill", "sentence"), [
    ("web-build-stuck", r"the web app still serves build [0-9a-f]{12}, build id [\\\w-]+, the one of the previous run: "
                        r"this deploy has not taken effect"),
    ("web-rolled-back", r"the web app serves build [0-9a-f]{12}, build id [\\\w-]+, the one of the older run first: "
                        r"the host rolled back, this deploy has not taken effect"),
    ("shopify-switches-build", r"the Shopify API switched builds during the run \(1\.0\.0 at the start, 1\.0\.1 at "
                               r"the end\): no single release was judged"),
    ("rollback-not-done", r"the web app serves build [0-9a-f]{12}, build id [\\\w-]+, not the build of run first: "
                          r"the rollback has not taken effect"),
])
def test_a_release_that_was_not_the_one_expected_is_incomplete_naming_the_service(chain, drill, sentence):
    run, summary = chain[drill]
    assert run.exit_code == 1, run.console[-3000:]
    assert_checks_ran_and_passed(run)
    headline = summary.splitlines()[0]
    assert headline.startswith("# Rehearsal did not pass (INCOMPLETE)"), headline
    assert re.search(sentence, headline), headline
    assert re.search(r"\nRelease problem: " + sentence, run.console), run.console[-3000:]


def test_the_warm_up_says_what_it_sees_while_it_waits(chain):
    run, _ = chain["web-build-stuck"]
    assert re.search(r"Waiting for the release SMOKE_EXPECT_RELEASE names \(web=changed, \d+ s left\): the web app "
                     r"still serves build", run.console), run.console[-3000:]
    assert re.search(r"Release: the expected one did not come within the warm-up's \d\.\d s", run.console)


def test_a_rollback_says_whether_it_restored_the_build_of_the_run_it_names(chain):
    done, done_summary = chain["rollback-done"]
    assert done.exit_code == 0, done.console[-3000:]
    assert "Rolled back to the build of run first: yes" in done_summary
    assert "Rolled back to the build of run first: yes" in done.console
    _, not_done_summary = chain["rollback-not-done"]
    assert "Rolled back to the build of run first: no" in not_done_summary


def test_a_malformed_expectation_stops_the_run_with_2_naming_the_variable(tmp_path):
    run = run_suite((), tmp_path, {"SMOKE_EXPECT_RELEASE": "mobile=1.0"}, tags=TAGS)
    assert run.exit_code == 2, run.console[-3000:]
    assert "configuration error: SMOKE_EXPECT_RELEASE names an unknown service 'mobile': use web, shopify, retail, " \
           "worker or run" in run.console
    assert "Traceback" not in run.console and not run.outcomes
