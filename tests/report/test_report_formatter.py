"""SmokeAllureFormatter on a real behave run: labels, links, hook errors and skip reasons."""
from __future__ import annotations

from pathlib import Path

from allure_commons.model2 import StatusDetails
from allure_commons.model2 import TestResult as AllureResult
from allure_commons.model2 import TestStepResult as AllureStep

from astronote_smoke.behave_adapter.allure_formatter import plain_messages

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def labels(result: dict, name: str) -> list[str]:
    return [label["value"] for label in result["labels"] if label["name"] == name]


def test_passing_scenario_is_grouped_by_matrix_category_and_service(results):
    a1 = results["A1"]
    assert a1["status"] == "passed"
    assert a1["name"] == "A1 Marketing landing page loads"
    assert labels(a1, "parentSuite") == labels(a1, "epic") == ["A Web landing page"]
    # The feature's @shopify tag and the scenario's @web tag both count; the file's name does not.
    assert labels(a1, "suite") == labels(a1, "feature") == ["Web", "Shopify API"]


def test_severity_tags_are_mapped_by_allure_behave(results):
    assert labels(results["A1"], "severity") == ["blocker"]
    assert labels(results["D2"], "severity") == ["critical"]
    assert labels(results["D3"], "severity") == ["normal"]


def test_each_case_links_to_its_matrix_row(results):
    assert results["D2"]["links"] == [{"type": "tms", "name": "Smoke matrix D2",
                                       "url": "docs/deploy/smoke/smoke-matrix.md#d2"}]


def test_failed_check_keeps_its_assertion_message(results):
    d2 = results["D2"]
    assert d2["status"] == "failed"
    assert d2["statusDetails"]["message"].startswith(
        "ContractViolation: Shopify API GET http://127.0.0.1:9/health/full: expected ok to be true, got false")


def test_error_in_before_scenario_is_broken_with_the_hook_message(results):
    # allure-behave alone reports this scenario as skipped, with no message.
    k1 = results["K1"]
    assert k1["status"] == "broken"
    assert k1["statusDetails"]["message"] == (
        "HOOK-ERROR in before_scenario: RuntimeError: could not register cleanup: registry is closed")
    assert "before_scenario" in k1["statusDetails"]["trace"]


def test_error_in_after_scenario_is_broken_not_passed(results):
    f1 = results["F1"]
    assert f1["status"] == "broken"
    assert f1["statusDetails"]["message"] == "HOOK-ERROR in after_scenario: RuntimeError: cleanup crashed"


def test_skipped_scenario_keeps_its_reason(results):
    g1 = results["G1"]
    assert g1["status"] == "skipped"
    assert g1["statusDetails"]["message"] == "not configured: set SHOPIFY_SESSION_TOKEN"


def test_suite_failures_read_as_their_message_and_traces_name_no_machine_folder():
    root = str(PROJECT_ROOT)
    step = AllureStep(statusDetails=StatusDetails(
        message="astronote_smoke.errors.ContractViolation: Shopify API GET http://x/health/full: expected `ok` to be "
                "true, got false", trace=f'File "{root}/astronote_smoke/health.py", line 3'))
    result = AllureResult(steps=[step], statusDetails=StatusDetails(
        message="TypeError: boom", trace=f'File "{root}/astronote_smoke/run.py", line 9'))
    plain_messages(result)
    assert step.statusDetails.message == "Shopify API GET http://x/health/full: expected `ok` to be true, got false"
    assert step.statusDetails.trace is None
    assert result.statusDetails.message == "TypeError: boom"
    assert result.statusDetails.trace == 'File "astronote_smoke/run.py", line 9'
