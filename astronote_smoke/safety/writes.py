"""The guard in front of every write to production: campaigns go to the configured test shop only.

`ensure_allowed(run)` runs before a campaign is created. It skips the scenario when
SMOKE_ALLOW_WRITES says no, and fails it, before any request, when the session token says it
was issued for another shop than SHOPIFY_SHOP_DOMAIN: the API could then file the campaign
under the token's shop, not the test shop the header names.
"""
from __future__ import annotations

import base64
import binascii
import json
from urllib.parse import urlsplit

from ..errors import WritesNotAllowed, WritesRefused
from ..run import SmokeRun
from ..services import SHOPIFY


def ensure_allowed(run: SmokeRun, what: str = "create campaigns") -> None:
    settings = run.settings
    if not settings.allow_writes:
        raise WritesNotAllowed(f"writes not allowed: SMOKE_ALLOW_WRITES is no, so this run does not {what}")
    shop = run.require("SHOPIFY_SHOP_DOMAIN")
    owner = token_shop(run.require("SHOPIFY_SESSION_TOKEN"))
    if owner and owner != shop.lower():
        raise WritesRefused(f"{SHOPIFY.name} {run.client.url(SHOPIFY, '/campaigns')}: refusing to {what}: "
                            f"SHOPIFY_SESSION_TOKEN was issued for {owner}, not for the test shop {shop} "
                            "(SHOPIFY_SHOP_DOMAIN)")


def token_shop(token: str) -> str | None:
    """The shop a Shopify session token names (its `dest` claim, else `iss`), or None when it names none.

    Only the claims are read: the signature is the API's to check, and the shop is all we need.
    """
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, binascii.Error):
        return None
    if not isinstance(claims, dict):
        return None
    for claim in ("dest", "iss"):
        value = claims.get(claim)
        host = urlsplit(value).hostname if isinstance(value, str) else None
        if host:
            return host.lower()
    return None
