"""CORS preflights as the web app's browser sends them before an authenticated call (cases E1–E4)."""
from __future__ import annotations

from .http import Reply
from .run import SmokeRun
from .services import RETAIL, SHOPIFY, Service, origin

METHOD = "POST"
REQUEST_HEADERS = ["authorization", "content-type"]
# The web app calls the Shopify API with a bearer token only, the retail API with its refresh cookie too.
TARGETS = {"Shopify API": (SHOPIFY, "/health", False), "retail API": (RETAIL, "/healthz", True)}


def web_origin(run: SmokeRun) -> str:
    return origin(run.settings.web_url)


def foreign_origins(run: SmokeRun) -> list[str]:
    """A foreign site, and the look-alike that an allowlist matching by prefix would admit."""
    return ["https://evil.example", f"{web_origin(run)}.evil.example"]


def send(run: SmokeRun, service: Service, path: str, from_origin: str) -> Reply:
    return run.send(service, "OPTIONS", path, headers={
        "Origin": from_origin,
        "Access-Control-Request-Method": METHOD,
        "Access-Control-Request-Headers": ",".join(REQUEST_HEADERS),
    })
