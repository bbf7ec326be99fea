"""The browser cases of the contract, judged in a `PageSession`: A4, B1, B4, B5, C4, E5, E6.

Each raises a one-line failure saying what a customer would see, which page, and what the page
logged; none returns a verdict it did not check.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .. import retail
from ..checks import expect
from ..config import Settings
from ..errors import ContractViolation, ServiceUnreachable
from ..run import SmokeRun
from ..services import RETAIL, SHOPIFY, WEB, Service, origin
from .page import PageSession

DARK_LUMINANCE = 0.2
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
  return /^rgba\\(.*,\\s*0\\)$|^transparent$/.test(body) ? colour(document.documentElement) : body;
}"""
PROBE_FETCH = """async ([url, options, ms]) => {
  try {
    const answer = await fetch(url, {...options, signal: AbortSignal.timeout(ms)});
    return {status: answer.status, body: (await answer.text()).slice(0, 200)};
  } catch (error) {
    return {error: String(error)};
  }
}"""


def visit(session: PageSession, settings: Settings, path: str) -> None:
    """Open the web app's page at `path`, as a visitor typing it in; the clock of "within T" starts."""
    session.url = settings.web_url.rstrip("/") + path
    try:
        session.document = session.open(session.url)
    except PlaywrightError as error:
        reason = session.text(str(error).splitlines()[0])
        raise ServiceUnreachable(f"Web {session.url} in a browser: the page could not be opened: {reason}")


def landing_renders_dark(session: PageSession, settings: Settings) -> None:
    """A4: `/` renders without errors and its computed background is dark."""
    url = session.url
    _wait(session, WEB, url, settings.timeout, "the page did not finish loading",
          lambda ms: session.page.wait_for_load_state("load", timeout=ms))
    _renders_without_errors(session, WEB, url)
    colour = session.page.evaluate(BACKGROUND)
    luminance = relative_luminance(colour)
    if luminance is None or luminance >= DARK_LUMINANCE:
        shown = "unreadable" if luminance is None else f"{luminance:.2f}"
        raise _failure(session, WEB, url, f"the page renders light: its background is {session.text(colour)} "
                       f"(luminance {shown}, dark is below {DARK_LUMINANCE})")


def sign_in_form_appears(session: PageSession, settings: Settings) -> None:
    """B1: the retail sign-in page shows a password and an e-mail input within T, without errors."""
    url, document = session.url, session.document
    if document is not None and document.status == 404:
        raise _failure(session, WEB, url, "the page is the \"page not found\" page (404)")
    _form_appears(session, url, settings.timeout)
    title = session.page.title()
    if NOT_FOUND.search(title):
        raise _failure(session, WEB, url, f"the page is the \"page not found\" page (title {session.text(title)!r})")
    _renders_without_errors(session, WEB, url)


def anonymous_retail_visitor_is_sent_to_sign_in(session: PageSession, settings: Settings) -> None:
    """B4: an anonymous visit to the retail dashboard ends on the sign-in page within T."""
    _ends_on(session, session.url, RETAIL_LOGIN, settings.timeout, "an anonymous visitor")


def anonymous_merchant_is_sent_to_shopify_login(session: PageSession, settings: Settings) -> None:
    """C4: an anonymous visit to the Shopify dashboard ends on the Shopify login page, with a shop input."""
    url = session.url
    _ends_on(session, url, SHOPIFY_LOGIN, settings.timeout, "an anonymous merchant")
    _wait(session, WEB, url, settings.timeout, "the Shopify login page showed no shop-domain input",
          lambda ms: session.page.locator(SHOP_INPUT).first.wait_for(state="visible", timeout=ms))
    _renders_without_errors(session, WEB, url)


def sign_in(session: PageSession, settings: Settings, email: str, password: str) -> None:
    """B5, on the sign-in page: type the test user's e-mail and password and submit."""
    _form_appears(session, session.url, settings.timeout)
    page = session.page
    page.locator(EMAIL_INPUT).first.fill(email)
    page.locator(PASSWORD_INPUT).first.fill(password)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    session.start_clock()  # the submit starts the navigation to the dashboard


def total_campaigns(run: SmokeRun) -> float:
    """`totalCampaigns` of the test user's KPIs, as the retail API answers them to the suite."""
    reply = retail.kpis(run, retail.access_token(run))
    return expect.number(reply, expect.json_object(reply, 200), "totalCampaigns")


def dashboard_shows(session: PageSession, settings: Settings, total_campaigns: float) -> None:
    """B5: the dashboard is reached within T and its "Total campaigns" figure equals the API's."""
    page = session.page
    _ends_on(session, session.url, RETAIL_DASHBOARD, settings.timeout, "the signed-in test user")
    url = session.text(page.url)
    _wait(session, WEB, url, settings.timeout, "the dashboard showed no figure for \"Total campaigns\"",
          lambda ms: page.wait_for_function(f"({CARD_FIGURE})('Total campaigns')", timeout=ms))
    shown = page.evaluate(CARD_FIGURE, "Total campaigns")
    if _number(shown) != total_campaigns:
        raise _failure(session, WEB, url, f"the dashboard shows {session.text(shown)} for \"Total campaigns\"; "
                       f"the retail API reports {total_campaigns:g}")


def api_calls_went_to(session: PageSession, settings: Settings) -> None:
    """B5: every API call of the page went to the retail API's origin, none blocked or failed, and
    the sign-in carried credentials (the browser kept the cookie its answer set)."""
    url = session.text(session.page.url)
    wanted = origin(settings.retail_api_url)
    calls = session.recording.api_calls
    elsewhere = [call for call in calls if not _same_origin(call.url, wanted)]
    if elsewhere:
        raise _failure(session, WEB, url, f"the page called {elsewhere[0].describe()}, not the retail API at {wanted}")
    failed = [request for request in session.recording.failed if request.api]
    if failed:
        raise _failure(session, WEB, url, f"the browser blocked or failed {failed[0].describe()}")
    if not calls:
        raise _failure(session, WEB, url, f"the page made no call to the retail API at {wanted}")
    if not session.context.cookies(settings.retail_api_url):
        raise _failure(session, WEB, url, "the sign-in request carried no credentials: the browser kept no cookie "
                       "from the retail API's answer")


def sign_out(session: PageSession, settings: Settings) -> int | None:
    """Close the test user's session with the context's own cookie; the status, or None without a session."""
    if not session.context.cookies(settings.retail_api_url):
        return None
    answer = session.context.request.post(settings.retail_api_url.rstrip("/") + "/api/auth/logout", data={},
                                          headers={"Origin": origin(settings.web_url)}, timeout=5000)
    return answer.status


def call_api_from_page(session: PageSession, settings: Settings, service: Service, credentials: bool) -> None:
    """E5/E6: a page of the web origin fetches the API's liveness endpoint as the web app calls it
    (a bearer token, a JSON content type; credentials for the retail API): a preflighted call."""
    api_url = (settings.shopify_api_url if service is SHOPIFY else settings.retail_api_url).rstrip("/")
    # A real page of the web origin: a browser treats a page it made up as another address space.
    visit(session, settings, "/")
    _wait(session, WEB, session.url, settings.timeout, "the page did not load",
          lambda ms: session.page.wait_for_load_state("domcontentloaded", timeout=ms))
    session.url = api_url + service.liveness_path
    options = {"headers": {"Authorization": "Bearer smoke-probe", "Content-Type": "application/json"}}
    if credentials:
        options["credentials"] = "include"
    session.probe = session.page.evaluate(PROBE_FETCH, [session.url, options, settings.timeout * 1000])
    session.probe_service = service


def page_read_the_answer(session: PageSession, settings: Settings) -> None:
    """E5/E6: the browser let the page read the API's answer (no CORS error, no network error)."""
    result, service = session.probe, session.probe_service
    if "error" in result or "status" not in result:
        logged = "; ".join(session.recording.console_errors) or "nothing"
        raise ContractViolation(f"{service.name} {session.url} in a browser: the browser did not let a page of "
                                f"{origin(settings.web_url)} read the answer ({session.text(result.get('error'))}); "
                                f"the page logged: {logged}")


def relative_luminance(colour: str) -> float | None:
    """WCAG relative luminance of a CSS `rgb()`/`rgba()` colour, or None if it is not one."""
    found = re.fullmatch(r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+[\d.]+)?\s*\)", colour.strip())
    if not found:
        return None
    channels = [float(value) / 255 for value in found.groups()]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


# --- shared steps of the cases

def _wait(session: PageSession, service: Service, url: str, timeout: float, what: str, wait) -> None:
    try:
        wait(session.remaining_ms(timeout))
    except PlaywrightTimeout:
        raise _failure(session, service, url, f"{what} within {timeout:g} s", logged=True)


def _form_appears(session: PageSession, url: str, timeout: float) -> None:
    page = session.page

    def both_inputs(ms):
        page.locator(PASSWORD_INPUT).first.wait_for(state="visible", timeout=ms)
        page.locator(EMAIL_INPUT).first.wait_for(state="visible", timeout=session.remaining_ms(timeout))

    _wait(session, WEB, url, timeout, "the sign-in form did not appear", both_inputs)


def _ends_on(session: PageSession, url: str, path: str, timeout: float, who: str) -> None:
    try:
        session.page.wait_for_url(lambda now: urlsplit(now).path == path, timeout=session.remaining_ms(timeout))
    except PlaywrightTimeout:
        stayed = urlsplit(session.page.url).path
        raise _failure(session, WEB, url, f"{who} stayed on {session.text(stayed)} for {timeout:g} s instead of "
                       f"reaching {path}", logged=True)


def _renders_without_errors(session: PageSession, service: Service, url: str) -> None:
    recording = session.recording
    if recording.page_errors:
        raise _failure(session, service, url, f"the page threw an uncaught {recording.page_errors[0]}")
    if recording.failed:
        raise _failure(session, service, url, f"a request of the page failed: {recording.failed[0].describe()}")


def _failure(session: PageSession, service: Service, url: str, what: str, logged: bool = False) -> ContractViolation:
    message = f"{service.name} {url} in a browser: {what}"
    if logged:
        seen = session.recording.page_errors + session.recording.console_errors
        message += f"; the page logged: {seen[0]}" if seen else "; the page logged no error"
    return ContractViolation(message)


def _same_origin(url: str, wanted: str) -> bool:
    try:
        return origin(url) == wanted
    except (KeyError, TypeError, ValueError):
        return False


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except (AttributeError, ValueError):
        return None
