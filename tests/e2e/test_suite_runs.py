"""The real suite, run as a user runs it, against the local reference stack: healthy, stopped, and selected by tags."""
import json

import pytest

from astronote_smoke.stack import ReferenceStack
from tests.drills.suite_run import run_suite

CASES = {f"{letter}{n}" for letter, count in zip("ABCDEFGHIJK", (3, 3, 3, 5, 2, 2, 2, 2, 2, 2, 3)) for n in range(1, count + 1)}
EXTRAS = {"E3", "E4", "F3", "F4", "I3", "L1"}
BROWSER = {"A4", "B4", "B5", "C4", "E5", "E6"}  # B1 is a matrix case judged in a browser too


@pytest.fixture(scope="module")
def healthy(tmp_path_factory):
    return run_suite(folder=tmp_path_factory.mktemp("healthy"), settings={"SMOKE_TIMEOUT": "10"})


def test_every_case_runs_and_passes_against_the_healthy_stack(healthy):
    assert healthy.exit_code == 0, healthy.describe()
    assert set(healthy.outcomes) == CASES | EXTRAS | BROWSER
    assert healthy.passed == CASES | EXTRAS | BROWSER, healthy.describe()


def test_the_console_says_first_that_the_target_is_the_local_stack(healthy):
    first_lines = healthy.console.splitlines()[:3]
    assert any("Target: local reference stack" in line for line in first_lines), first_lines


def test_allure_results_hold_each_scenario_once(healthy):
    results = [json.loads(path.read_text()) for path in (healthy.folder / "allure").glob("*-result.json")]
    names = [result["name"] for result in results]
    assert len(names) == len(CASES | EXTRAS | BROWSER) == len(set(names))
    assert all(result["status"] == "passed" for result in results)


def test_a_stopped_stack_fails_the_health_checks_naming_service_url_and_reason(tmp_path):
    with ReferenceStack() as stack:
        target = dict(stack.env)
    stopped = run_suite(folder=tmp_path, settings={**target, "SMOKE_WARMUP": "0"}, tags="@D1,@D3")
    assert stopped.exit_code == 1
    for case, service, path in (("D1", "Shopify API", "/health"), ("D3", "Retail API", "/healthz")):
        outcome = stopped.outcomes[case]
        assert outcome.status == "failed", stopped.describe()
        url = target["SHOPIFY_API_URL" if case == "D1" else "RETAIL_API_URL"] + path
        assert outcome.message.startswith(f"{service} GET {url}: "), outcome.message
        assert "unreachable" in outcome.message and "connection refused" in outcome.message
        assert "\n" not in outcome.message and "Traceback" not in outcome.message


@pytest.mark.parametrize("tags,expected", [
    ("@A1", {"A1"}),
    ("@prod", CASES | EXTRAS | BROWSER),
    ("@prod and not @writes", (CASES | EXTRAS | BROWSER) - {"I1", "I2", "I3"}),
    ("@retail and @blocker", {"B3", "B5", "D3", "D4", "E2", "E6", "F2"}),
    ("not @browser", (CASES | EXTRAS) - {"B1"}),
])
def test_tags_select_what_they_name(tmp_path, tags, expected):
    selected = run_suite(folder=tmp_path, tags=tags)
    assert selected.exit_code == 0, selected.describe()
    # JUnit lists the scenarios a selection leaves out as skipped; the stack configures everything else.
    ran = {case for case, outcome in selected.outcomes.items() if outcome.status != "skipped"}
    assert ran == expected
