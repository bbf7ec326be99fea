"""Every service's build in every output of a run's records: the summary, its JSON, the report's first
screen and Environment, and the history; a release problem heads each one; nothing the target named
forges a line or markup."""
from __future__ import annotations

import json

from astronote_smoke.outcome import PASSED, Outcome, RunRecord
from astronote_smoke.report.__main__ import write_environment
from astronote_smoke.report.first_screen import first_screen
from astronote_smoke.report.history import entry
from astronote_smoke.report.run_facts import read_run_facts
from astronote_smoke.report.summary import render_markdown, summarize

PROBLEM = ("the web app still serves build 3f9c1a2b7d0e, build id Xk2, the one of the previous run: "
           "this deploy has not taken effect")
RUN = RunRecord("gh41-1", target={"WEB_URL": "https://astronote.example"}, selection="@prod", selected=1,
                release_set=1, release={"Web": "build 3f9c1a2b7d0e, build id Xk2 (build unchanged)",
                                        "Shopify API": "1.0.0\\x0aForged line <b>*x*</b> (build unchanged)"},
                fingerprints={"web": "3f9c1a2b7d0e", "shopify": "111111111111"}, release_problems=(PROBLEM,))
OUTCOMES = [Outcome("D1", "D1 alive", "D API health", ("shopify",), "blocker", "x", PASSED)]


def test_the_summary_heads_with_the_release_problem_and_lists_every_build():
    summary = summarize(RUN, OUTCOMES)
    assert summary["verdict"] == "INCOMPLETE"
    assert summary["headline"] == f"INCOMPLETE: release verdict on 1 checks ({PROBLEM})"
    markdown = render_markdown(summary)
    assert markdown.splitlines()[0] == f"# INCOMPLETE: release verdict on 1 checks ({PROBLEM})"
    assert ("- Release: Web build 3f9c1a2b7d0e, build id Xk2 (build unchanged), Shopify API 1.0.0\\\\x0aForged line "
            "\\<b\\>\\*x\\*\\</b\\> (build unchanged)") in markdown
    assert json.loads(json.dumps(summary))["run"]["release"]["Web"].startswith("build 3f9c1a2b7d0e")


def test_the_first_screen_shows_the_builds_escaped():
    html = first_screen(summarize(RUN, OUTCOMES))
    assert 'data-verdict="INCOMPLETE"' in html and f"<h1>INCOMPLETE: release verdict on 1 checks ({PROBLEM})</h1>" in html
    assert "Release: Web build 3f9c1a2b7d0e, build id Xk2 (build unchanged), Shopify API 1.0.0\\x0aForged line " \
           "&lt;b&gt;*x*&lt;/b&gt; (build unchanged)" in html


def test_the_report_environment_and_the_history_carry_the_builds(tmp_path):
    write_environment(tmp_path, RUN, "INCOMPLETE: …")
    facts = read_run_facts(tmp_path)
    assert facts["Release Web"] == "build 3f9c1a2b7d0e, build id Xk2 (build unchanged)"
    line = entry(RUN, OUTCOMES)
    assert line["fingerprints"] == {"web": "3f9c1a2b7d0e", "shopify": "111111111111"}
    assert "Forged" not in json.dumps(line) and "Xk2" not in json.dumps(line)
