"""The HTML report in headless Chromium, opened from file://: verdict in the first screen, no other host called."""
from __future__ import annotations

import pytest

from astronote_smoke.report import __main__ as cli

from allure_results import write_run
from report_page import fetched_elsewhere, report_page
from run_records import failed, known, passed, run, skipped

DESKTOP, PHONE = {"width": 1400, "height": 900}, {"width": 390, "height": 844}
RUNS = {
    "GO": (run(), [passed("I1"), passed("D1", "critical"), passed("A1"), failed("A3", "normal"), known("K1")]),
    "NO-GO": (run(), [failed("A1", message="Web GET https://astronote.example/: expected 200, got 503"),
                      passed("D1", "critical"), passed("I1"), passed("A3", "normal")]),
    "INCOMPLETE": (run(), [passed("A1"), passed("D1", "critical"), skipped("I1", "blocker", "SHOPIFY_SESSION_TOKEN"),
                           passed("A3", "normal")]),
    "REHEARSAL": (run(target={}), [passed("A1"), passed("D1", "critical"), passed("I1"), passed("A3", "normal")]),
}

HEADLINES = {"GO": "GO: release verdict", "NO-GO": "NO-GO: release verdict on 4 checks (1 stopping check failed)",
             "INCOMPLETE": "INCOMPLETE: release verdict on 4 checks (1 blocker or critical check not checked, "
                           "set SHOPIFY_SESSION_TOKEN)",
             "REHEARSAL": "Rehearsal passed (GO) against the local reference stack"}


@pytest.fixture(scope="module")
def reports(allure_cli, tmp_path_factory) -> dict:
    built = {}
    for word, (run_record, outcomes) in RUNS.items():
        folder = tmp_path_factory.mktemp(word.lower()) / "reports"
        write_run(folder, run_record.__class__(**{**run_record.to_dict(), "selected": len(outcomes),
                                                  "release_set": len(outcomes)}), outcomes)
        assert cli.main(["build", "--reports", str(folder)]) == 0
        built[word] = folder / "smoke-report.html"
    return built


@pytest.mark.needs_node
@pytest.mark.needs_chromium
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("word", list(RUNS))
def test_the_verdict_is_in_the_first_screen_and_nothing_is_fetched(reports, chromium, word, viewport, tmp_path):
    with report_page(chromium, reports[word], viewport) as (page, requests):
        page.get_by_text("A Web landing page").first.wait_for(timeout=30_000)
        verdict = page.locator("#smoke-verdict .word").first
        box, shown = verdict.bounding_box(), verdict.inner_text()
        headline = page.locator("#smoke-verdict h1").first.inner_text()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        app = page.inner_text("#app")
        page.screenshot(path=str(tmp_path / f"first-screen-{word}-{viewport['width']}.png"))

    assert shown == word
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], "verdict below the fold"
    assert box["x"] + box["width"] <= viewport["width"], "verdict beyond the right edge"
    assert headline.startswith(HEADLINES[word])
    assert scroll_width <= viewport["width"] + 1, "the page scrolls sideways on this screen"
    groups = [app.find(name) for name in ("A Web landing page", "D API health", "I Campaign create and enqueue")]
    assert -1 not in groups and groups == sorted(groups), "groups out of the matrix's order"
    outside = fetched_elsewhere(requests)
    assert outside == [], f"the report called other hosts: {outside}"
