"""A built report opened in headless Chromium as a reader would, recording every request it makes:
`with report_page(chromium, path, viewport) as (page, requests):`, and `fetched_elsewhere(requests)`."""
from __future__ import annotations

from contextlib import contextmanager

LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
LAUNCH_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"]


@contextmanager
def report_page(chromium: str, path, viewport: dict):
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_FLAGS)
        try:
            page = browser.new_page(viewport=viewport)
            page.on("request", lambda request: requests.append(request.url))
            page.goto(path.as_uri())
            yield page, requests
        finally:
            browser.close()


def fetched_elsewhere(requests: list[str]) -> list[str]:
    """What the report asked of other hosts: nothing, for a file opened from a ticket."""
    return [url for url in requests if not url.startswith(LOCAL_SCHEMES)]
