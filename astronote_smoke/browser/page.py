"""A fresh browser context and page for one scenario, recording what a person watching
DevTools would see: uncaught script errors, console errors, requests that failed, the calls
the page made to APIs; and the evidence of the page as judged. Everything it hands out is
masked: the page and the services are untrusted and the test user's password is typed in."""
from __future__ import annotations

import atexit
import os
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from ..masking import Masker
from .traffic import OTHER, Request, kind_of, origin_of

# Requests the contract does not count as the page's own failures.
ABORTED = "net::ERR_ABORTED"
FAVICON = "/favicon.ico"
TEXT_LIMIT = 300
STORED_SECRET_LENGTH = 16  # shorter values in localStorage are settings, not tokens


@dataclass
class PageEvidence:
    """What the report shows of a browser scenario: all of it masked."""
    url: str
    screenshot: bytes | None
    console_errors: list[str]
    failed_requests: list[str]
    trace: bytes | None = None


@dataclass
class Recording:
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[Request] = field(default_factory=list)
    scripted: list[Request] = field(default_factory=list)  # every fetch and XHR: the app's and the framework's


class PageSession:
    """`with PageSession(endpoint, masker, trace=...) as session:` a context of its own, closed after."""

    def __init__(self, endpoint: str, masker: Masker, trace: bool):
        self.masker = masker
        self.recording = Recording()
        self._trace = trace
        self.context = connected(endpoint).new_context()
        try:
            if trace:
                self.context.tracing.start(snapshots=True, screenshots=False)
            self.page = self.context.new_page()
        except BaseException:
            self.context.close()
            raise
        self.page.on("pageerror", self._on_page_error)
        self.page.on("console", self._on_console)
        self.page.on("requestfailed", self._on_request_failed)
        self.page.on("response", self._on_response)
        self.page.on("request", self._on_request)
        self.url = ""  # the page the case judges, and its document's response
        self.document = None
        self.probe: dict = {}  # what a fetch from the page answered: {status, body} or {error}
        self.probe_service = None
        self.start_clock()

    def __enter__(self) -> PageSession:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def open(self, url: str):
        """Navigate, timing from now; the document's response, or None when there was none."""
        self.start_clock()
        return self.page.goto(url, wait_until="commit")

    def start_clock(self) -> None:
        self.started = time.monotonic()

    def remaining_ms(self, timeout: float) -> float:
        return max(1.0, (timeout - (time.monotonic() - self.started)) * 1000)

    def text(self, value: str) -> str:
        """An untrusted text as one masked, bounded line."""
        line = " ".join(self.masker.mask(str(value)).split())
        return line if len(line) <= TEXT_LIMIT else line[:TEXT_LIMIT] + "…"

    def evidence(self, failed: bool) -> PageEvidence:
        """What was seen on the way; for a failed scenario also the page as it is now (password
        fields masked) and the trace when one was recorded. A passing page costs no screenshot."""
        self._learn_secrets()
        screenshot = self._screenshot() if failed else None
        recording = self.recording
        console = [f"uncaught {error}" for error in recording.page_errors] + recording.console_errors
        return PageEvidence(url=self.text(self.page.url), screenshot=screenshot, console_errors=console,
                            failed_requests=[request.describe() for request in recording.failed],
                            trace=self._stop_trace() if failed else None)

    def _screenshot(self) -> bytes | None:
        try:
            return self.page.screenshot(mask=[self.page.locator("input[type=password]")], timeout=3000)
        except PlaywrightError:
            return None

    def _learn_secrets(self) -> None:
        """Cookies and stored tokens the services handed the page are as secret as the configured ones."""
        try:
            for cookie in self.context.cookies():
                self.masker.add(cookie["value"])
            for value in self.page.evaluate("() => Object.values(localStorage)"):
                if isinstance(value, str) and len(value) >= STORED_SECRET_LENGTH:
                    self.masker.add(value)
        except PlaywrightError:
            pass  # a page that is gone has nothing left to show either

    def close(self) -> None:
        try:
            self.context.close()
        except PlaywrightError:
            pass  # the browser is gone: nothing of the scenario is left in it

    def _stop_trace(self) -> bytes | None:
        if not self._trace:
            return None
        handle, path = tempfile.mkstemp(suffix=".zip")
        os.close(handle)
        try:
            self.context.tracing.stop(path=path)
            self._trace = False
            return masked_zip(path, self.masker)
        except PlaywrightError:
            return None
        finally:
            os.remove(path)

    # --- what the page does, as it does it

    def _on_page_error(self, error) -> None:
        self.recording.page_errors.append(self.text(f"{error.name}: {error.message}" if error.name else error.message))

    def _on_console(self, message) -> None:
        # The browser's own favicon request is not the page's: its 404 is logged, and does not count.
        if message.type == "error" and urlsplit(message.location.get("url") or "").path != FAVICON:
            self.recording.console_errors.append(self.text(message.text))

    def _on_request(self, request) -> None:
        record = self._record(request)
        if record.kind != OTHER:
            self.recording.scripted.append(record)

    def _on_request_failed(self, request) -> None:
        problem = request.failure or "failed"
        if ABORTED in problem or urlsplit(request.url).path == FAVICON:
            return
        self._failed(request, problem)

    def _on_response(self, response) -> None:
        if response.status >= 400 and urlsplit(response.url).path != FAVICON:
            self._failed(response.request, str(response.status))

    def _failed(self, request, problem: str) -> None:
        self.recording.failed.append(self._record(request, self.text(problem)))

    def _record(self, request, problem: str | None = None) -> Request:
        """The request as evidence: its kind judged on what the browser sent, its URL masked."""
        kind = kind_of(request.resource_type, request.url, request.headers)
        return Request(request.method, self.text(request.url), problem, kind, origin_of(request.url))


# One Playwright and one CDP connection per process, made on first use: starting Playwright's
# driver takes a second, a context a tenth of that. A forked worker makes its own (the key's pid).
_connections: dict[tuple[int, str], tuple] = {}


def connected(endpoint: str):
    """This process's connection to the run's browser at `endpoint`."""
    key = (os.getpid(), endpoint)
    if key in _connections and _connections[key][1].is_connected():
        return _connections[key][1]
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.connect_over_cdp(endpoint)
    except BaseException:
        playwright.stop()
        raise
    if not _connections:
        atexit.register(disconnect_all)
    _connections[key] = (playwright, browser)
    return browser


def disconnect_all() -> None:
    """End this process's connections (its Playwright drivers): the run's browser is stopped, or the process ends."""
    for key, (playwright, _) in list(_connections.items()):
        if key[0] == os.getpid():
            playwright.stop()  # over CDP this only disconnects: the browser is the run's to stop
            del _connections[key]


def masked_zip(path: str, masker: Masker) -> bytes:
    """The zip at `path` with every text member masked; binary members (images) as they are."""
    handle, out_path = tempfile.mkstemp(suffix=".zip")
    os.close(handle)
    try:
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as target:
            for member in source.infolist():
                data = source.read(member)
                try:
                    data = masker.mask(data.decode("utf-8")).encode("utf-8")
                except UnicodeDecodeError:
                    pass
                target.writestr(member, data)
        with open(out_path, "rb") as stream:
            return stream.read()
    finally:
        os.remove(out_path)

