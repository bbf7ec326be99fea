"""The sign-off summary from real allure-behave results: verdict, counts, reasons, facts."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from astronote_smoke.report.summary import first_line, read_outcomes, write_summary


def test_failures_make_it_no_go_with_id_category_and_one_line_reason(results_dir, tmp_path, planted_secret):
    markdown, data, summary = write_summary(results_dir, tmp_path, tmp_path / "smoke-report.html")
    text = markdown.read_text(encoding="utf-8")
    assert text.startswith("# Astronote release smoke: **NO-GO**\n")
    assert summary["statuses"] == {"passed": 1, "failed": 2, "broken": 2, "skipped": 1}
    assert summary["categories"] == {"Service unreachable or timed out": 1, "Suite configuration": 1,
                                     "Production defect": 1, "Suite error": 2}
    assert ("- **D2** Shopify API dependencies are healthy (failed, Production defect): ContractViolation: "
            "Shopify API GET http://127.0.0.1:9/health/full: expected ok to be true, got false\n") in text
    assert "response excerpt" not in text  # only the first line of a message
    assert "- **K1** Retail queue is healthy (broken, Suite error): HOOK-ERROR in before_scenario:" in text
    assert "- G1: not configured: set SHOPIFY_SESSION_TOKEN" in text
    assert "- Target: local reference stack" in text
    assert "- Release: Shopify API 2026.11.3" in text
    assert "(smoke-report.html)" in text
    assert json.loads(data.read_text(encoding="utf-8"))["verdict"] == "NO-GO"
    assert planted_secret not in text + data.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 40, "one screen"


def test_all_passed_is_go(results_dir, tmp_path):
    passed = tmp_path / "results"
    passed.mkdir()
    for path in results_dir.glob("*-result.json"):
        if json.loads(path.read_text(encoding="utf-8"))["status"] == "passed":
            shutil.copy(path, passed)
    _, _, summary = write_summary(passed, tmp_path, tmp_path / "smoke-report.html")
    assert summary["verdict"] == "GO"
    assert summary["failures"] == []


def test_no_results_is_no_go(tmp_path):
    markdown, _, summary = write_summary(tmp_path, tmp_path, tmp_path / "smoke-report.html")
    assert summary["verdict"] == "NO-GO"
    assert "the suite did not run" in markdown.read_text(encoding="utf-8")


def test_latest_attempt_of_a_scenario_counts(tmp_path):
    def write(name: str, status: str, stop: int) -> None:
        result = {"name": "D1 Shopify API is alive", "historyId": "d1", "status": status, "stop": stop,
                  "labels": [{"name": "tag", "value": "D1"}]}
        (tmp_path / f"{name}-result.json").write_text(json.dumps(result), encoding="utf-8")
    write("b-first", "failed", 100)
    write("a-rerun", "passed", 200)
    assert [(o.id, o.status) for o in read_outcomes(Path(tmp_path))] == [("D1", "passed")]


def test_reason_is_the_first_non_empty_line():
    assert first_line("\nAssertionError: expected 200, got 503\nbody: ...") == "AssertionError: expected 200, got 503"
