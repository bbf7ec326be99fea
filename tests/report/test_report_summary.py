"""The sign-off summary as a pure function of the run's records: headline first, facts, counts, reasons."""
from __future__ import annotations

import json

from astronote_smoke.errors import Cause
from astronote_smoke.outcome import write_outcomes, read_outcomes
from astronote_smoke.report.history import NEW_FAILURE
from astronote_smoke.report.summary import (SHORTENED, markdown_text, reason_of, render_markdown, summarize,
                                            unfinished, write_summary)

from run_records import failed, known, passed, run, skipped

UNREACHABLE_FIRST = "Shopify API GET https://shopify-api.astronote.example/health: unreachable, timed out after 10 s without an answer"
UNREACHABLE_LATER = ("Shopify API GET https://shopify-api.astronote.example/api/{}: service unreachable "
                     "(first seen in D1: timed out after 10 s)")
TIMED_OUT = Cause("Shopify API", "timed out after 10 s")


def text_of(run_record, outcomes, **options) -> str:
    return render_markdown(summarize(run_record, outcomes, **options))


def test_the_first_line_is_the_headline_in_both_files(tmp_path):
    summary = summarize(run(), [failed("A1"), passed("D1"), passed("I1"), passed("A3", "normal")], report="smoke-report.html")
    markdown, data = write_summary(tmp_path, summary)
    headline = "NO-GO: release verdict on 4 checks (1 stopping check failed)"
    assert markdown.read_text(encoding="utf-8").splitlines()[0] == f"# {headline}"
    first = data.read_text(encoding="utf-8").splitlines()[0]
    assert headline in first
    assert json.loads(data.read_text(encoding="utf-8"))["verdict"] == "NO-GO"


def test_it_names_the_run_target_release_time_starter_and_selection():
    text = text_of(run(), [passed("A1"), passed("D1"), passed("I1"), passed("A3")], report="smoke-report.html")
    assert "- Run: r20261201-1, started 2026-12-01T11:00:00+00:00, finished 2026-12-01T11:02:05+00:00, by GitHub Actions #41" in text
    assert "- Target: WEB\\_URL https://astronote.example, SHOPIFY\\_API\\_URL" in text
    assert "- Release: Shopify API 2026.11.3, Retail API 2026.11.1" in text
    assert "- Selection: @prod (4 of 4 release checks), gate standard" in text
    assert "- Full report: [smoke-report.html](smoke-report.html)" in text


def test_counts_by_status_keep_known_apart_and_by_severity():
    summary = summarize(run(), [passed("A1"), known("D1"), skipped("A3", "normal", "X"), failed("A4", "normal")])
    assert summary["statuses"] == {"passed": 1, "failed": 1, "skipped": 1, "known": 1}
    text = render_markdown(summary)
    assert "4 checks: 1 passed, 1 failed, 1 skipped, 1 known." in text
    assert "- blocker: 1 passed, 1 known" in text and "- normal: 1 failed, 1 skipped" in text


def test_a_failure_line_has_id_severity_category_and_reason_without_a_class_name():
    message = ("astronote_smoke.errors.ContractViolation: Shopify API GET https://x/health/full: "
               "expected ok to be true, got false")
    text = text_of(run(), [failed("D2", "critical", message=message), passed("A1"), passed("I1"), passed("A3")])
    assert ("- **D2** (critical, Production defect) D2 promise holds: Shopify API GET https://x/health/full: "
            "expected ok to be true, got false\n") in text
    assert "ContractViolation" not in text and "astronote_smoke.errors" not in text


def test_a_long_reason_is_shortened_at_a_word_boundary_and_says_so():
    outcome = failed("D2", message="expected the word " + "lengthy " * 60 + "end")
    reason = reason_of(outcome, limit=80)
    assert reason.endswith(SHORTENED) and len(reason) <= 80
    assert reason.removesuffix(SHORTENED).endswith("lengthy")


def test_failures_with_one_cause_are_grouped_under_it():
    outcomes = [failed("D1", "critical", kind="unreachable", message=UNREACHABLE_FIRST, cause=TIMED_OUT)]
    outcomes += [failed(f"F{n}", "blocker", kind="unreachable", message=UNREACHABLE_LATER.format(n),
                        cause=Cause("Shopify API", "timed out after 10 s", first_seen="D1")) for n in range(1, 17)]
    text = text_of(run(selected=17), outcomes)
    assert ("- Shopify API unreachable: timed out after 10 s (first seen in D1): 17 checks could not run: "
            "D1, F1, F2") in text
    assert text.count("timed out after 10 s") == 1


def test_the_cause_comes_from_the_record_never_from_the_message():
    # A service's answer echoed in a message cannot make a failure join a cause, nor one leave it.
    outcomes = [failed("D1", kind="unreachable", message="Shopify API GET http://h/: unreachable, reset",
                       cause=TIMED_OUT),
                failed("F1", kind="unreachable", message="it says anything at all", cause=TIMED_OUT),
                failed("F2", kind="unreachable", message=UNREACHABLE_LATER.format(2))]
    assert summarize(run(selected=3), outcomes)["groups"] == [
        {"cause": "Shopify API unreachable: timed out after 10 s", "ids": ["D1", "F1"]}]


def test_incomplete_says_what_is_missing_and_which_variable_to_set():
    outcomes = [passed("A1"), passed("D1"), skipped("I1", "blocker", "SHOPIFY_SESSION_TOKEN"), passed("A3")]
    text = text_of(run(), outcomes)
    assert text.startswith("# INCOMPLETE")
    assert "## Not checked: the verdict is INCOMPLETE without them" in text
    assert "- **I1** (blocker) I1 promise holds: not configured: set SHOPIFY\\_SESSION\\_TOKEN" in text
    assert "- To check them, set SHOPIFY_SESSION_TOKEN" in text


def test_known_issues_carry_their_ticket_and_warnings_are_listed():
    text = text_of(run(), [passed("A1"), known("D1", "critical", "AST-77"), passed("I1"), failed("A3", "normal")])
    assert text.startswith("# GO")
    assert "ticket AST-77: retail queue stalls under load. It fails: expected 200, got 500" in text
    assert "## Warnings (normal checks: they do not stop the release)" in text
    assert "- **A3** (normal, Production defect)" in text


def test_a_regression_is_new_since_the_last_run():
    text = text_of(run(), [failed("A1"), passed("D1"), passed("I1"), passed("A3")], marks={"A1": NEW_FAILURE})
    assert "(new since the last run)" in text and "flaky" not in text


def test_text_from_the_target_cannot_forge_a_line_or_markup():
    forged = "got 500\n- **A2** passed\r\x1b[2J [click](https://evil.example) | <b>"
    summary = summarize(run(release={"Shopify API": "2026.11.3\n# GO: release verdict"}),
                        [failed("A1", message=forged), passed("D1"), passed("I1"), passed("A3")])
    text = render_markdown(summary)
    assert "\n- **A2**" not in text and "\n# GO" not in text and "\x1b" not in text and "\r" not in text
    assert "\\[click\\](https://evil.example)" in text and "\\<b\\>" in text
    assert markdown_text("a\u2028b") == "a\\u2028b"


def test_the_rules_are_on_the_summary():
    text = text_of(run(), [passed("A1")] * 4)
    assert "## The verdict rules" in text and "- **INCOMPLETE**: not enough was checked" in text


def test_a_rehearsal_says_so_in_its_first_line():
    text = text_of(run(target={}), [passed("A1"), passed("D1"), passed("I1"), passed("A3")])
    assert text.splitlines()[0] == "# Rehearsal passed (GO) against the local reference stack: not a release verdict"
    assert "- Target: local reference stack (rehearsal)" in text


def test_a_run_without_outcomes_gives_no_verdict(tmp_path):
    markdown, data = write_summary(tmp_path, unfinished(tmp_path, "reports/outcomes.json is missing", "r7"))
    text = markdown.read_text(encoding="utf-8")
    assert text.startswith("# NO VERDICT: the run did not finish (reports/outcomes.json is missing)")
    assert "GO" not in text.replace("NO VERDICT", "") and "GO" not in data.read_text(encoding="utf-8")


def test_the_summary_reads_what_the_run_wrote(tmp_path):
    write_outcomes(tmp_path, run(), [passed("A1"), known("D1"), passed("I1"), passed("A3")])
    assert summarize(*read_outcomes(tmp_path))["statuses"]["known"] == 1


def test_checks_after_a_service_was_found_down_share_its_cause_and_lines_follow_the_matrix():
    down = "Shopify API GET http://h/{}: service unreachable: it accepted a connection but did not answer within 10 s"
    hung = Cause("Shopify API", "it accepted a connection but did not answer within 10 s")
    outcomes = [failed(case, kind="unreachable", message=down.format(case), cause=hung) for case in ("I3", "D1", "F1")]
    text = text_of(run(selected=3, release_set=3), outcomes)
    assert ("- Shopify API unreachable: it accepted a connection but did not answer within 10 s: 3 checks could not "
            "run: D1, F1, I3\n") in text
