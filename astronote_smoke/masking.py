"""Secret masking: one registry of secret values, and the functions that hide them in text and headers.

A secret is hidden in every form the suite or a service could write it, whatever the letter
case: raw; with any of its characters percent-encoded (upper- or lower-case hex), `\\u`-escaped,
backslash-escaped (`\\/`), or written as an HTML/XML character reference (`&#47;`, `&#x2f;`,
`&amp;`), in any mixture; base64 at each alignment; and as the cut-off start of one at the end
of a text or just before a cut mark (`...`, `…`): a shortened excerpt must not leak half a token.
Anything shaped like a JWT is hidden too, known or not, and a token a service hands out, in a
JSON answer or as a cookie, becomes a secret as soon as the answer is read.
"""
from __future__ import annotations

import base64
import html
import json
import re
import threading
from http.cookies import SimpleCookie, CookieError
from typing import Any
from urllib.parse import quote, quote_plus

MASK = "••••"
SENSITIVE_HEADERS = frozenset({"authorization", "cookie", "set-cookie", "x-shopify-access-token", "proxy-authorization"})
_SHORTEST_SECRET = 4
# Three base64url parts starting with `{"`: a signed token, whoever issued it.
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
# JSON members whose string values are credentials: accessToken, refresh_token, password, apiSecret...
_CREDENTIAL_KEY = re.compile(r"token|secret|password|passwd|api[_-]?key|session", re.IGNORECASE)
# A learned value shorter than this is a word, not a credential: masking it would garble the report.
_SHORTEST_LEARNED = 8
# Where a shortened text was cut: what stands just before is the start of a longer value.
_CUT_MARKS = ("...", "…")
_NAMED_ENTITIES = {"&": ("&amp;",), "<": ("&lt;",), ">": ("&gt;",), '"': ("&quot;",), "'": ("&apos;",)}


class Masker:
    """Holds the run's secret values and masks them wherever text leaves the suite."""

    def __init__(self, secrets: list[str] | tuple[str, ...] = ()):
        self._lock = threading.Lock()
        self._secrets: set[str] = set()
        self._prefixes: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        if not secret or len(secret) < _SHORTEST_SECRET or secret in self._secrets:
            return
        with self._lock:
            self._secrets.add(secret)
            self._prefixes.update(form.lower() for form in _cuttable_forms(secret))
            # Longest first, so a secret is replaced whole before any of its encodings match part of it.
            ordered = sorted(self._secrets, key=len, reverse=True)
            alternatives = [_any_escaping(secret) for secret in ordered]
            alternatives += [re.escape(form) for secret in ordered for form in _base64_forms(secret)]
            self._pattern = re.compile("|".join(alternatives), re.IGNORECASE)

    def learn(self, data: Any) -> None:
        """Adds the credentials found in a parsed JSON answer (values of members like `accessToken`)."""
        for value in _credential_values(data):
            if len(value) >= _SHORTEST_LEARNED:
                self.add(value)

    def learn_cookies(self, set_cookie_headers: list[str]) -> None:
        """Adds the value of every cookie a service sets: a refresh cookie is a credential."""
        for header in set_cookie_headers:
            cookie = SimpleCookie()
            try:
                cookie.load(header)
            except CookieError:
                value = header.split(";", 1)[0].partition("=")[2].strip()
                values = [value]
            else:
                values = [morsel.value for morsel in cookie.values()]
            for value in values:
                if len(value) >= _SHORTEST_LEARNED:
                    self.add(value)

    def mask(self, text: str) -> str:
        if not text:
            return text
        text = _JWT.sub(MASK, text)
        pattern = self._pattern
        if pattern is None:
            return text
        return self._mask_cut_starts(pattern.sub(MASK, text))

    def _mask_cut_starts(self, text: str) -> str:
        ends = [len(text)] + [match.start() for mark in _CUT_MARKS for match in re.finditer(re.escape(mark), text)]
        for end in sorted(set(ends), reverse=True):
            before = text[:end].lower()
            for form in self._prefixes:
                length = next((n for n in range(len(form) - 1, _SHORTEST_SECRET - 1, -1)
                               if before.endswith(form[:n])), 0)
                if length:
                    text = text[:end - length] + MASK + text[end:]
                    break
        return text

    def mask_headers(self, headers) -> dict[str, str]:
        return {name: (MASK if name.lower() in SENSITIVE_HEADERS else self.mask(str(value)))
                for name, value in dict(headers or {}).items()}


def _any_escaping(secret: str) -> str:
    """A pattern for the secret with each character in any escaping the suite or a service may give it."""
    return "".join(_char_forms(char) for char in secret)


def _char_forms(char: str) -> str:
    code = ord(char)
    forms = {re.escape(char), re.escape("\\" + char), f"&#0*{code};", f"&#x0*{code:x};"}
    forms.update(re.escape(entity) for entity in _NAMED_ENTITIES.get(char, ()))
    forms.update(re.escape(f"%{byte:02x}") for byte in [b for b in char.encode()] if len(char.encode()) == 1)
    if len(char.encode()) > 1:
        forms.add(re.escape("".join(f"%{byte:02x}" for byte in char.encode())))
    if code < 0x10000:
        forms.add(re.escape(f"\\u{code:04x}"))
    if char == " ":
        forms.add(re.escape("+"))
    return "(?:" + "|".join(sorted(forms, key=len, reverse=True)) + ")"


def _cuttable_forms(secret: str) -> set[str]:
    """The forms in which the suite writes a value it may then cut short."""
    return {secret, quote(secret, safe=""), quote_plus(secret), json.dumps(secret)[1:-1], html.escape(secret)}


def _base64_forms(secret: str) -> set[str]:
    raw = secret.encode()
    forms = {base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode()}
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
