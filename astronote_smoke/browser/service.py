"""The run's browser service: one process that owns the browser and the one Playwright driver,
and runs the browser scenarios' pages side by side: an anonymous visitor's in a lane (`lanes`:
a context opened while the services warm up, reset between the scenarios that take turns in
it), a signed-in user's in a context of its own.

The suite's processes (the parallel runner's workers, or plain behave) open a session over a
local connection authenticated with the run's key and call the cases of `cases` by name; each
call runs as a task of the service's event loop, so the pages of several scenarios load at the
same time. Started by `client.BrowserService`; it stops when told to, or when the run that
started it is gone. Usage: python -m astronote_smoke.browser.service EXECUTABLE FOLDER PARENT_PID
(the key comes on standard input, as hex).
"""
from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import astuple
from multiprocessing.connection import Listener
from pathlib import Path

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import async_playwright

from ..errors import SuiteError
from ..masking import Masker
from . import cases
from .lanes import LanePool
from .page import PageSession, context_and_page
from .process import BrowserProcess, NoBrowser

READY_FILE = "service.json"
BROWSER_START_S = 20
PARENT_CHECK_S = 0.5
BACKLOG = 64
# Pages open at once: a page costs Chromium about a third of a second of CPU to load, so more
# pages than cores only slow each other down, until a healthy page misses T on a busy runner.
PAGES_AT_ONCE = max(2, os.cpu_count() or 2)
# Lanes opened as soon as the browser is connected, with one context for a scenario that signs in:
# they open while the first sessions connect, instead of each session opening its own.
LANES_AHEAD = 2
# What a session may ask for: the cases and what the steps need around them.
CALLS = {name: getattr(cases, name) for name in (
    "visit", "landing_renders_dark", "sign_in_form_appears", "anonymous_retail_visitor_is_sent_to_sign_in",
    "anonymous_merchant_is_sent_to_shopify_login", "sign_in", "dashboard_shows", "api_calls_went_to", "sign_out",
    "call_api_from_page", "page_read_the_answer")}
# Failures that travel back as what they are; anything else is the suite's own error.
FAILURES = ("ContractViolation", "ServiceUnreachable")


class Slots:
    """`with slots.taken(first=...)`: at most `size` pages at once; those asked `first` get a slot before the others."""

    def __init__(self, size: int):
        self.free = size
        self.waiting = [0, 0]  # how many wait, first and not
        self.changed = threading.Condition()

    @contextmanager
    def taken(self, first: bool):
        turn = 0 if first else 1
        with self.changed:
            self.waiting[turn] += 1
            self.changed.wait_for(lambda: self.free > 0 and not any(self.waiting[:turn]))
            self.waiting[turn] -= 1
            self.free -= 1
        try:
            yield
        finally:
            with self.changed:
                self.free += 1
                self.changed.notify_all()


class Service:
    def __init__(self, executable: str, folder: Path, authkey: bytes):
        self.folder = folder
        self.authkey = authkey
        self.loop = asyncio.new_event_loop()
        self.browser_process = BrowserProcess(executable)
        self.playwright = self.browser = None
        self.slots = Slots(PAGES_AT_ONCE)
        self.lanes: LanePool | None = None
        self.own_context: asyncio.Future | None = None  # a context and page opened ahead for a sign-in

    def start(self) -> None:
        threading.Thread(target=self.loop.run_forever, name="browser-loop", daemon=True).start()
        self.playwright = self.run(async_playwright().start())
        self.browser = self.run(self.playwright.chromium.connect_over_cdp(self.browser_process.endpoint(BROWSER_START_S)))
        self.run(self._open_ahead())

    async def _open_ahead(self) -> None:
        """Pages opened while the first sessions connect: a session that needs one waits for it."""
        self.lanes = LanePool(self.browser)
        self.lanes.open_ahead(LANES_AHEAD)
        self.own_context = asyncio.ensure_future(context_and_page(self.browser))

    def run(self, coroutine):
        """Runs a coroutine on the service's loop from another thread; its result or its exception."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def serve(self) -> None:
        # A backlog for every scenario that may connect at once: with the default of one, a
        # connection the kernel could not queue is never accepted and its caller waits for ever.
        listener = Listener(("127.0.0.1", 0), backlog=BACKLOG, authkey=self.authkey)
        _write_atomically(self.folder / READY_FILE, {"address": list(listener.address)})
        while True:
            try:
                connection = listener.accept()
            except (OSError, EOFError):
                continue  # a caller that failed the key, or went away while connecting
            threading.Thread(target=self.session, args=(connection,), daemon=True).start()

    def session(self, connection) -> None:
        """One scenario's session: opened with its settings and secrets, then calls until closed."""
        try:
            settings, secrets, trace, signs_in = connection.recv()
            # The scenario's clock starts at its page's first visit: waiting for a slot costs it nothing.
            # A sign-in goes first: its scenario is the longest, and a page that starts late ends the run late.
            with self.slots.taken(first=signs_in):
                self.serve_page(connection, settings, secrets, trace, signs_in)
        except (EOFError, OSError):
            pass  # the scenario's process is gone: its context is closed all the same
        finally:
            connection.close()

    def serve_page(self, connection, settings, secrets, trace, signs_in) -> None:
        try:
            page = self.run(self._own_session(Masker(secrets), trace) if signs_in
                            else self._lane_session(Masker(secrets), trace))
        except Exception as error:  # the browser went away
            _send(connection, ("broken", f"the browser could not open a page ({type(error).__name__}: {error})"))
            return
        try:
            connection.send(("ok", None))
            while True:
                request = connection.recv()
                if request[0] == "close":
                    break
                connection.send(self.answer(page, settings, *request))
        finally:
            self.run(self._end(page))

    async def _lane_session(self, masker: Masker, trace: bool) -> PageSession:
        """A session in an idle lane, or in a new one: the slot it holds bounds how many there are."""
        lane = await self.lanes.take()
        try:
            return await PageSession.in_lane(lane, masker, trace)
        except BaseException:
            await self.lanes.give_back(await lane.reset(set()))
            raise

    async def _own_session(self, masker: Masker, trace: bool) -> PageSession:
        """A session in a context of its own: the one opened ahead, else a new one."""
        ahead, self.own_context = self.own_context, None
        if ahead is not None:
            try:
                return await PageSession.on(*await ahead, masker, trace)
            except PlaywrightError:
                pass  # it could not be opened: a new one may
        return await PageSession.opened(self.browser, masker, trace)

    async def _end(self, page: PageSession) -> None:
        lane = await page.close()
        if lane is not None:
            await self.lanes.give_back(lane)

    def answer(self, page: PageSession, settings, kind: str, name: str, args: tuple):
        try:
            if kind == "evidence":
                return "ok", self.run(page.evidence(*args))
            return "ok", self.run(CALLS[name](page, settings, *args))
        except Exception as error:
            if type(error).__name__ in FAILURES:
                cause = getattr(error, "cause", None)
                return "failed", type(error).__name__, str(error), astuple(cause) if cause else None
            return "broken", f"{type(error).__name__}: {page.text(str(error).splitlines()[0] if str(error) else '')}"

    def stop(self) -> None:
        try:
            if self.playwright is not None:
                self.run(self.playwright.stop())
        finally:
            self.browser_process.stop()


def _send(connection, message) -> None:
    try:
        connection.send(message)
    except (OSError, EOFError):
        pass


def _write_atomically(path: Path, data: dict) -> None:
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(data), encoding="utf-8")
    os.replace(partial, path)


def _watch_parent(parent: int) -> None:
    """The service outlives no run: when the process that started it is gone, it stops."""
    while True:
        time.sleep(PARENT_CHECK_S)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os.kill(os.getpid(), signal.SIGTERM)
            return


def main(argv: list[str]) -> int:
    executable, folder, parent = argv[0], Path(argv[1]), int(argv[2])
    authkey = bytes.fromhex(sys.stdin.readline().strip())
    service = Service(executable, folder, authkey)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    try:
        service.start()
        service.serve()
    except (NoBrowser, SuiteError) as problem:
        _write_atomically(folder / READY_FILE, {"problem": str(problem)})
        return 1
    except Exception as error:
        _write_atomically(folder / READY_FILE, {"problem": f"the browser could not be driven ({type(error).__name__})"})
        return 1
    finally:
        service.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
