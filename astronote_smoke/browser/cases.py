"""The browser cases of the contract, judged in a `PageSession`: A4, B1, B4, B5, C4, E5, E6.

Each raises a one-line failure saying what a customer would see, which page, and what the page
logged; none returns a verdict it did not check. Every wait has the contract's T as its upper
bound and ends earlier when the page settles without what was awaited (`settle`): the message
says which: "got 'Loading...', settled after 1.4 s" or "got 'Loading...', still loading after 10 s". They run in the browser
service's event loop, several scenarios' pages at once.
"""
from __future__ import annotations

import asyncio
import re
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from ..config import Settings
from ..errors import Cause, ContractViolation, ServiceUnreachable
from ..services import SHOPIFY, WEB, Service, origin
from .page import PageSession
from .traffic import api_problem, app_calls, page_failures

DARK_LUMINANCE = 0.2
LAST_LOOK_MS = 1000.0
# Looked for every 0.1 s, not at every frame (Playwright's default): a walk of the whole page 60
# times a second keeps Chromium drawing frames for nothing while the dashboard loads.
FIGURE_POLL_MS = 100
PASSWORD_INPUT = "input[type=password]"
EMAIL_INPUT = "input[type=email], input#email, input[name=email]"
SHOP_INPUT = "input#shop, input[name=shop]"
RETAIL_LOGIN = "/auth/retail/login"
RETAIL_DASHBOARD = "/app/retail/dashboard"
SHOPIFY_DASHBOARD = "/app/shopify/dashboard"
SHOPIFY_LOGIN = "/app/shopify/auth/login"
NOT_FOUND = re.compile(r"\b404\b|not found|could not be found", re.IGNORECASE)
# The figure on the card whose label reads "Total campaigns" (shown uppercase or not).
CARD_FIGURE = """label => {
  const wanted = label.toLowerCase();
  for (const element of document.querySelectorAll("body *")) {
    if (element.children.length || element.textContent.trim().toLowerCase() !== wanted) continue;
    for (let card = element.parentElement; card && card !== document.body; card = card.parentElement) {
      const rest = card.innerText.replace(element.innerText, "").match(/-?\\d[\\d,.]*/);
      if (rest) return rest[0];
    }
  }
  return null;
}"""
BACKGROUND = """() => {
  const colour = element => getComputedStyle(element).backgroundColor;
  const body = colour(document.body);
  const clear = value => /^rgba\\(.*,\\s*0\\)$|^transparent$/.test(value);
  if (!clear(body)) return body;
  // Both transparent: the browser paints its default white canvas.
  return clear(colour(document.documentElement)) ? "rgb(255, 255, 255)" : colour(document.documentElement);
}"""
PROBE_FETCH = """async ([url, options, ms]) => {
  try {
    const answer = await fetch(url, {...options, signal: AbortSignal.timeout(ms)});
    return {status: answer.status, body: (await answer.text()).slice(0, 200)};
  } catch (error) {
    return {error: String(error)};
  }
}"""


async def visit(session: PageSession, settings: Settings, path: str) -> None:
    """Open the web app's page at `path`, as a visitor typing it in; the clock of "within T" starts."""
    session.url = settings.web_url.rstrip("/") + path
    try:
        session.document = await session.open(session.url, settings.timeout)
    except PlaywrightError as error:
        reason = session.text(str(error).splitlines()[0])
        cause = Cause("Web", _connection_problem(reason))
        raise ServiceUnreachable(f"Web {session.url} in a browser: service unreachable: {cause.reason} ({reason})", cause)


async def landing_renders_dark(session: PageSession, settings: Settings) -> None:
    """A4: `/` renders without errors and its computed background is dark."""
    url = session.url
    await _wait(session, WEB, url, settings.timeout, "the page to load",
                lambda ms: session.page.wait_for_load_state("load", timeout=ms))
    _renders_without_errors(session, WEB, url)
    colour = await session.page.evaluate(BACKGROUND)
    luminance = relative_luminance(colour)
    if luminance is None or luminance >= DARK_LUMINANCE:
        shown = "unreadable" if luminance is None else f"{luminance:.2f}"
        raise _failure(session, WEB, url, f"the dark theme (a background of luminance below {DARK_LUMINANCE})",
                       f"a light page: its background is {session.text(colour)} (luminance {shown})")


async def sign_in_form_appears(session: PageSession, settings: Settings) -> None:
    """B1: the retail sign-in page shows a password and an e-mail input within T, without errors."""
    url, document = session.url, session.document
    if document is not None and document.status == 404:
        raise _failure(session, WEB, url, "the retail sign-in page", "the \"page not found\" page (404)")
    await _form_appears(session, url, settings.timeout)
    title = await session.page.title()
    if NOT_FOUND.search(title):
        raise _failure(session, WEB, url, "the retail sign-in page",
                       f"the \"page not found\" page (title {session.text(title)!r})")
    _renders_without_errors(session, WEB, url)


async def anonymous_retail_visitor_is_sent_to_sign_in(session: PageSession, settings: Settings) -> None:
    """B4: an anonymous visit to the retail dashboard ends on the sign-in page within T."""
    await _ends_on(session, session.url, RETAIL_LOGIN, settings.timeout, "an anonymous visitor")


async def anonymous_merchant_is_sent_to_shopify_login(session: PageSession, settings: Settings) -> None:
    """C4: an anonymous visit to the Shopify dashboard ends on the Shopify login page, with a shop input."""
    url = session.url
    await _ends_on(session, url, SHOPIFY_LOGIN, settings.timeout, "an anonymous merchant")
    await _wait(session, WEB, url, settings.timeout, "the Shopify login page to ask for the store's domain",
                lambda ms: session.page.locator(SHOP_INPUT).first.wait_for(state="visible", timeout=ms))
    _renders_without_errors(session, WEB, url)


async def sign_in(session: PageSession, settings: Settings, email: str, password: str) -> None:
    """B5, on the sign-in page: type the test user's e-mail and password and submit."""
    await _form_appears(session, session.url, settings.timeout)
    page = session.page
    await page.locator(EMAIL_INPUT).first.fill(email)
    await page.locator(PASSWORD_INPUT).first.fill(password)
    await page.locator("form button[type=submit], form input[type=submit]").first.click()
    session.start_clock()  # the submit starts the navigation to the dashboard


async def dashboard_shows(session: PageSession, settings: Settings, total_campaigns: float) -> None:
    """B5: the dashboard is reached within T and its "Total campaigns" figure equals the API's."""
    page = session.page
    try:
        await _ends_on(session, session.url, RETAIL_DASHBOARD, settings.timeout, "the signed-in test user")
    except ContractViolation:
        problem = _api_problem(session, settings)
        if problem:
            raise _failure(session, WEB, session.url, "the test user on the retail dashboard", problem)
        raise
    url = session.text(page.url)
    await _wait(session, WEB, url, settings.timeout, "a figure for \"Total campaigns\" on the dashboard",
                lambda ms: page.wait_for_function(f"({CARD_FIGURE})('Total campaigns')", timeout=ms,
                                                  polling=FIGURE_POLL_MS))
    shown = await page.evaluate(CARD_FIGURE, "Total campaigns")
    if _number(shown) != total_campaigns:
        raise _failure(session, WEB, url, f"\"Total campaigns\" to show {total_campaigns:g}, as the retail API reports",
                       f"{session.text(shown)}")


async def api_calls_went_to(session: PageSession, settings: Settings) -> None:
    """B5: every API call of the page went to the retail API's origin, none blocked or failed, and
    the sign-in carried credentials (the browser kept the cookie its answer set). Next.js's own
    requests to the web origin (RSC prefetches and navigations, `/_next/` files) are no API calls."""
    url = session.text(session.page.url)
    problem = _api_problem(session, settings)
    if problem:
        raise _failure(session, WEB, url, "every API call of the page to reach the retail API", problem)
    if not app_calls(session.recording.scripted, origin(settings.web_url)):
        raise _failure(session, WEB, url, f"calls to the retail API at {origin(settings.retail_api_url)}", "none")
    if not await session.context.cookies(settings.retail_api_url):
        raise _failure(session, WEB, url, "the sign-in to carry credentials",
                       "a sign-in without them: the browser kept no cookie from the retail API's answer")


def _api_problem(session: PageSession, settings: Settings) -> str | None:
    recording = session.recording
    return api_problem(recording.scripted, recording.failed, origin(settings.retail_api_url), origin(settings.web_url))


async def sign_out(session: PageSession, settings: Settings) -> str | None:
    """Close the test user's session with the context's own cookie: None when closed (or never
    opened), else what went wrong."""
    try:
        if not await session.context.cookies(settings.retail_api_url):
            return None
        answer = await session.context.request.post(settings.retail_api_url.rstrip("/") + "/api/auth/logout",
                                                    data={}, headers={"Origin": origin(settings.web_url)}, timeout=5000)
    except PlaywrightError as error:
        return session.text(str(error).splitlines()[0])
    return None if answer.ok else f"status {answer.status}"


async def call_api_from_page(session: PageSession, settings: Settings, service: Service, credentials: bool) -> None:
    """E5/E6: a page of the web origin fetches the API's liveness endpoint as the web app calls it
    (a bearer token, a JSON content type; credentials for the retail API): a preflighted call."""
    api_url = (settings.shopify_api_url if service == SHOPIFY else settings.retail_api_url).rstrip("/")
    # A real page of the web origin: a browser treats a page it made up as another address space.
    await visit(session, settings, "/")
    await _wait(session, WEB, session.url, settings.timeout, "the page to load",
                lambda ms: session.page.wait_for_load_state("domcontentloaded", timeout=ms))
    session.url = api_url + service.liveness_path
    options = {"headers": {"Authorization": "Bearer smoke-probe", "Content-Type": "application/json"}}
    if credentials:
        options["credentials"] = "include"
    # A preflighted call is two requests, each allowed T.
    session.probe = await session.page.evaluate(PROBE_FETCH, [session.url, options, 2 * settings.timeout * 1000])
    session.probe_service = service


async def page_read_the_answer(session: PageSession, settings: Settings) -> None:
    """E5/E6: the browser let the page read the API's answer (no CORS error, no network error)."""
    result, service = session.probe, session.probe_service
    if "error" in result or "status" not in result:
        logged = "; ".join(session.recording.console_errors) or "nothing"
        raise ContractViolation(f"{service.name} {session.url} in a browser: expected a page of "
                                f"{origin(settings.web_url)} to read the answer, got {session.text(result.get('error'))}"
                                f"; the page logged: {logged}")


def relative_luminance(colour: str) -> float | None:
    """WCAG relative luminance of a CSS `rgb()`/`rgba()` colour, or None if it is not one."""
    found = re.fullmatch(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+[\d.]+)?\s*\)", colour.strip())
    if not found:
        return None
    channels = [float(value) / 255 for value in found.groups()]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


# --- shared steps of the cases

async def _wait(session: PageSession, service: Service, url: str, timeout: float, expected: str, wait,
                where=None) -> None:
    """Waits for what `wait` awaits, up to T; a page that settles without it is judged then.
    `where` says, for the message, where the visitor was left (a page's path)."""
    waiting = asyncio.ensure_future(wait(session.remaining_ms(timeout)))
    settling = asyncio.ensure_future(session.settled())
    try:
        await asyncio.wait({waiting, settling}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (waiting, settling):
            task.cancel()
        await asyncio.gather(waiting, settling, return_exceptions=True)
    if waiting.done() and not waiting.cancelled():
        problem = waiting.exception()
        if problem is None:
            return
        if not isinstance(problem, PlaywrightTimeout):
            raise problem
    elif await _came_last(wait, session, timeout):
        return
    if settling.done() and not settling.cancelled() and settling.exception() is None:
        got = f"{_quoted(session, settling.result())}, settled after {session.elapsed():.1f} s"
    else:
        # Short, as the console's closing line is: what the page shows, then why it was judged.
        got = f"{await _showing(session)}, still loading after {timeout:g} s"
    if where:
        got = f"{where()}, {got}"
    raise _failure(session, service, url, f"{expected} within {timeout:g} s", got, logged=True)


async def _came_last(wait, session: PageSession, timeout: float) -> bool:
    """One last look after the page settled: what was awaited may have come with its last change, and
    a wait's own round trip takes time on a busy machine (a look of 1 ms would miss a form on screen)."""
    try:
        await wait(min(LAST_LOOK_MS, session.remaining_ms(timeout)))
        return True
    except PlaywrightTimeout:
        return False


async def _form_appears(session: PageSession, url: str, timeout: float) -> None:
    page = session.page

    async def both_inputs(ms):
        await page.locator(PASSWORD_INPUT).first.wait_for(state="visible", timeout=ms)
        await page.locator(EMAIL_INPUT).first.wait_for(state="visible", timeout=session.remaining_ms(timeout))

    await _wait(session, WEB, url, timeout, "the sign-in form", both_inputs)


async def _ends_on(session: PageSession, url: str, path: str, timeout: float, who: str) -> None:
    await _wait(session, WEB, url, timeout, f"{who} on {path}",
                lambda ms: session.page.wait_for_url(lambda now: urlsplit(now).path == path, timeout=ms),
                where=lambda: f"{who} still on {session.text(urlsplit(session.page.url).path)}")


def _renders_without_errors(session: PageSession, service: Service, url: str) -> None:
    recording = session.recording
    if recording.page_errors:
        raise _failure(session, service, url, "the page to render without errors",
                       f"an uncaught {recording.page_errors[0]}")
    broken = page_failures(recording.failed)
    if broken:
        raise _failure(session, service, url, "the page to render without errors",
                       f"a failed request: {broken[0].describe()}")


def _failure(session: PageSession, service: Service, url: str, expected: str, got: str,
             logged: bool = False) -> ContractViolation:
    message = f"{service.name} {url} in a browser: expected {expected}, got {got}"
    if logged:
        seen = session.recording.page_errors + session.recording.console_errors
        message += f"; the page logged: {seen[0]}" if seen else "; the page logged no error"
        failed = page_failures(session.recording.failed) or session.recording.failed
        if failed:
            message += f"; failed: {failed[0].describe()}"
    return ContractViolation(message)


async def _showing(session: PageSession) -> str:
    """What a person looking at the page sees now, in a few words."""
    try:
        shown = await session.page.evaluate("() => document.body ? document.body.innerText : ''")
    except PlaywrightError:
        return "nothing: the page went away"
    return _quoted(session, shown)


def _quoted(session: PageSession, shown: str) -> str:
    shown = session.text(shown)
    return repr(shown[:80]) if shown else "a blank page"


def _connection_problem(reason: str) -> str:
    return "connection refused" if "ERR_CONNECTION_REFUSED" in reason else "no answer"


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except (AttributeError, ValueError):
        return None
