"""The healthy reference stack, and the browser the way the tests drive it: in process (the
library's async engine on a loop of the test's own, so a test can watch the page itself) or
through the run's browser service, as the suite's steps do."""
import asyncio
import os

import pytest
from playwright.async_api import async_playwright

from astronote_smoke.browser.client import BrowserService
from astronote_smoke.browser.page import PageSession
from astronote_smoke.browser.process import BrowserProcess, NoBrowser, find_browser
from astronote_smoke.stack import ReferenceStack


@pytest.fixture(scope="module")
def stack():
    with ReferenceStack() as stack:
        yield stack


class Engine:
    """The browser library in this process: `engine.run(coroutine)`, `engine.page(masker)`."""

    def __init__(self, loop, browser):
        self.loop, self.browser = loop, browser

    def run(self, coroutine):
        return self.loop.run_until_complete(coroutine)

    def page(self, masker, trace=False) -> PageSession:
        return self.run(PageSession.opened(self.browser, masker, trace))


@pytest.fixture(scope="module")
def engine():
    try:
        process = BrowserProcess(find_browser(os.environ.get("SMOKE_BROWSER")))
    except NoBrowser as missing:
        pytest.fail(str(missing))
    loop = asyncio.new_event_loop()
    playwright = loop.run_until_complete(async_playwright().start())
    browser = loop.run_until_complete(playwright.chromium.connect_over_cdp(process.endpoint(20)))
    yield Engine(loop, browser)
    loop.run_until_complete(playwright.stop())
    loop.close()
    process.stop()


@pytest.fixture(scope="module")
def service():
    service = BrowserService(os.environ.get("SMOKE_BROWSER"))
    try:
        endpoint = service.endpoint(30)
    except NoBrowser as missing:
        pytest.fail(str(missing))
    yield service, endpoint
    service.stop()
