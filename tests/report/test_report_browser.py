"""The HTML report in headless Chromium, opened from file://: it renders and calls no other host."""
from __future__ import annotations

import pytest

from astronote_smoke.report.build import PROJECT_ROOT

LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
LAUNCH_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"]
SCREENSHOT = PROJECT_ROOT / "reports" / "report-screenshot.png"


@pytest.mark.needs_node
@pytest.mark.needs_chromium
def test_report_renders_offline_from_file(built_report, chromium):
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.on("request", lambda request: requests.append(request.url))
            page.goto(built_report.as_uri())
            page.get_by_text("D2 Shopify API dependencies are healthy").first.wait_for(timeout=30_000)
            body = page.inner_text("body")
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
            page.get_by_text("Categories", exact=False).first.click()
            page.get_by_text("Production defect").first.wait_for(timeout=10_000)
        finally:
            browser.close()

    # Groups with failures open by themselves; passing ones stay folded (their scenarios are not in the text).
    for name in ("A Web landing page", "D API health", "Retail API", "D3 Retail API is alive",
                 "K1 Retail queue is healthy"):
        assert name in body
    outside = [url for url in requests if not url.startswith(LOCAL_SCHEMES)]
    assert outside == [], f"the report called other hosts: {outside}"
