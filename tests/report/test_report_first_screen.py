"""The verdict section above the HTML report: its words, colours, facts and escaping, on plain records."""
from __future__ import annotations

import pytest

from astronote_smoke.report.first_screen import COLOURS, VIEWPORT, first_screen, inject
from astronote_smoke.report.summary import summarize, unfinished

from run_records import failed, known, passed, run, skipped


def section(run_record, outcomes, **options) -> str:
    return first_screen(summarize(run_record, outcomes, **options), matrix="../docs/deploy/smoke/smoke-matrix.md")


def test_no_go_names_each_stopping_failure_with_its_reason_and_what_it_protects():
    html = section(run(), [failed("A1", message="Web GET https://astronote.example/: expected 200, got 503"),
                           passed("D1"), known("I1", ticket="AST-5"), failed("A3", "normal")])
    assert 'data-verdict="NO-GO"' in html and f"background:{COLOURS['NO-GO']}" in html
    assert ('<a href="../docs/deploy/smoke/smoke-matrix.md#a1">A1</a></b> (blocker) A1 promise holds: '
            "Web GET https://astronote.example/: expected 200, got 503") in html
    assert "Protects: what A1 protects" in html
    assert "Run r20261201-1" in html and "by GitHub Actions #41" in html and "Selection: @prod" in html
    assert "Release: Shopify API 2026.11.3, Retail API 2026.11.1" in html
    assert "By severity: blocker: 1 passed, 1 failed, 1 known; normal: 1 failed" in html
    assert "Known issues: I1 (AST-5)" in html and "Warnings (normal checks): A3" in html


def test_incomplete_says_which_variable_to_set():
    html = section(run(), [passed("A1"), skipped("I1", "blocker", "SHOPIFY_SESSION_TOKEN"), passed("D1"), passed("A3")])
    assert 'data-verdict="INCOMPLETE"' in html and "<h1>Not checked</h1>" in html
    assert "To check them, set SHOPIFY_SESSION_TOKEN." in html


def test_a_rehearsal_shows_its_word_and_how_it_came_out():
    html = section(run(target={}), [passed("A1"), passed("D1"), passed("I1"), passed("A3")])
    assert 'data-tone="rehearsal"' in html
    assert f'<span class="word" style="background:{COLOURS["rehearsal"]}">REHEARSAL</span>' in html
    assert f'<span class="word outcome" style="background:{COLOURS["GO"]}">GO</span>' in html


def test_a_run_that_did_not_finish_shows_no_verdict():
    html = first_screen(unfinished("reports", "reports/outcomes.json is missing"))
    assert ">NO VERDICT<" in html and ">GO<" not in html


def test_text_from_the_target_is_escaped_and_cannot_close_the_section():
    hostile = '</section><script>alert(1)</script>\u2028"onload="x'
    html = section(run(release={"Shopify API": hostile}), [failed("A1", message=hostile)])
    assert "<script>" not in html and "</section>" not in html[:-len("</section>")]
    assert "&lt;/section&gt;&lt;script&gt;" in html and "\\u2028" in html and "&quot;onload=&quot;x" in html


def test_inject_puts_the_section_first_and_a_viewport_in_the_head():
    page = inject("<html><head><title>r</title></head><body class='x'><div id=\"app\"></div></body></html>", "<S/>")
    assert page == f"<html><head>{VIEWPORT}<title>r</title></head><body class='x'><S/><div id=\"app\"></div></body></html>"
    with pytest.raises(ValueError):
        inject("<html></html>", "<S/>")
