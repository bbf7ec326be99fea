"""Secret masking: one registry of secret values, and the functions that hide them in text and headers.

A secret is hidden in every form the suite could write it: raw, base64, URL-encoded,
and as the cut-off start of one at the end of a text (a truncated excerpt must not leak half a token).
"""
from __future__ import annotations

import base64
import re
import threading
from urllib.parse import quote, quote_plus

MASK = "••••"
SENSITIVE_HEADERS = frozenset({"authorization", "cookie", "set-cookie", "x-shopify-access-token", "proxy-authorization"})
_SHORTEST_SECRET = 4


class Masker:
    """Holds the run's secret values and masks them wherever text leaves the suite."""

    def __init__(self, secrets: list[str] | tuple[str, ...] = ()):
        self._lock = threading.Lock()
        self._forms: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        if not secret or len(secret) < _SHORTEST_SECRET:
            return
        with self._lock:
            self._forms.update(_encoded_forms(secret))
            # Longest first, so a secret is replaced whole before any of its encodings match part of it.
            ordered = sorted(self._forms, key=len, reverse=True)
            self._pattern = re.compile("|".join(re.escape(form) for form in ordered))

    def mask(self, text: str) -> str:
        pattern = self._pattern
        if pattern is None or not text:
            return text
        text = pattern.sub(MASK, text)
        for form in self._forms:
            for length in range(len(form) - 1, _SHORTEST_SECRET - 1, -1):
                if text.endswith(form[:length]):
                    return text[:-length] + MASK
        return text

    def mask_headers(self, headers) -> dict[str, str]:
        return {name: (MASK if name.lower() in SENSITIVE_HEADERS else self.mask(str(value)))
                for name, value in dict(headers or {}).items()}


def _encoded_forms(secret: str) -> set[str]:
    raw = secret.encode()
    forms = {secret, quote(secret, safe=""), quote_plus(secret),
             base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode()}
    # base64 of the secret embedded in a longer value (HTTP Basic "user:secret") shifts its alignment;
    # the stable middle part of each alignment still identifies it.
    for shift in (1, 2):
        encoded = base64.b64encode(b"\0" * shift + raw).decode()
        forms.add(encoded[4:-4].rstrip("="))
    return {form for form in forms if len(form) >= _SHORTEST_SECRET}
