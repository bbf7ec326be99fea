"""The service map: logical service names to base URLs and liveness endpoints.

Feature files speak of "the retail API"; only this module knows which variable holds
its address and which path says it is alive.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from .config import Settings


@dataclass(frozen=True)
class Service:
    key: str
    name: str
    variable: str
    liveness_path: str


WEB = Service("web", "Web", "WEB_URL", "/")
SHOPIFY = Service("shopify", "Shopify API", "SHOPIFY_API_URL", "/health")
RETAIL = Service("retail", "Retail API", "RETAIL_API_URL", "/healthz")
SERVICES = {service.key: service for service in (WEB, SHOPIFY, RETAIL)}
# What reports call the part of Astronote each service tag names; the workers answer through the APIs.
SERVICE_NAMES = {**{key: service.name for key, service in SERVICES.items()}, "worker": "Workers"}


def base_url(settings: Settings, service: Service) -> str:
    return {"web": settings.web_url, "shopify": settings.shopify_api_url, "retail": settings.retail_api_url}[service.key]


def origin(url: str) -> str:
    """`scheme://host[:port]` of a URL, as a browser writes it in an Origin header."""
    parts = urlsplit(url)
    default_port = {"http": 80, "https": 443}[parts.scheme]
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    port = f":{parts.port}" if parts.port and parts.port != default_port else ""
    return f"{parts.scheme}://{host}{port}"
