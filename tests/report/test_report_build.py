"""The report build: one private HTML file with the verdict first, built whole or not at all, for one run."""
from __future__ import annotations

import base64
import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from astronote_smoke.report import __main__ as cli
from astronote_smoke.report import build
from astronote_smoke.report.build import PROJECT_ROOT, ReportNotPrivate, strip_analytics

from allure_results import write_run
from run_records import failed, known, passed, run, skipped

GTAG_SNIPPET = """<script src="data:text/javascript;base64,AAAA"></script>
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-TEST"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('config', 'G-TEST');
    </script>
    <script async>window.allureReportData = {};</script>"""
PLANTED_SECRET = "shpat_PLANTED0123456789abcdef"


def report_data(html: str) -> dict[str, str]:
    """The report's embedded data files, decoded: single-file mode inlines them as d(name, base64)."""
    return {name: base64.b64decode(payload).decode("utf-8")
            for name, payload in re.findall(r'd\("([^"]+)","([A-Za-z0-9+/=]*)"\)', html)}


def release_run(reports: Path, outcomes=None, **facts) -> Path:
    outcomes = outcomes or [failed("A1", message=f"Web GET https://astronote.example/: expected 200, got 503"),
                            passed("D1", "critical"), known("I1"), failed("A3", "normal"),
                            skipped("G1", "normal", "SHOPIFY_SESSION_TOKEN")]
    return write_run(reports, run(selected=len(outcomes), release_set=len(outcomes), **facts), outcomes)


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("."))


def test_strip_analytics_removes_gtag_and_keeps_the_report_scripts():
    cleaned = strip_analytics(GTAG_SNIPPET)
    assert "googletagmanager" not in cleaned and "gtag" not in cleaned
    assert 'src="data:text/javascript;base64,AAAA"' in cleaned
    assert "window.allureReportData" in cleaned


def test_strip_analytics_refuses_a_page_that_still_calls_out():
    with pytest.raises(ReportNotPrivate):
        strip_analytics('<link rel="stylesheet" href="https://fonts.example/x.css">')


@pytest.mark.needs_node
def test_build_writes_one_private_file_verdict_first_for_this_run(allure_cli, tmp_path, capsys):
    reports = tmp_path / "reports"
    results = release_run(reports, warm_up="waited 4.0 s for 3 services to wake")
    (results / "environment.properties").write_text("Suite version=1.4.0\nTarget=stale\n", encoding="utf-8")
    assert cli.main(["build", "--reports", str(reports)]) == 0
    assert sorted(path.name for path in reports.iterdir()) == [
        "allure-results", "history.jsonl", "outcomes.json", "smoke-report.html", "summary.json", "summary.md"]
    html = (reports / "smoke-report.html").read_text(encoding="utf-8")
    body = html.split("<body>", 1)[1]
    assert body.lstrip().startswith('<section id="smoke-verdict" data-run="r20261201-1" data-verdict="NO-GO"')
    assert 'name="viewport"' in html and "r20261201-1" in body
    assert not re.search(r"""<script[^>]*\bsrc=["']?(https?:)?//""", html)
    assert "googletagmanager" not in html and "gtag(" not in html
    environment = report_data(html)["widgets/allure_environment.json"]
    assert "r20261201-1" in environment and "NO-GO" in environment and "waited 4.0 s" in environment
    assert "1.4.0" in environment and "stale" not in environment
    out = capsys.readouterr().out
    assert "Verdict:     NO-GO: release verdict on 5 checks (1 stopping check failed)" in out


@pytest.mark.needs_node
def test_the_first_screen_escapes_what_the_target_sent(allure_cli, tmp_path):
    reports = tmp_path / "reports"
    hostile = '</section><script>alert(1)</script><img src="https://evil.example/x">\n- forged'
    release_run(reports, [failed("A1", message=hostile)], release={"Shopify API": "<b>9</b>"})
    assert cli.main(["build", "--reports", str(reports)]) == 0
    section = (reports / "smoke-report.html").read_text(encoding="utf-8").split("<body>", 1)[1].split("</section>")[0]
    assert "<script>" not in section and "<img" not in section and "<b>9" not in section
    assert "&lt;/section&gt;&lt;script&gt;" in section


def test_without_outcomes_the_run_did_not_finish_and_nothing_says_go(tmp_path, capsys):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "smoke-report.html").write_text("<p>GO from an earlier run</p>", encoding="utf-8")
    (reports / "summary.md").write_text("# GO: release verdict on 35 checks\n", encoding="utf-8")
    assert cli.main(["build", "--reports", str(reports)]) == 1
    assert "The run did not finish" in capsys.readouterr().err
    assert not (reports / "smoke-report.html").exists()
    for name in ("summary.md", "summary.json"):
        text = (reports / name).read_text(encoding="utf-8")
        assert "the run did not finish" in text and "GO" not in text.replace("NO VERDICT", "")


def test_a_failed_build_removes_the_stale_report_and_says_so(tmp_path, monkeypatch, capsys):
    reports = tmp_path / "reports"
    release_run(reports)
    (reports / "smoke-report.html").write_text("<p>an earlier run's report</p>", encoding="utf-8")
    failing = tmp_path / "allure"
    failing.write_text("#!/bin/sh\necho 'ENOSPC: no space left on device' >&2\nexit 1\n", encoding="utf-8")
    failing.chmod(0o755)
    monkeypatch.setattr(build, "ALLURE_CLI", failing)
    assert cli.main(["build", "--reports", str(reports)]) == 1
    html = reports / "smoke-report.html"
    assert f"Suite error: the HTML report {html} could not be built (allure generate exited with 1)" in \
           capsys.readouterr().err
    assert not html.exists() and leftovers(reports) == []
    summary = (reports / "summary.md").read_text(encoding="utf-8")
    assert "could not be built" in summary and "Full report" not in summary


def test_a_full_disk_while_writing_leaves_no_report_and_no_scratch(tmp_path, monkeypatch, capsys):
    reports = tmp_path / "reports"
    release_run(reports)
    fake = tmp_path / "allure"
    fake.write_text('#!/bin/sh\nwhile [ "$1" != --output ]; do shift; done\nmkdir -p "$2"\n'
                    'echo "<html><head></head><body></body></html>" > "$2/index.html"\n', encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(build, "ALLURE_CLI", fake)

    def full_disk(page, section):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(build, "inject", full_disk)
    assert cli.main(["build", "--reports", str(reports)]) == 1
    assert "(No space left on device)" in capsys.readouterr().err
    assert not (reports / "smoke-report.html").exists() and leftovers(reports) == []


def test_a_build_stopped_by_sigterm_leaves_no_report_and_no_scratch(tmp_path):
    reports = tmp_path / "reports"
    release_run(reports)
    (reports / "smoke-report.html").write_text("<p>an earlier run's report</p>", encoding="utf-8")
    slow = tmp_path / "allure"
    slow.write_text("#!/bin/sh\nexec sleep 30\n", encoding="utf-8")
    slow.chmod(0o755)
    code = ("import sys; from pathlib import Path; from astronote_smoke.report import build, __main__ as cli; "
            f"build.ALLURE_CLI = Path({str(slow)!r}); sys.exit(cli.main(['build', '--reports', {str(reports)!r}]))")
    process = subprocess.Popen([sys.executable, "-c", code], cwd=PROJECT_ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not any(path.name.startswith(".smoke-report-build-") for path in reports.iterdir()):
        assert time.monotonic() < deadline and process.poll() is None, "the build never started"
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM
    assert "could not be built (the build was stopped)" in err
    assert not (reports / "smoke-report.html").exists() and leftovers(reports) == []


def test_build_without_node_modules_says_how_to_install(tmp_path, monkeypatch, capsys):
    reports = tmp_path / "reports"
    release_run(reports)
    monkeypatch.setattr(build, "ALLURE_CLI", tmp_path / "node_modules" / ".bin" / "allure")
    assert cli.main(["build", "--reports", str(reports)]) == 2
    assert "npm ci" in capsys.readouterr().err
    assert (reports / "summary.md").exists(), "the summary needs no Node.js and is written first"


def test_the_history_records_each_run_once_and_marks_a_regression(tmp_path, capsys):
    reports = tmp_path / "reports"
    write_run(reports, run(run_id="r1", selected=1, release_set=1), [passed("A1")])
    assert cli.main(["summary", "--reports", str(reports)]) == 0
    write_run(reports, run(run_id="r2", selected=1, release_set=1), [failed("A1")])
    for _ in range(2):
        assert cli.main(["summary", "--reports", str(reports)]) == 0
    assert len((reports / "history.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    summary = json.loads((reports / "summary.json").read_text(encoding="utf-8"))
    assert summary["new_failures"] == ["A1"] and summary["run"]["id"] == "r2"
    assert "(new since the last run)" in (reports / "summary.md").read_text(encoding="utf-8")


def test_the_summary_alone_removes_an_earlier_run_s_report_and_keeps_its_own(tmp_path, capsys):
    reports = tmp_path / "reports"
    release_run(reports)
    html = reports / "smoke-report.html"
    html.write_text('<body><section id="smoke-verdict" data-run="r20261201-1">GO</section></body>', encoding="utf-8")
    assert cli.main(["summary", "--reports", str(reports)]) == 0
    assert html.exists(), "the report of this same run stays"
    html.write_text('<body><section id="smoke-verdict" data-run="r20261130-9">GO</section></body>', encoding="utf-8")
    assert cli.main(["summary", "--reports", str(reports)]) == 0
    assert not html.exists() and "it was an earlier run's report" in capsys.readouterr().out
