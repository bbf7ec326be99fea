"""Fixtures for the report tests: real allure-behave results from a tiny throwaway feature tree.

The tree covers each outcome the report must present: a pass, a production defect, an
unreachable service, a skip for missing configuration, and errors in before_scenario and
after_scenario hooks. The failing check attaches an exchange whose credential headers carry a
planted value that must not reach any file. Tests that need the pinned Allure CLI or Chromium
fail, naming what to install, instead of skipping: a silently skipped report test would let a
broken report ship.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]

PLANTED_SECRET = "shpat_PLANTED0123456789abcdef"
FORMATTER = "astronote_smoke.behave_adapter.allure_formatter:SmokeAllureFormatter"

FEATURE = """\
    @shopify
    Feature: Release smoke sample

      @A1 @web @blocker
      Scenario: A1 Marketing landing page loads
        Given the service answers as promised

      @D2 @critical
      Scenario: D2 Shopify API dependencies are healthy
        Given the service answers that it is unhealthy

      @D3 @retail
      Scenario: D3 Retail API is alive
        Given the service cannot be reached

      @G1
      Scenario: G1 Shopify dashboard embeds its reports
        Given the service answers as promised

      @K1 @retail @worker
      Scenario: K1 Retail queue is healthy
        Given the service answers as promised

      @F1
      Scenario: F1 Shopify dashboard refuses anonymous callers
        Given the service answers as promised
    """

STEPS = """\
    from types import SimpleNamespace

    from behave import given

    from astronote_smoke.behave_adapter.evidence import attach_exchange
    from astronote_smoke.errors import Kind

    SECRET = "PLANTED_VALUE"


    class ContractViolation(AssertionError):
        kind = Kind.PRODUCTION_DEFECT


    class Unreachable(AssertionError):
        kind = Kind.UNREACHABLE


    def exchange(authorization):
        return SimpleNamespace(
            service="Shopify API", method="GET", url="http://127.0.0.1:9/health/full",
            request_headers={"Authorization": authorization, "X-Shopify-Access-Token": SECRET},
            request_body=None, status=200,
            response_headers={"Content-Type": "application/json", "Set-Cookie": "sid=" + SECRET},
            body_excerpt='{"ok": false}', elapsed_ms=12.5, error=None)


    @given("the service answers as promised")
    def step_answers(context):
        attach_exchange(exchange("Bearer ••••"))


    @given("the service answers that it is unhealthy")
    def step_unhealthy(context):
        # A client bug that leaks the token into the exchange: the evidence must still hide it.
        attach_exchange(exchange("Bearer " + SECRET))
        raise ContractViolation("Shopify API GET http://127.0.0.1:9/health/full: expected ok to be true, got false"
                                "\\nresponse excerpt: {\\"ok\\": false}")


    @given("the service cannot be reached")
    def step_unreachable(context):
        raise Unreachable("Retail API GET http://127.0.0.1:9/healthz: unreachable (connection refused)")
    """.replace("PLANTED_VALUE", PLANTED_SECRET)

ENVIRONMENT = """\
    from astronote_smoke.behave_adapter.allure_formatter import allure_results_dir
    from astronote_smoke.report.run_facts import write_run_facts


    def before_all(context):
        write_run_facts(allure_results_dir(context.config), targets=None, release={"Shopify API": "2026.11.3"})


    def before_scenario(context, scenario):
        if "G1" in scenario.tags:
            scenario.skip("not configured: set SHOPIFY_SESSION_TOKEN")
        if "K1" in scenario.tags:
            raise RuntimeError("could not register cleanup: registry is closed")


    def after_scenario(context, scenario):
        if "F1" in scenario.tags:
            raise RuntimeError("cleanup crashed")
    """


def pytest_configure(config):
    config.addinivalue_line("markers", "needs_node: needs `npm ci` (the pinned Allure CLI in node_modules)")
    config.addinivalue_line("markers", "needs_chromium: needs /usr/bin/chromium and `playwright` (requirements-dev.txt)")


def run_behave(tree: Path, results: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    env.pop("SMOKE_MATRIX_URL", None)
    return subprocess.run([sys.executable, "-m", "behave", "--no-capture", "-f", FORMATTER, "-o", str(results),
                           "-f", "null", "features"], cwd=tree, env=env, capture_output=True, text=True, timeout=120)


def write_tree(tree: Path) -> None:
    (tree / "features" / "steps").mkdir(parents=True)
    (tree / "features" / "sample.feature").write_text(textwrap.dedent(FEATURE), encoding="utf-8")
    (tree / "features" / "steps" / "sample_steps.py").write_text(textwrap.dedent(STEPS), encoding="utf-8")
    (tree / "features" / "environment.py").write_text(textwrap.dedent(ENVIRONMENT), encoding="utf-8")


@pytest.fixture(scope="session")
def results_dir(tmp_path_factory) -> Path:
    tree = tmp_path_factory.mktemp("tree")
    write_tree(tree)
    results = tree / "reports" / "allure-results"
    run = run_behave(tree, results)
    assert list(results.glob("*-result.json")), f"behave wrote no results:\n{run.stdout}\n{run.stderr}"
    return results


@pytest.fixture(scope="session")
def results(results_dir) -> dict[str, dict]:
    """Result JSON by scenario id (the first word of its name)."""
    found = {}
    for path in results_dir.glob("*-result.json"):
        result = json.loads(path.read_text(encoding="utf-8"))
        found[result["name"].split()[0]] = result
    return found


@pytest.fixture(scope="session")
def allure_cli() -> Path:
    from astronote_smoke.report.build import ALLURE_CLI
    if not ALLURE_CLI.exists() or shutil.which("node") is None:
        pytest.fail(f"the pinned Allure CLI is missing ({ALLURE_CLI}): run `npm ci` in {PROJECT_ROOT} (Node.js 20+)")
    return ALLURE_CLI


@pytest.fixture(scope="session")
def built_report(results_dir, allure_cli, tmp_path_factory) -> Path:
    """The HTML report built from the sample results, history kept in a scratch folder."""
    from astronote_smoke.report.build import generate_html
    workdir = tmp_path_factory.mktemp("build")
    return generate_html(results_dir, workdir / "reports" / "smoke-report.html", workdir=workdir)


@pytest.fixture(scope="session")
def chromium() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Chromium is missing: `apt-get install -y chromium` (Debian package)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        pytest.fail("playwright is missing: `pip install -r requirements-dev.txt`")
    return path


@pytest.fixture(scope="session")
def planted_secret() -> str:
    return PLANTED_SECRET
