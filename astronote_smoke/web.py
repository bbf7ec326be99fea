"""The web app's pages, and what the suite checks in the scripts they load."""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from .checks.expect import fail
from .checks.html import parse, served_as_html
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


def open_page(run: SmokeRun, page: str) -> Reply:
    return run.get(WEB, PAGES[page], headers=NAVIGATION)


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
