"""Secret masking: one registry of secret values, and the functions that hide them in text and headers.

A secret is hidden in every form the suite could write it: raw, base64, URL-encoded, escaped
for JSON or XML, and as the cut-off start of one at the end of a text (a truncated excerpt must
not leak half a token). Anything shaped like a JWT is hidden too, known or not, and a token a
service hands out in a JSON answer becomes a secret as soon as the answer is read.
"""
from __future__ import annotations

import base64
import json
import re
import threading
from typing import Any
from urllib.parse import quote, quote_plus
from xml.sax.saxutils import escape

MASK = "••••"
SENSITIVE_HEADERS = frozenset({"authorization", "cookie", "set-cookie", "x-shopify-access-token", "proxy-authorization"})
_SHORTEST_SECRET = 4
# Three base64url parts starting with `{"`: a signed token, whoever issued it.
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
# JSON members whose string values are credentials: accessToken, refresh_token, password, apiSecret...
_CREDENTIAL_KEY = re.compile(r"token|secret|password|passwd|api[_-]?key|session", re.IGNORECASE)
# A learned value shorter than this is a word, not a credential: masking it would garble the report.
_SHORTEST_LEARNED = 8


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

    def learn(self, data: Any) -> None:
        """Adds the credentials found in a parsed JSON answer (values of members like `accessToken`)."""
        for value in _credential_values(data):
            if len(value) >= _SHORTEST_LEARNED:
                self.add(value)

    def mask(self, text: str) -> str:
        if not text:
            return text
        text = _JWT.sub(MASK, text)
        pattern = self._pattern
        if pattern is None:
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
    forms = {secret, quote(secret, safe=""), quote_plus(secret), json.dumps(secret)[1:-1],
             escape(secret, {'"': "&quot;", "'": "&apos;"}),
             base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode()}
    # base64 of the secret embedded in a longer value (HTTP Basic "user:secret") shifts its alignment;
    # the stable middle part of each alignment still identifies it.
    for shift in (1, 2):
        encoded = base64.b64encode(b"\0" * shift + raw).decode()
        forms.add(encoded[4:-4].rstrip("="))
    return {form for form in forms if len(form) >= _SHORTEST_SECRET}


def _credential_values(data: Any, under_credential: bool = False):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _credential_values(value, under_credential or bool(_CREDENTIAL_KEY.search(str(key))))
    elif isinstance(data, list):
        for item in data:
            yield from _credential_values(item, under_credential)
    elif under_credential and isinstance(data, str):
        yield data.removeprefix("Bearer ").strip()
