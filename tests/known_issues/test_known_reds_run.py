"""The real suite against a reference stack with the three production defects (D5, E4, F4), with and
without a known-issues file that excuses them: the exit code, the console, JUnit, Allure and the summary."""
from __future__ import annotations

import pytest

from astronote_smoke.outcome import read_outcomes
from astronote_smoke.report.summary import render_markdown, summarize
from known_issues_run import DRILL_ENTRIES, PAST, PRODUCTION_DEFECTS, PROJECT_ROOT, run_suite, write_known_issues

KNOWN = ("D5", "E4", "F4")
FEW = "@D1 or @D5 or @E4 or @F4"


def drill(tmp_path, **file_options) -> dict[str, str]:
    return {"SMOKE_PROFILE": "drill",
            "SMOKE_KNOWN_ISSUES": str(write_known_issues(tmp_path / "known-issues.toml", **file_options))}


@pytest.fixture(scope="module")
def known_reds(tmp_path_factory):
    """`behave --tags=@prod` against exactly the three defects, with the file that excuses them."""
    folder = tmp_path_factory.mktemp("known-reds")
    return run_suite(folder / "run", settings=drill(folder))


def test_the_gate_passes_when_the_only_failures_are_known(known_reds):
    assert known_reds.exit_code == 0, known_reds.describe()
    assert "Known issues: 3 still open, excused (D5, E4, F4)." in known_reds.console


def test_the_console_shows_each_known_failure(known_reds):
    for case in KNOWN:
        line = next(line for line in known_reds.console.splitlines() if line.startswith(f"{case} KNOWN ISSUE"))
        assert DRILL_ENTRIES[case]["reason"] in line
        assert f"https://tracker.example/{case.lower()}" in line
        assert " It fails: " in line and ("Retail API" in line or "Shopify API" in line)


def test_junit_reports_known_reds_as_skipped_with_their_failure(known_reds):
    for case in KNOWN:
        assert known_reds.junit_outcome(case) == "skipped", case
        skipped = known_reds.junit[case].find("skipped")
        assert skipped.get("type") == "known-issue"
        assert skipped.get("message").startswith("Known issue, still open: " + DRILL_ENTRIES[case]["reason"])
        assert "It fails: " in skipped.get("message")
    others = set(known_reds.junit) - set(KNOWN)
    assert len(others) == 38 and {known_reds.junit_outcome(case) for case in others} == {"passed"}


def test_allure_keeps_them_failed_and_marks_them_known(known_reds):
    for case in KNOWN:
        result = known_reds.allure[case]
        assert result["status"] == "failed"
        assert result["statusDetails"]["known"] is True
        assert result["statusDetails"]["message"].startswith("Known issue, still open: ")
        assert "ContractViolation" in result["statusDetails"]["message"]
        assert known_reds.known_issue_label(case) == "known"
        assert {"type": "issue", "url": f"https://tracker.example/{case.lower()}",
                "name": f"Known issue {case}"} in result["links"]


def test_the_summary_says_go_and_lists_the_known_reds(known_reds):
    # The run writes its records beside its Allure results; the summary is a function of them.
    summary = summarize(*read_outcomes(known_reds.folder))
    text = render_markdown(summary)
    assert summary["verdict"] == "GO"
    assert summary["statuses"]["known"] == 3 and summary["failures"] == []
    assert [item["ticket"] for item in summary["known"]] == [f"https://tracker.example/{case.lower()}" for case in KNOWN]
    assert "## Known issues, still open (they do not stop the release)" in text
    assert "- **D5** (critical) Retail database is connected, ticket https://tracker.example/d5: " in text


def test_without_the_file_the_defects_fail_the_gate(tmp_path):
    run = run_suite(tmp_path, tags=FEW)
    assert run.exit_code == 1, run.describe()
    assert {case: run.junit_outcome(case) for case in KNOWN} == dict.fromkeys(KNOWN, "failure")
    assert "Known issues: none apply" in run.console


def test_the_production_file_does_not_apply_to_the_reference_stack(tmp_path):
    run = run_suite(tmp_path, tags=FEW, settings={"SMOKE_KNOWN_ISSUES": str(PROJECT_ROOT / "known-issues.toml")})
    assert run.exit_code == 1, run.describe()
    assert "is no environment declared in" in run.console
    assert {run.junit_outcome(case) for case in KNOWN} == {"failure"}


def test_an_expired_entry_no_longer_excuses_and_is_named(tmp_path):
    run = run_suite(tmp_path / "run", tags=FEW, settings=drill(tmp_path, expires={"D5": PAST}))
    assert run.exit_code == 1, run.describe()
    assert run.junit_outcome("D5") == "failure"
    assert run.junit_message("D5").startswith("Expired known issue: the entry at ")
    file = tmp_path / "known-issues.toml"
    assert f"D5 FAILED: its known issue ({file} line 4, https://tracker.example/d5) expired on {PAST}" in run.console
    assert {run.junit_outcome(case) for case in ("E4", "F4")} == {"skipped"}


def test_another_failure_still_fails_the_gate(tmp_path):
    # D1 is a blocker: its failure stops the release whatever the known issues excuse.
    run = run_suite(tmp_path / "run", faults=PRODUCTION_DEFECTS + ("shopify-liveness-not-ok",), tags=FEW,
                    settings=drill(tmp_path))
    assert run.exit_code == 1, run.describe()
    assert run.junit_outcome("D1") == "failure"
    assert {run.junit_outcome(case) for case in KNOWN} == {"skipped"}


def test_a_failure_other_than_the_known_one_is_not_excused(tmp_path):
    # The retail API now admits every origin: E4 fails, but not by the prefix match its entry excuses.
    run = run_suite(tmp_path / "run", faults=("cors-reflects-any-origin",), tags="@E4", settings=drill(tmp_path))
    assert run.exit_code == 1, run.describe()
    assert run.junit_outcome("E4") == "failure"
    assert "E4 FAILED, and not as its known issue" in run.console
    assert run.known_issue_label("E4") == "different"


@pytest.fixture(scope="module")
def fixed(tmp_path_factory):
    """Only D5's defect is left: E4 and F4 pass although the file still lists them."""
    folder = tmp_path_factory.mktemp("fixed")
    return folder, run_suite(folder / "run", faults=("no-health-db",), tags=FEW, settings=drill(folder))


def test_a_known_issue_that_passes_is_reported_fixed(fixed):
    folder, run = fixed
    assert run.exit_code == 0, run.describe()
    for case in ("E4", "F4"):
        assert f"{case} FIXED: it passes, so its known issue (https://tracker.example/{case.lower()}) is fixed: " \
               f"remove it from the known issues" in run.console
        assert run.allure[case]["status"] == "passed" and run.known_issue_label(case) == "fixed"
    summary = summarize(*read_outcomes(run.folder))
    assert [outcome["id"] for outcome in summary["fixed"]] == ["E4", "F4"]


def test_strict_mode_fails_the_gate_on_a_fixed_known_issue(tmp_path):
    run = run_suite(tmp_path / "run", faults=("no-health-db",), tags="@D5 or @E4",
                    settings={**drill(tmp_path), "SMOKE_KNOWN_ISSUES_STRICT": "yes"})
    assert run.exit_code == 1, run.describe()
    assert run.junit_outcome("E4") == "error"
    assert "KnownIssueFixed: E4 FIXED" in run.junit_message("E4")
    assert run.junit_outcome("D5") == "skipped"


def test_a_malformed_file_stops_the_run_with_exit_code_2(tmp_path):
    path = write_known_issues(tmp_path / "known-issues.toml")
    path.write_text(path.read_text(encoding="utf-8").replace('id = "E4"', 'id = "E9"'), encoding="utf-8")
    run = run_suite(tmp_path / "run", tags=FEW, settings={"SMOKE_PROFILE": "drill", "SMOKE_KNOWN_ISSUES": str(path)})
    assert run.exit_code == 2, run.describe()
    assert f"configuration error: {path} line 13: id 'E9' is not a scenario of this suite" in run.console
    assert not run.junit and not run.allure
