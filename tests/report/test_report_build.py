"""The single-file HTML report built by the pinned Allure 3 CLI from real allure-behave results."""
from __future__ import annotations

import base64
import json
import re

import pytest

from astronote_smoke.report import __main__ as cli
from astronote_smoke.report import build
from astronote_smoke.report.build import ReportNotPrivate, strip_analytics

GTAG_SNIPPET = """<script src="data:text/javascript;base64,AAAA"></script>
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-TEST"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('config', 'G-TEST');
    </script>
    <script async>window.allureReportData = {};</script>"""


def report_data(html: str) -> dict[str, str]:
    """The report's embedded data files, decoded: single-file mode inlines them as d(name, base64)."""
    return {name: base64.b64decode(payload).decode("utf-8")
            for name, payload in re.findall(r'd\("([^"]+)","([A-Za-z0-9+/=]*)"\)', html)}


def test_strip_analytics_removes_gtag_and_keeps_the_report_scripts():
    cleaned = strip_analytics(GTAG_SNIPPET)
    assert "googletagmanager" not in cleaned and "gtag" not in cleaned
    assert 'src="data:text/javascript;base64,AAAA"' in cleaned
    assert "window.allureReportData" in cleaned


def test_strip_analytics_refuses_a_page_that_still_calls_out():
    with pytest.raises(ReportNotPrivate):
        strip_analytics('<link rel="stylesheet" href="https://fonts.example/x.css">')


@pytest.mark.needs_node
def test_report_is_one_private_html_file(built_report, planted_secret):
    html = built_report.read_text(encoding="utf-8")
    assert [path.name for path in built_report.parent.iterdir() if path.suffix == ".html"] == ["smoke-report.html"]
    assert not re.search(r"""<script[^>]*\bsrc=["']?(https?:)?//""", html)
    assert "googletagmanager" not in html and "gtag(" not in html
    data = report_data(html)
    assert planted_secret not in html + "".join(data.values())


@pytest.mark.needs_node
def test_report_shows_categories_groups_and_failure_reasons(built_report):
    data = report_data(built_report.read_text(encoding="utf-8"))
    categories = data["widgets/categories.json"]
    for name in ("Service unreachable or timed out", "Suite configuration", "Production defect", "Suite error"):
        assert name in categories
    tree = data["widgets/tree.json"]
    assert "A Web landing page" in tree and "Shopify API" in tree
    results = [json.loads(text) for name, text in data.items() if name.startswith("data/test-results/")]
    d2 = next(result for result in results if result["name"] == "D2 Shopify API dependencies are healthy")
    assert d2["status"] == "failed"
    assert "expected ok to be true, got false" in d2["error"]["message"]
    environment = data["widgets/allure_environment.json"]
    assert "local reference stack" in environment and "2026.11.3" in environment


@pytest.mark.needs_node
def test_build_command_writes_everything_and_keeps_history(results_dir, allure_cli, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    for _ in range(2):
        assert cli.main(["build", "--results", str(results_dir)]) == 0
    reports = tmp_path / "reports"
    assert sorted(path.name for path in reports.iterdir()) == [
        "history.jsonl", "smoke-report.html", "summary.json", "summary.md"]
    assert len((reports / "history.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    assert "Verdict:     NO-GO" in capsys.readouterr().out


def test_build_without_node_modules_says_how_to_install(results_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(build, "ALLURE_CLI", tmp_path / "node_modules" / ".bin" / "allure")
    code = cli.main(["build", "--results", str(results_dir), "--html", str(tmp_path / "smoke-report.html")])
    assert code == 2
    assert "npm ci" in capsys.readouterr().err
    assert (tmp_path / "summary.md").exists(), "the summary needs no Node.js and is written first"


def test_missing_results_folder_is_an_error(tmp_path, capsys):
    assert cli.main(["summary", "--results", str(tmp_path / "nothing")]) == 2
    assert "run behave" in capsys.readouterr().err
