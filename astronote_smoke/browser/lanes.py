"""Lanes: the browser contexts that anonymous scenarios take turns in, each with one page.

Opening a page costs Chromium a renderer process and a third of a second of CPU; on two cores,
seven fresh pages were most of what the browser checks added to a run. A lane is opened once,
while the services warm up (`LanePool`), and each anonymous scenario that takes it finds it as a fresh
context would be: a blank page, no cookies, nothing stored for any origin it or the run's
services used, the HTTP cache off (every file is fetched as a first visitor fetches it), no
other window. A scenario that signs someone in never takes a lane: it gets a context of its own.
A lane that cannot be reset (its page crashed or hangs) is closed and a new one takes its place.
"""
from __future__ import annotations

import asyncio

from playwright.async_api import Error as PlaywrightError

BLANK = "about:blank"
RESET_MS = 5000


class Lane:
    """`lane = await Lane.opened(browser)`: a context, its page, and the DevTools session that resets them."""

    def __init__(self, browser, browser_context, page, devtools):
        self.browser, self.context, self.page, self._devtools = browser, browser_context, page, devtools

    @classmethod
    async def opened(cls, browser) -> Lane:
        browser_context = await browser.new_context()
        try:
            page = await browser_context.new_page()
            devtools = await browser_context.new_cdp_session(page)
            await devtools.send("Network.enable")
            await devtools.send("Network.setCacheDisabled", {"cacheDisabled": True})
        except BaseException:
            await browser_context.close()
            raise
        return cls(browser, browser_context, page, devtools)

    async def reset(self, origins: set[str], tracing: bool = False) -> Lane:
        """This lane as a fresh context would be; a new lane when this one cannot be reset. A trace
        still `tracing` is dropped once the page is blank: nothing of this scenario reaches the next one's."""
        try:
            for page in self.context.pages:
                if page != self.page:
                    await page.close()
            await self.page.goto(BLANK, timeout=RESET_MS)
            if tracing:
                await self.context.tracing.stop()
            await self.context.clear_cookies()
            for origin in sorted(filter(None, origins)):
                await self._devtools.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
            return self
        except PlaywrightError:
            await self.close()
            return await Lane.opened(self.browser)

    async def close(self) -> None:
        try:
            await asyncio.wait_for(self.context.close(), RESET_MS / 1000)
        except (PlaywrightError, asyncio.TimeoutError):
            pass  # the browser is gone, or the context with it


class LanePool:
    """The idle lanes and those still opening: a scenario waits for a lane being opened rather than
    open one more. Used from the browser service's event loop only."""

    def __init__(self, browser):
        self.browser = browser
        self.idle: list[Lane] = []
        self.opening = 0
        self.changed = asyncio.Condition()

    def open_ahead(self, count: int) -> None:
        """Start opening `count` lanes; each joins the idle ones when it is open."""
        self.opening += count
        for _ in range(count):
            asyncio.ensure_future(self._open_one())

    async def take(self) -> Lane:
        async with self.changed:
            await self.changed.wait_for(lambda: self.idle or not self.opening)
            if self.idle:
                return self.idle.pop()
        return await Lane.opened(self.browser)

    async def give_back(self, lane: Lane) -> None:
        async with self.changed:
            self.idle.append(lane)
            self.changed.notify_all()

    async def _open_one(self) -> None:
        try:
            lane = await Lane.opened(self.browser)
        except PlaywrightError:
            lane = None  # a scenario that waited for it opens its own, and meets the problem there
        async with self.changed:
            self.opening -= 1
            if lane is not None:
                self.idle.append(lane)
            self.changed.notify_all()
