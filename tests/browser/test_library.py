"""The browser library without a browser: finding the executable, the skip it gives without one,
the luminance rule of A4, and the masking of a trace's text members."""
import io
import zipfile
from types import SimpleNamespace

import pytest

from astronote_smoke.browser.cases import relative_luminance
from astronote_smoke.browser.page import PageSession, Recording, masked_zip
from astronote_smoke.browser.client import BrowserService
from astronote_smoke.browser.process import NoBrowser, find_browser
from astronote_smoke.errors import NotConfigured
from astronote_smoke.masking import Masker


def test_a_configured_browser_that_is_not_there_names_the_variable_and_the_package():
    with pytest.raises(NoBrowser) as raised:
        find_browser("/nonexistent/chromium")
    assert isinstance(raised.value, NotConfigured)
    assert "SMOKE_BROWSER names '/nonexistent/chromium'" in str(raised.value)
    assert "apt-get install chromium" in str(raised.value)


def test_no_browser_on_path_is_a_skip_reason_not_a_crash(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr("astronote_smoke.browser.process.CANDIDATES", ("chromium", "google-chrome"))
    service = BrowserService(None)
    with pytest.raises(NoBrowser, match="no Chromium or Chrome found on PATH; set SMOKE_BROWSER"):
        service.endpoint(1)
    service.stop()  # nothing started, nothing to stop


@pytest.mark.parametrize("colour, dark", [("rgb(7, 10, 15)", True), ("rgb(255, 255, 255)", False),
                                          ("rgba(10, 10, 10, 0.9)", True), ("rgb(128, 128, 128)", False)])
def test_dark_is_a_relative_luminance_below_0_2(colour, dark):
    assert (relative_luminance(colour) < 0.2) is dark


def test_an_unreadable_colour_has_no_luminance():
    assert relative_luminance("color(display-p3 1 1 1)") is None


def test_a_trace_is_masked_member_by_member(tmp_path):
    secret = "s3cr3t-refresh-token-value"
    path = tmp_path / "trace.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("trace.network", f'{{"cookie": "rt={secret}"}}')
        archive.writestr("resources/shot.jpeg", b"\xff\xd8\xff binary " + secret.encode("latin-1") + b"\x80")
    masked = zipfile.ZipFile(io.BytesIO(masked_zip(str(path), Masker([secret]))))
    assert secret not in masked.read("trace.network").decode()
    assert masked.read("resources/shot.jpeg").startswith(b"\xff\xd8\xff")  # binary members stay as they are


def test_the_browsers_own_favicon_request_is_no_console_error_of_the_page():
    page = SimpleNamespace(recording=Recording(), text=lambda value: value)
    message = "Failed to load resource: the server responded with a status of 404 (NOT FOUND)"
    for url in ("http://127.0.0.1:1/favicon.ico", "http://127.0.0.1:1/_next/static/chunks/app.js"):
        PageSession._on_console(page, SimpleNamespace(type="error", text=message, location={"url": url}))
    PageSession._on_console(page, SimpleNamespace(type="log", text="hello", location={"url": ""}))
    assert page.recording.console_errors == [message]
