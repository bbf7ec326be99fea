"""The healthy reference stack and the run's browser, shared by the browser tests of a module."""
import os

import pytest

from astronote_smoke.browser.page import disconnect_all
from astronote_smoke.browser.process import NoBrowser, RunBrowser
from astronote_smoke.stack import ReferenceStack


@pytest.fixture(scope="module")
def stack():
    with ReferenceStack() as stack:
        yield stack


@pytest.fixture(scope="module")
def browser():
    browser = RunBrowser(os.environ.get("SMOKE_BROWSER"))
    try:
        endpoint = browser.endpoint(20)
    except NoBrowser as missing:
        pytest.fail(str(missing))
    yield browser, endpoint
    # Later tests of this process start a Playwright of their own: this one's driver must be gone.
    disconnect_all()
    browser.stop()
