"""A browser page for one scenario, in a context of its own or in a lane (`lanes`), recording
what a person watching DevTools would see: uncaught script errors, console errors, requests that
failed, the calls the page made; whether the page is still working or has settled; and the
evidence of the page as judged. Everything it hands out is masked: the page and the services are
untrusted and the test user's password is typed in. Runs in the browser service's event loop
(async Playwright)."""
from __future__ import annotations

import asyncio
import os
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError

from ..masking import Masker
from .lanes import Lane
from .settle import Settling
from .traffic import OTHER, Request, kind_of, origin_of

# Requests the contract does not count as the page's own failures.
ABORTED = "net::ERR_ABORTED"
FAVICON = "/favicon.ico"
TEXT_LIMIT = 300
STORED_SECRET_LENGTH = 16  # shorter values in localStorage are settings, not tokens
SNAPSHOT = "() => [location.href, document.readyState, document.body ? document.body.innerText : '']"


@dataclass
class PageEvidence:
    """What the report shows of a browser scenario: all of it masked."""
    url: str
    screenshot: bytes | None
    console_errors: list[str]
    failed_requests: list[str]
    trace: bytes | None = None
    learned: list[str] = field(default_factory=list)  # secrets the services handed the page, for the run's masker


@dataclass
class Recording:
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[Request] = field(default_factory=list)
    scripted: list[Request] = field(default_factory=list)  # every fetch and XHR: the app's and the framework's


class PageSession:
    """`session = await PageSession.opened(browser, masker, trace)`: a context of its own, closed by `close()`."""

    def __init__(self, browser_context, page, masker: Masker, trace: bool):
        self.context, self.page = browser_context, page
        self.masker = masker
        self.recording = Recording()
        self.settling = Settling()
        self._trace = trace
        self._learned: list[str] = []
        self.url = ""  # the page the case judges, and its document's response
        self.document = None
        self.probe: dict = {}  # what a fetch from the page answered: {status, body} or {error}
        self.probe_service = None
        self.lane: Lane | None = None  # the lane this session took, handed back reset when it closes
        self._origins: set[str] = set()  # every origin the page sent a request to: a lane clears their storage
        self._listeners = {"pageerror": self._on_page_error, "console": self._on_console,
                           "request": self._on_request, "requestfinished": self._on_request_done,
                           "requestfailed": self._on_request_failed, "response": self._on_response,
                           "framenavigated": self._on_navigated}
        for event, listener in self._listeners.items():
            page.on(event, listener)
        self.start_clock()

    @classmethod
    async def opened(cls, browser, masker: Masker, trace: bool) -> PageSession:
        """A session in a context of its own, closed with it."""
        return await cls.on(*await context_and_page(browser), masker, trace)

    @classmethod
    async def on(cls, browser_context, page, masker: Masker, trace: bool) -> PageSession:
        """A session on a context of its own and its page, opened before (`context_and_page`)."""
        try:
            if trace:
                await start_trace(browser_context)
        except BaseException:
            await browser_context.close()
            raise
        return cls(browser_context, page, masker, trace)

    @classmethod
    async def in_lane(cls, lane: Lane, masker: Masker, trace: bool) -> PageSession:
        """A session in `lane`, which `close()` resets and returns."""
        if trace:
            await start_trace(lane.context)
        session = cls(lane.context, lane.page, masker, trace)
        session.lane = lane
        return session

    async def open(self, url: str, timeout: float):
        """Navigate, timing from now; the document's response, or None when there was none."""
        self.start_clock()
        return await self.page.goto(url, wait_until="commit", timeout=self.remaining_ms(timeout))

    def start_clock(self) -> None:
        self.started = time.monotonic()

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def remaining_ms(self, timeout: float) -> float:
        return max(1.0, (timeout - self.elapsed()) * 1000)

    def text(self, value: str) -> str:
        """An untrusted text as one masked, bounded line."""
        line = " ".join(self.masker.mask(str(value)).split())
        return line if len(line) <= TEXT_LIMIT else line[:TEXT_LIMIT] + "…"

    async def settled(self) -> str:
        """Returns, with what the page shows, once it has settled: loaded, no request pending, the
        same address and text for a quiet period (shorter after an uncaught error). A page that is
        still working never returns here: the caller's upper bound judges it."""
        while True:
            await asyncio.sleep(self.settling.poll)
            try:
                url, ready, shown = await self.page.evaluate(SNAPSHOT)
            except PlaywrightError:
                self.settling.changed()  # between two documents: a navigation is under way
                continue
            self.settling.saw((url, shown), loaded=ready == "complete")
            if self.settling.quiet(bool(self.recording.page_errors)):
                return shown

    async def evidence(self, failed: bool) -> PageEvidence:
        """What was seen on the way; for a failed scenario also the page as it is now (password
        fields masked) and the trace when one was recorded. A passing page costs no screenshot."""
        await self._learn_secrets()
        screenshot = await self._screenshot() if failed else None
        recording = self.recording
        console = [f"uncaught {error}" for error in recording.page_errors] + recording.console_errors
        return PageEvidence(url=self.text(self.page.url), screenshot=screenshot, console_errors=console,
                            failed_requests=[request.describe() for request in recording.failed],
                            trace=await self._stop_trace() if failed else None, learned=list(self._learned))

    async def _screenshot(self) -> bytes | None:
        try:
            return await self.page.screenshot(mask=[self.page.locator("input[type=password]")], timeout=3000)
        except PlaywrightError:
            return None

    async def _learn_secrets(self) -> None:
        """Cookies and stored tokens the services handed the page are as secret as the configured ones."""
        try:
            values = [cookie["value"] for cookie in await self.context.cookies()]
            stored = await self.page.evaluate("() => Object.values(localStorage)")
            values += [value for value in stored if isinstance(value, str) and len(value) >= STORED_SECRET_LENGTH]
        except PlaywrightError:
            return  # a page that is gone has nothing left to show either
        for value in values:
            self.masker.add(value)
            self._learned.append(value)

    async def close(self) -> Lane | None:
        """Ends the session: its own context closed, or its lane reset and returned."""
        if self.lane is None:
            try:
                await self.context.close()
            except PlaywrightError:
                pass  # the browser is gone: nothing of the scenario is left in it
            return None
        for event, listener in self._listeners.items():
            self.page.remove_listener(event, listener)
        return await self.lane.reset(self._origins, tracing=self._trace)  # a passing scenario keeps no trace

    async def _stop_trace(self) -> bytes | None:
        if not self._trace:
            return None
        handle, path = tempfile.mkstemp(suffix=".zip")
        os.close(handle)
        try:
            await self.context.tracing.stop(path=path)
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
        self.settling.started(request)
        self._origins.add(origin_of(request.url))
        record = self._record(request)
        if record.kind != OTHER:
            self.recording.scripted.append(record)

    def _on_request_done(self, request) -> None:
        self.settling.ended(request)

    def _on_request_failed(self, request) -> None:
        self.settling.ended(request)
        problem = request.failure or "failed"
        if ABORTED in problem or urlsplit(request.url).path == FAVICON:
            return
        self._failed(request, problem)

    def _on_response(self, response) -> None:
        if response.status >= 400 and urlsplit(response.url).path != FAVICON:
            self._failed(response.request, str(response.status))

    def _on_navigated(self, frame) -> None:
        if frame == self.page.main_frame:
            self.settling.changed()

    def _failed(self, request, problem: str) -> None:
        self.recording.failed.append(self._record(request, self.text(problem)))

    def _record(self, request, problem: str | None = None) -> Request:
        """The request as evidence: its kind judged on what the browser sent, its URL masked."""
        kind = kind_of(request.resource_type, request.url, request.headers)
        return Request(request.method, self.text(request.url), problem, kind, origin_of(request.url))


async def context_and_page(browser) -> tuple:
    """A new context and its page; the context closed again when its page cannot be opened."""
    browser_context = await browser.new_context()
    try:
        return browser_context, await browser_context.new_page()
    except BaseException:
        await browser_context.close()
        raise


async def start_trace(browser_context) -> None:
    """The trace a failed scenario keeps: the DOM at each action; its screenshot is taken apart (`_screenshot`)."""
    await browser_context.tracing.start(snapshots=True, screenshots=False)


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
