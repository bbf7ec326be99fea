"""What a page's requests are: the calls its own code makes to an API, the framework's requests
to the web origin (Next.js RSC requests and `/_next/` assets), and the rest (the document, its
scripts, styles and images). Plain records and rules, no browser in here: the checks that judge
"the calls of the page" judge the app's API calls only, whatever Next.js fetches beside them."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from ..services import origin

API = "api"  # a fetch or XHR of the page's code
FRAMEWORK = "framework"  # Next.js's own request: an RSC request, or a fetch of a /_next/ file
OTHER = "other"  # the document and what it loads: scripts, styles, images, fonts
SCRIPTED = ("fetch", "xhr")
NEXT_FILES = "/_next/"


@dataclass(frozen=True)
class Request:
    method: str
    url: str  # as the report may show it: masked and bounded
    problem: str | None = None  # "401", "net::ERR_FAILED": what went wrong, if anything
    kind: str = OTHER
    origin: str = ""  # of the URL as requested, before any masking or cut

    @property
    def api(self) -> bool:
        return self.kind == API

    def describe(self) -> str:
        told = f"{self.problem}, a Next.js request" if self.kind == FRAMEWORK and self.problem else self.problem
        return f"{self.method} {self.url}" + (f" ({told})" if told else "")


def kind_of(resource_type: str, url: str, headers: dict[str, str]) -> str:
    """The kind of a request, from what the browser saw of it (header names in lower case)."""
    if resource_type not in SCRIPTED:
        return OTHER
    return FRAMEWORK if is_framework(url, headers) else API


def is_framework(url: str, headers: dict[str, str]) -> bool:
    """Next.js's own requests: an RSC request carries the `RSC: 1` header and the `_rsc`
    parameter (its value changes with page and build); the framework fetches its files under
    `/_next/`. Recognised by what they are, not by a list of the app's paths."""
    parts = urlsplit(url)
    if parts.path.startswith(NEXT_FILES):
        return True
    return headers.get("rsc") == "1" and "_rsc" in parse_qs(parts.query, keep_blank_values=True)


def origin_of(url: str) -> str:
    """The origin of a URL as a browser requested it; empty for one that has none (data:, blob:)."""
    try:
        return origin(url)
    except (KeyError, TypeError, ValueError):
        return ""


def app_calls(requests: list[Request], web_origin: str) -> list[Request]:
    """The calls of the page's code: its API calls, and a framework request that left the web
    origin (Next.js sends its own only there, so one elsewhere is no longer the framework's)."""
    return [request for request in requests
            if request.api or (request.kind == FRAMEWORK and request.origin != web_origin)]


def api_problem(calls: list[Request], failed: list[Request], api_origin: str, web_origin: str) -> str | None:
    """What went wrong with the page's API calls, as DevTools would show it: a call to another
    origin than the API's (the web origin itself included: a relative `/api/…`), or one blocked
    or failed; None when nothing did. The framework's requests are not judged here."""
    elsewhere = [call for call in app_calls(calls, web_origin) if call.origin != api_origin]
    if elsewhere:
        return f"the page called {elsewhere[0].describe()}, not the retail API at {api_origin}"
    broken = app_calls(failed, web_origin)
    if broken:
        return f"the browser blocked or failed {broken[0].describe()}"
    return None


def page_failures(failed: list[Request]) -> list[Request]:
    """Failed requests that break what the page shows: its document, scripts, styles and API
    calls. A framework request that failed (an RSC prefetch of a linked page) stays evidence."""
    return [request for request in failed if request.kind != FRAMEWORK]
