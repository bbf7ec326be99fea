"""Run facts: what Allure 3 reads from the results folder, and nothing secret in it."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from types import SimpleNamespace

from astronote_smoke.behave_adapter.allure_formatter import allure_results_dir
from astronote_smoke.report.run_facts import read_run_facts, write_run_facts

GITHUB = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "astronote/smoke",
          "GITHUB_RUN_ID": "4242", "GITHUB_RUN_NUMBER": "17", "GITHUB_WORKFLOW": "release-smoke"}


def test_remote_target_release_and_ci_build(tmp_path):
    targets = {"WEB_URL": "https://astronote.onrender.com",
               "SHOPIFY_API_URL": "https://user:hunter2@astronote-shopify.onrender.com",
               "RETAIL_API_URL": "https://astronote-retail.onrender.com"}
    facts = write_run_facts(tmp_path, targets, {"Shopify API": "2026.11.3"}, ci=GITHUB,
                            now=datetime(2026, 11, 28, 9, 30, tzinfo=timezone.utc))
    assert facts["Target"] == ("https://astronote.onrender.com, https://astronote-shopify.onrender.com, "
                               "https://astronote-retail.onrender.com")
    assert facts["Release Shopify API"] == "2026.11.3"
    assert facts["Started by"] == "https://github.com/astronote/smoke/actions/runs/4242"
    assert facts["Started at"] == "2026-11-28T09:30:00+00:00"
    assert read_run_facts(tmp_path) == facts
    assert "hunter2" not in (tmp_path / "environment.properties").read_text(encoding="utf-8")
    executor = json.loads((tmp_path / "executor.json").read_text(encoding="utf-8"))
    assert executor["buildUrl"] == facts["Started by"]
    assert executor["buildName"] == "release-smoke #17"


def test_local_run_names_the_reference_stack_and_the_user(tmp_path):
    facts = write_run_facts(tmp_path, None, ci={"USER": "dev"})
    assert facts["Target"] == "local reference stack"
    assert facts["Started by"].startswith("dev@")
    assert not any(key.startswith("Release") for key in facts)
    assert facts["Suite version"]


def test_keys_with_spaces_and_colons_survive_the_properties_format(tmp_path):
    write_run_facts(tmp_path, None, {"Retail API: web": "v1 = new\nline"}, ci={"USER": "dev"})
    assert read_run_facts(tmp_path)["Release Retail API: web"] == "v1 = new\nline"


def test_results_dir_is_found_among_behave_formatters():
    config = SimpleNamespace(format=["pretty", "astronote_smoke.behave_adapter.allure_formatter:SmokeAllureFormatter"],
                             outputs=[SimpleNamespace(name=None), SimpleNamespace(name="reports/allure-results")])
    assert str(allure_results_dir(config)) == "reports/allure-results"
    assert allure_results_dir(SimpleNamespace(format=["pretty"], outputs=[])) is None
