"""scripts/smoke-prod.sh and scripts/smoke-cors.sh keep the old interface and exit non-zero exactly
when a check failed: against the reference stack, healthy and with a fault, with and without URLs."""
from __future__ import annotations

import pytest

from astronote_smoke.matrix import read_categories
from astronote_smoke.stack import ReferenceStack
from suite_runs import run_script

CASES = [case for category in read_categories() for case in category.cases]
PROD_IDS = {case.id for case in CASES if case.prod}
CORS_IDS = {case.id for category in read_categories() if category.name.startswith("E ") for case in category.cases}


def test_smoke_prod_passes_every_release_gate_check_on_a_healthy_stack(prod_run):
    assert prod_run.returncode == 0, prod_run.output
    assert prod_run.ids("passed") == PROD_IDS
    assert set(prod_run.outcomes) == PROD_IDS


def test_smoke_prod_fails_when_one_check_fails(tmp_path):
    run = run_script(tmp_path / "checkout", "smoke-prod.sh", SMOKE_STACK_FAULTS="health-not-ok")
    assert run.returncode == 1, run.output
    assert run.ids("failed") == {"D2"}
    assert run.ids("passed") == PROD_IDS - {"D2"}
    assert "D2 Shopify API dependencies are healthy" in run.output


def test_smoke_prod_with_the_old_interface_passes_what_needs_no_credentials(urls_only_run):
    # What needs credentials is not checked: an INCOMPLETE verdict, which fails the gate.
    assert urls_only_run.returncode == 1, urls_only_run.output
    assert any(line.startswith("INCOMPLETE") for line in urls_only_run.output.splitlines()), urls_only_run.output
    # The rest is skipped: behave.ini's show_skipped = false leaves skipped scenarios out of the results.
    assert urls_only_run.ids("passed") == {case.id for case in CASES if case.prod and not case.needs}
    assert not urls_only_run.ids("failed") | urls_only_run.ids("broken")


def test_smoke_cors_runs_the_cors_checks_only(tmp_path):
    run = run_script(tmp_path / "checkout", "smoke-cors.sh")
    assert run.returncode == 0, run.output
    assert CORS_IDS == {"E1", "E2", "E3", "E4", "E5", "E6"}
    assert set(run.outcomes) == CORS_IDS
    assert run.ids("passed") == CORS_IDS


def test_smoke_cors_with_the_old_interface_fails_when_an_api_admits_any_origin(tmp_path):
    with ReferenceStack(faults=["cors-reflects-any-origin"]) as stack:
        run = run_script(tmp_path / "checkout", "smoke-cors.sh", **stack.urls)
    assert run.returncode == 1, run.output
    assert run.ids("failed") == {"E4"}
    assert run.ids("passed") == CORS_IDS - {"E4"}


@pytest.mark.parametrize("script", ["smoke-prod.sh", "smoke-cors.sh"])
def test_a_partial_target_stops_the_script_with_exit_code_2_before_any_check(tmp_path, script):
    run = run_script(tmp_path / "checkout", script, WEB_URL="https://astronote.onrender.com")
    assert run.returncode == 2, run.output
    assert "SHOPIFY_API_URL" in run.output and "RETAIL_API_URL" in run.output
    assert run.outcomes == {}
