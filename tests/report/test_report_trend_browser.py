"""The first screen's history in headless Chromium, 1400 and 390 px wide: the strip of verdicts, "red since"
and L1's chart are drawn, fit the screen, and fetch nothing."""
from __future__ import annotations

import pytest

from astronote_smoke.report import __main__ as cli

from allure_results import write_run
from report_page import fetched_elsewhere, report_page
from trend_history import RUNS, outcomes_of, watch_record, write_history

VIEWPORTS = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def report(allure_cli, tmp_path_factory):
    folder = tmp_path_factory.mktemp("trend") / "reports"
    folder.mkdir()
    write_history(folder / "history.jsonl")
    write_run(folder, watch_record(RUNS), outcomes_of(RUNS))
    assert cli.main(["build", "--reports", str(folder)]) == 0
    return folder / "smoke-report.html"


@pytest.mark.needs_node
@pytest.mark.needs_chromium
@pytest.mark.parametrize("name", list(VIEWPORTS))
def test_the_strip_red_since_and_the_chart_are_drawn_on_the_first_screen(report, chromium, name, tmp_path):
    viewport = VIEWPORTS[name]
    with report_page(chromium, report, viewport) as (page, requests):
        trend = page.locator("#smoke-verdict .trend")
        trend.wait_for(timeout=30_000)
        marks = [page.locator("#smoke-verdict .trend .mark").nth(index).bounding_box() for index in range(20)]
        mark_count = page.locator("#smoke-verdict .trend .mark").count()
        red = page.locator("#smoke-verdict .red-since").inner_text()
        chart = page.locator("#smoke-verdict .trend svg").bounding_box()
        lines = page.locator("#smoke-verdict .trend svg polyline").count()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        trend.scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / f"trend-{viewport['width']}.png"), full_page=False)

    assert mark_count == 20 and all(box and box["width"] >= 30 and box["height"] >= 16 for box in marks)
    assert all(box["x"] + box["width"] <= viewport["width"] for box in marks), "a mark beyond the right edge"
    assert "D4 red since 11:10 (6 runs)" in red
    assert lines == 2 and chart and chart["height"] >= 80 and chart["x"] + chart["width"] <= viewport["width"]
    assert scroll_width <= viewport["width"] + 1, "the page scrolls sideways on this screen"
    outside = fetched_elsewhere(requests)
    assert outside == [], f"the report called other hosts: {outside}"
