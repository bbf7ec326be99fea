"""The web app's pages, its not-found page (fetched once per run), where an unknown short link
leads, and what the suite checks in the scripts they load."""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from .checks.expect import fail
from .checks.html import not_the_not_found_page, parse, served_as_html
from .http import Reply
from .run import SmokeRun
from .services import WEB, origin

PAGES = {
    "marketing landing page": "/",
    "retail sign-in page": "/auth/retail/login",
    "retail dashboard": "/app/retail/dashboard",
    "Shopify connect page": "/auth/shopify/connect",
    "Shopify dashboard": "/app/shopify/dashboard",
}


# What a browser sends when a page is typed into the address bar; Next.js answers other requests
# (its client-side navigations) with data instead of the page.
NAVIGATION = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


# What the web app answered for a path that surely does not exist, per run id.
_not_found_pages: dict[str, Reply] = {}


def open_page(run: SmokeRun, page: str) -> Reply:
    return run.get(WEB, PAGES[page], headers=NAVIGATION)


def not_found_page(run: SmokeRun) -> Reply:
    """The page the web app serves for `/smoke-<run id>-no-such-page`, fetched once per run."""
    run_id = run.settings.run_id
    if run_id not in _not_found_pages:
        _not_found_pages[run_id] = run.get(WEB, f"/smoke-{run_id}-no-such-page", headers=NAVIGATION)
    return _not_found_pages[run_id]


def not_the_not_found(run: SmokeRun, reply: Reply) -> None:
    not_the_not_found_page(reply, not_found_page(run))


def error_page_exists(run: SmokeRun, redirect: Reply) -> str | None:
    """The error page a redirect leads to on the web origin is a page of the web app, not its
    not-found page. It is fetched as a visitor would, without credentials. Returns a note when
    the page is on another frontend (SHOPIFY_FRONTEND_URL), which the suite does not fetch."""
    location = redirect.headers.get("Location", "")
    if origin(location) != origin(run.settings.web_url):
        return f"The error page {location} is not on the web app ({origin(run.settings.web_url)}): not followed."
    parts = urlsplit(location)
    page = run.get(WEB, parts.path + (f"?{parts.query}" if parts.query else ""), headers=NAVIGATION)
    not_the_not_found_page(page, not_found_page(run), f"the web app's error page {parts.path}")
    served_as_html(page)
    return None


def scripts_call(run: SmokeRun, page_reply: Reply, api_url: str, api_name: str) -> None:
    """Some script the page loads from the web origin names the API's origin literally."""
    served_as_html(page_reply)
    web_origin = origin(page_reply.url)
    sources = [urljoin(page_reply.url, src) for src in parse(page_reply).script_sources]
    own = [src for src in sources if origin(src) == web_origin and urlsplit(src).scheme in ("http", "https")]
    if not own:
        raise fail(page_reply, f"<script src> tags loading the web app's bundle from {web_origin}", "none")
    wanted = origin(api_url)
    for src in own:
        script = run.get(WEB, src[len(web_origin):] or "/")
        if script.status == 200 and wanted in script.text:
            return
    raise fail(page_reply, f"one of its {len(own)} scripts to call the {api_name} at {wanted}",
               "no script naming that origin (the web app was built against another API)")
