"""The smoke suite run in parallel against the reference stack: complete and unique results, the
same selection as plain behave, and the drills on-call relies on after a rollback (a hung API,
every service asleep)."""
from __future__ import annotations

import re
import time

import pytest

from parallel_support import FEATURES, run, run_suite
from tests.support.results import case_id

# Drills test verdicts, not waiting: short bounds keep each run to seconds.
DRILL_TIMEOUT_S = 2


def suite_case_ids() -> list[str]:
    ids = []
    for path in sorted(FEATURES.glob("*.feature")):
        ids += re.findall(r"^\s*Scenario: ([A-L]\d) ", path.read_text(encoding="utf-8"), re.MULTILINE)
    return ids


def feature_headings() -> list[str]:
    return [re.search(r"^Feature: .*$", path.read_text(encoding="utf-8"), re.MULTILINE).group(0)
            for path in sorted(FEATURES.glob("*.feature"))]


def tagged(tag: str) -> set[str]:
    """Ids of the scenarios that carry `tag` (the features carry no tags of their own)."""
    ids = set()
    for path in sorted(FEATURES.glob("*.feature")):
        for tags, case in re.findall(r"^\s*(@[^\n]*)\n\s*Scenario: ([A-L]\d) ", path.read_text(encoding="utf-8"),
                                     re.MULTILINE):
            if tag in tags.split():
                ids.add(case)
    return ids


@pytest.fixture(scope="module")
def healthy(tmp_path_factory):
    return run_suite(tmp_path_factory.mktemp("healthy"))


def test_every_scenario_is_reported_exactly_once(healthy):
    ids = suite_case_ids()
    results = healthy.allure_by_name()  # fails on a scenario reported twice

    assert healthy.exit_code == 0, healthy.stdout[-3000:] + healthy.stderr[-3000:]
    assert sorted(case_id(name) for name in results) == sorted(ids)
    assert {result["status"] for result in results.values()} == {"passed"}
    junit = healthy.junit()
    assert sorted(case_id(name) for name in junit) == sorted(ids)
    assert {status for status, _ in junit.values()} == {"passed"}
    assert f"{len(ids)} scenarios passed, 0 failed, 0 skipped" in healthy.stdout


def test_the_stack_starts_and_the_services_wake_once(healthy):
    assert healthy.stderr.count("Target: local reference stack (no WEB_URL") == 1
    assert healthy.stderr.count("Waking 3 services") == 1
    assert re.search(r"^Ran in [2-9] parallel workers: ", healthy.stdout, re.MULTILINE)


def test_the_console_shows_each_feature_once_in_file_order(healthy):
    headings = [line for line in healthy.stdout.splitlines() if line.startswith("Feature: ")]

    assert headings == feature_headings()


def test_a_tag_selection_runs_what_plain_behave_runs(tmp_path):
    selection = "--tags=@retail and not @web"
    plain = run([str(FEATURES), selection, "--no-skipped"], tmp_path / "plain", plain_behave=True)
    parallel = run([str(FEATURES), selection, "--no-skipped"], tmp_path / "parallel")

    assert parallel.exit_code == plain.exit_code == 0
    assert {case_id(name) for name in parallel.junit()} == {case_id(name) for name in plain.junit()} \
        == tagged("@retail") - tagged("@web")
    assert parallel.junit() == plain.junit()
    assert sorted(parallel.allure_by_name()) == sorted(plain.allure_by_name())


def test_a_hung_api_fails_its_scenarios_at_once_as_unreachable(tmp_path):
    started = time.monotonic()
    drill = run_suite(tmp_path, SMOKE_STACK_FAULTS="hung-shopify", SMOKE_TIMEOUT=str(DRILL_TIMEOUT_S))
    seconds = time.monotonic() - started

    outcomes = {case_id(name): outcome for name, outcome in drill.junit().items()}
    # The web scenarios tagged @shopify read the web app's scripts; they never call the API.
    dependent = tagged("@shopify") - tagged("@web")
    assert drill.exit_code == 1
    assert {case for case, (status, _) in outcomes.items() if status == "failed"} == dependent
    assert {case for case, (status, _) in outcomes.items() if status == "passed"} == set(outcomes) - dependent
    for case in dependent:
        # The warm-up's verdict, not a timeout of the scenario's own: no scenario waited again.
        assert outcomes[case][1].startswith("Shopify API "), (case, outcomes[case])
        assert outcomes[case][1].endswith(
            f": service unreachable: it accepted a connection but did not answer within {DRILL_TIMEOUT_S} s"), \
            (case, outcomes[case])
    # Waiting once per dependent scenario would take this long; the run waits once for all of them.
    assert seconds < len(dependent) * DRILL_TIMEOUT_S


def test_services_that_sleep_are_woken_once_and_the_run_passes(tmp_path):
    asleep_s = 4
    drill = run_suite(tmp_path, SMOKE_STACK_FAULTS=f"cold-start={asleep_s}")

    woke = [float(seconds) for seconds in re.findall(r"awake after (\d+\.\d) s", drill.stderr)]
    assert drill.exit_code == 0, drill.stdout[-3000:] + drill.stderr[-3000:]
    # They sleep from the warm-up's first request, as a sleeping instance wakes when asked.
    assert len(woke) == 3 and all(seconds >= asleep_s - 1 for seconds in woke), drill.stderr
    assert {status for status, _ in drill.junit().values()} == {"passed"}
    assert len(drill.allure_by_name()) == len(suite_case_ids())


def test_a_configuration_error_stops_the_run_with_exit_code_2(tmp_path):
    drill = run_suite(tmp_path, WEB_URL="https://astronote.example")

    assert drill.exit_code == 2
    assert "configuration error: SHOPIFY_API_URL, RETAIL_API_URL must be set too" in drill.stdout + drill.stderr
    assert "Target: local reference stack" not in drill.stderr
    assert not list((tmp_path / "allure").glob("*-result.json"))
