"""Secret masking: one registry of secret values, and the functions that hide them in text and headers.

A secret is hidden in every form the suite or a service could write it, whatever the letter
case: raw; with any of its characters percent-encoded (upper- or lower-case hex), `\\u`-escaped,
backslash-escaped (`\\/`), or written as an HTML/XML character reference (`&#47;`, `&#x2f;`,
`&amp;`), in any mixture; hex-encoded (either case); base64 and base64url at each of the three
alignments a longer value can give it; as the cut-off start of one at the end of a text or just
before a cut mark (`...`, `…`), and the cut-off end of one just after a mark: a shortened text
must not leak part of a token. Beyond the forms, no text keeps RUN_CHARS or more consecutive
characters of a secret (raw, hex or base64) anywhere: a token split by a line break or quoted in
pieces is caught by its pieces. `printable` makes a text printable and cuts it with the masking
on both sides of the cut, and `masked_fields` hides, whatever their length, the values the suite
itself fills from a secret in a JSON body it builds. A configured secret too short to hide
everywhere (under 4 characters) is hidden where it stands as a whole JSON string.
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
from typing import Any, Callable
from urllib.parse import quote, quote_plus

from .text import DEFAULT_LIMIT, printable

MASK = "••••"
SENSITIVE_HEADERS = frozenset({"authorization", "cookie", "set-cookie", "x-shopify-access-token", "proxy-authorization"})
_SHORTEST_SECRET = 4
# No output keeps this many consecutive characters of a secret, whatever stands around them.
RUN_CHARS = 12
# Three base64url parts starting with `{"`: a signed token, whoever issued it.
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
# JSON members whose string values are credentials: accessToken, refresh_token, password, apiSecret...
_CREDENTIAL_KEY = re.compile(r"token|secret|password|passwd|api[_-]?key|session", re.IGNORECASE)
# A learned value shorter than this is a word, not a credential: masking it would garble the report.
_SHORTEST_LEARNED = 8
# Where a shortened text was cut: what stands just before is the start of a longer value, what
# stands just after the end of one.
_CUT_MARKS = ("...", "…")
_NAMED_ENTITIES = {"&": ("&amp;",), "<": ("&lt;",), ">": ("&gt;",), '"': ("&quot;",), "'": ("&apos;",)}


class Masker:
    """Holds the run's secret values and masks them wherever text leaves the suite."""

    def __init__(self, secrets: list[str] | tuple[str, ...] = ()):
        self._lock = threading.Lock()
        self._secrets: set[str] = set()
        self._starts: set[str] = set()  # every start of 4 characters or more of a secret's forms, lower-case
        self._ends: set[str] = set()
        self._longest = 0
        self._runs: set[str] = set()
        self._alphabet: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        self._run_pattern: re.Pattern[str] | None = None
        self._short: re.Pattern[str] | None = None
        for secret in secrets:
            self.add_configured(secret)

    def add_configured(self, secret: str | None) -> None:
        """Adds a secret of the configuration: one too short for `add` is still hidden as a whole JSON string."""
        if secret and len(secret) < _SHORTEST_SECRET and secret not in self._secrets:
            self._add_short(secret)
        else:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        if not secret or len(secret) < _SHORTEST_SECRET or secret in self._secrets:
            return
        with self._lock:
            self._secrets.add(secret)
            for form in _cuttable_forms(secret):
                form = form.lower()
                self._starts.update(form[:n] for n in range(_SHORTEST_SECRET, len(form)))
                self._ends.update(form[-n:] for n in range(_SHORTEST_SECRET, len(form)))
                self._longest = max(self._longest, len(form))
            for form in (secret, *_hex_forms(secret), *_base64_forms(secret)):
                form = form.lower().rstrip("=")
                self._runs.update(form[start:start + RUN_CHARS] for start in range(len(form) - RUN_CHARS + 1))
                if len(form) >= RUN_CHARS:
                    self._alphabet.update(form + form.upper())
            # Longest first, so a secret is replaced whole before any of its encodings match part of it.
            ordered = sorted(self._secrets, key=len, reverse=True)
            alternatives = [_any_escaping(secret) for secret in ordered]
            alternatives += [re.escape(form) for secret in ordered
                             for form in sorted(_hex_forms(secret) | _base64_forms(secret), key=len, reverse=True)]
            self._pattern = re.compile("|".join(alternatives), re.IGNORECASE)
            if self._alphabet:
                # Only a stretch of the secrets' own characters can hold a run of one: the rest is skipped fast.
                self._run_pattern = re.compile(f"[{re.escape(''.join(sorted(self._alphabet)))}]{{{RUN_CHARS},}}")

    def _add_short(self, secret: str) -> None:
        # Too short to hide wherever it appears without garbling the report (a 3-character password
        # is part of many words): hidden where it is a whole JSON string, the form in which the
        # suite's own bodies and a browser trace's typed values carry it.
        with self._lock:
            self._secrets.add(secret)
            shorts = sorted((s for s in self._secrets if len(s) < _SHORTEST_SECRET), key=len, reverse=True)
            forms = [re.escape(form) for short in shorts for form in {short, json.dumps(short)[1:-1]}]
            self._short = re.compile(f'"(?:{"|".join(forms)})"')

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
        if self._short is not None:
            text = self._short.sub(f'"{MASK}"', text)
        pattern = self._pattern
        if pattern is None:
            return text
        return self._mask_cut_edges(self._mask_runs(pattern.sub(MASK, text)))

    def printable(self, text: object, limit: int = DEFAULT_LIMIT, keep_lines: bool = False) -> str:
        """`text.printable` with masking before the cut and after it: no part of a secret stands at the cut."""
        return self.mask(printable(self.mask(str(text)), limit, keep_lines))

    def _mask_runs(self, text: str) -> str:
        runs, candidates = self._runs, self._run_pattern
        if candidates is None or len(text) < RUN_CHARS:
            return text
        spans: list[tuple[int, int]] = []
        for stretch in candidates.finditer(text):
            lowered = stretch.group().lower()
            if len(lowered) != len(stretch.group()):
                lowered = stretch.group()
            for start in range(len(lowered) - RUN_CHARS + 1):
                if lowered[start:start + RUN_CHARS] in runs:
                    begin, end = stretch.start() + start, stretch.start() + start + RUN_CHARS
                    if spans and begin <= spans[-1][1]:
                        spans[-1] = (spans[-1][0], end)
                    else:
                        spans.append((begin, end))
        for begin, end in reversed(spans):
            text = text[:begin] + MASK + text[end:]
        return text

    def _mask_cut_edges(self, text: str) -> str:
        marks = [match for mark in _CUT_MARKS for match in re.finditer(re.escape(mark), text)]
        for end in sorted({len(text), *(match.start() for match in marks)}, reverse=True):
            length = self._longest_edge(lambda n: text[end - n:end], end, self._starts)
            if length:
                text = text[:end - length] + MASK + text[end:]
        marks = [match for mark in _CUT_MARKS for match in re.finditer(re.escape(mark), text)]
        for start in sorted({match.end() for match in marks}, reverse=True):
            length = self._longest_edge(lambda n: text[start:start + n], len(text) - start, self._ends)
            if length:
                text = text[:start] + MASK + text[start + length:]
        return text

    def _longest_edge(self, piece: Callable[[int], str], room: int, parts: set[str]) -> int:
        """The length of the longest `piece(n)` (4 characters or more) that is one of `parts`; 0 when none is."""
        return next((n for n in range(min(self._longest - 1, room), _SHORTEST_SECRET - 1, -1)
                     if piece(n).lower() in parts), 0)

    def mask_headers(self, headers) -> dict[str, str]:
        return {name: (MASK if name.lower() in SENSITIVE_HEADERS else self.mask(str(value)))
                for name, value in dict(headers or {}).items()}


def masked_fields(data: Any) -> Any:
    """A JSON body the suite builds with every credential member's value (password, token...) masked, however short."""
    if isinstance(data, dict):
        return {key: MASK if _CREDENTIAL_KEY.search(str(key)) and isinstance(value, str) else masked_fields(value)
                for key, value in data.items()}
    if isinstance(data, list):
        return [masked_fields(item) for item in data]
    return data


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
    """The forms in which the suite writes a value it may then cut short, or an answer may hold one."""
    return {secret, quote(secret, safe=""), quote_plus(secret), json.dumps(secret)[1:-1], html.escape(secret),
            *_hex_forms(secret), *_base64_forms(secret)}


def _hex_forms(secret: str) -> set[str]:
    return {secret.encode().hex()}


def _base64_forms(secret: str) -> set[str]:
    """The secret in base64 and base64url: whole, and the part of each alignment that depends on it alone."""
    raw = secret.encode()
    forms = {base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode()}
    # Embedded in a longer value (HTTP Basic "user:secret"), the secret starts at any of three alignments;
    # the characters made of its bits alone are the same whatever stands around them.
    for shift in (0, 1, 2):
        first, end = -(-8 * shift // 6), (8 * shift + 8 * len(raw)) // 6
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            forms.add(encode(b"\0" * shift + raw + b"\0\0").decode()[first:end])
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
