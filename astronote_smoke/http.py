"""The suite's HTTP client: one `requests.Session`, one deadline per request, bounded reads, no redirects.

Every exchange is recorded, with secrets masked, for the report; every failure to get an
answer becomes a `ServiceUnreachable` whose message names service, method and URL. Answers
are untrusted: JSON is parsed strictly (UTF-8, finite numbers, bounded depth) and any failure
to parse is a `ContractViolation`; ids from answers go into URLs only as checked,
percent-encoded path segments (`segment`); `Retry-After` is read as RFC 9110 says, bounded.
"""
from __future__ import annotations

import email.utils
import http.client
import json
import math
import os
import re
import socket
import ssl
import time
import weakref
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import quote

import requests
import urllib3
from requests.structures import CaseInsensitiveDict

from .errors import Cause, ContractViolation, RateLimited, ServiceUnreachable
from .masking import MASK, SENSITIVE_HEADERS, Masker, masked_fields
from .services import Service
from .text import printable
from .transport import Deadline, deadline, session

MAX_BODY_BYTES = 2 * 1024 * 1024
EXCERPT_CHARS = 4096
USER_AGENT = "astronote-smoke"
# The longest a 429's Retry-After makes the suite wait: the APIs' rate-limit window is 60 s.
MAX_RETRY_AFTER_S = 60.0
# A header value in the evidence: a 60 KB Location is cut to this, the cut stated.
HEADER_LIMIT = 1000
# The reason that says a service is down as a whole, as a timeout does.
REFUSED = "connection refused"
# An id from an answer is an opaque token of this shape, or it does not go into a URL.
_OPAQUE_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")
_DELTA_SECONDS = re.compile(r"[0-9]+", re.ASCII)

# Every client, so that a forked process (a worker of a parallel run) drops the keep-alive
# connections it inherited: two processes reading one socket would get each other's answers.
_clients: weakref.WeakSet = weakref.WeakSet()


@dataclass
class Exchange:
    """One request and what came back, already masked: safe to print and attach."""

    service: str
    method: str
    url: str
    request_headers: dict[str, str]
    request_body: str | None
    status: int | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    body_excerpt: str = ""
    elapsed_ms: float = 0.0
    error: str | None = None


@dataclass
class Reply:
    """What a service answered. `body` is at most MAX_BODY_BYTES; `truncated` says if more was sent."""

    service: Service
    method: str
    url: str
    status: int
    headers: CaseInsensitiveDict
    body: bytes
    elapsed_ms: float
    truncated: bool
    excerpt: str

    @property
    def where(self) -> str:
        return f"{self.service.name} {self.method} {printable(self.url, HEADER_LIMIT)}"

    @property
    def content_type(self) -> str:
        return media_type(self.headers)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON, or a ContractViolation saying what came instead."""
        if self.content_type != "application/json":
            shown = printable(self.content_type or "no Content-Type", 80)
            raise ContractViolation(f"{self.where}: expected a JSON answer, got {shown} "
                                    f"(status {self.status}, body {self.excerpt[:120]!r})",
                                    expectation=f"expected a JSON answer, got {shown}")
        if self.truncated:
            raise ContractViolation(f"{self.where}: expected a JSON answer, got a body larger than "
                                    f"{MAX_BODY_BYTES // (1024 * 1024)} MiB",
                                    expectation="expected a JSON answer, got a body too large")
        try:
            return parse_json(self.body)
        except ValueError as error:
            raise ContractViolation(f"{self.where}: expected valid JSON, got a body that does not parse "
                                    f"({error}; body {self.excerpt[:120]!r})",
                                    expectation=f"expected valid JSON, got a body that does not parse ({error})")


class Client:
    """Sends the suite's requests and turns transport trouble into readable failures."""

    def __init__(self, base_urls: dict[str, str], timeout: float, masker: Masker,
                 on_exchange: Callable[[Exchange], None] | None = None, verify: str | bool = True):
        self.base_urls = base_urls
        self.timeout = timeout
        self.masker = masker
        self.on_exchange = on_exchange
        self.session = session(verify)
        self.session.headers["User-Agent"] = USER_AGENT
        self.down: dict[str, Cause] = {}
        self.case = "warm-up"
        # The path of every request, for the rate limits that count them (all `/campaigns/*` share one).
        # A list, so that a parallel run's workers hand theirs back to the parent like the run's other lists.
        self.paths_sent: list[str] = []
        _clients.add(self)

    def calls_under(self, prefix: str) -> int:
        """How many requests this run sent to `prefix` or below it."""
        return sum(1 for path in self.paths_sent if path == prefix or path.startswith(prefix + "/"))

    def mark_down(self, service: Service, cause: Cause) -> None:
        """From now on, requests to the service fail at once with this cause instead of waiting again."""
        self.down.setdefault(service.key, cause)

    def url(self, service: Service, path: str) -> str:
        # Only a path keeps a request, and its credentials, on the service's own host: "@evil.example" would not.
        if not path.startswith("/") or path.startswith("//"):
            raise ValueError(f"{service.name}: a request path must start with a single /, got {path!r}")
        return self.base_urls[service.key] + path

    def request(self, service: Service, method: str, path: str, *, headers: dict[str, str] | None = None,
                json_body: Any = None, timeout: float | None = None) -> Reply:
        url = self.url(service, path)
        if service.key in self.down:
            cause = self.down[service.key]
            raise ServiceUnreachable(f"{service.name} {method} {url}: {cause.down_text()}", cause)
        timeout = self.timeout if timeout is None else timeout
        body = None if json_body is None else json.dumps(json_body)
        headers = dict(headers or {})
        if body is not None:
            headers["Content-Type"] = "application/json"
        # A URL may carry a Location the target chose: the record shows it printable and cut.
        # The record's body hides by field what the suite filled from a secret, however short (a password),
        # and shows the mask as the curl line's note names it.
        exchange = Exchange(service.name, method, self.masker.printable(url, HEADER_LIMIT),
                            self.masker.mask_headers(headers),
                            self.masker.mask(json.dumps(masked_fields(json_body), ensure_ascii=False)) if body else None)
        self.paths_sent.append(path.split("?", 1)[0])
        started = time.monotonic()
        try:
            with deadline(timeout) as limit:
                reply = self._send(service, method, url, headers, body, limit, exchange)
        except ServiceUnreachable as error:
            exchange.error = str(error)
            if error.trips_breaker:
                self.mark_down(service, Cause(service.name, error.cause.reason, first_seen=self.case))
            raise
        finally:
            exchange.elapsed_ms = (time.monotonic() - started) * 1000
            if self.on_exchange:
                self._record(exchange)
        if reply.status == 429:
            given = reply.headers.get("Retry-After", "")
            wait = retry_after_seconds(given)
            shown = printable(given, 40) if given else "not given"
            raise RateLimited(f"{reply.where}: rate limited (429, Retry-After {shown})", wait,
                              expectation="expected an answer, got rate limited (429)")
        return reply

    def _record(self, exchange: Exchange) -> None:
        try:
            self.on_exchange(exchange)
        except Exception:  # noqa: BLE001
            # Evidence is a record of the exchange; when it cannot be kept (an interrupted run closes its
            # report before the cleanups run), the exchange, a cleanup's DELETE for one, must still count.
            pass

    def _send(self, service: Service, method: str, url: str, headers: dict[str, str], body: str | None,
              limit: Deadline, exchange: Exchange) -> Reply:
        where = f"{service.name} {method} {printable(url, HEADER_LIMIT)}"
        started = time.monotonic()
        try:
            response = self.session.request(method, url, headers=headers, data=body, timeout=limit.remaining(),
                                            allow_redirects=False, stream=True)
        except Exception as error:  # noqa: BLE001 (mapped by type; anything else is re-raised)
            raise _unreachable(service, where, limit, error) from None
        with response:
            exchange.status = response.status_code
            exchange.response_headers = self._shown_headers(response.headers)
            data, truncated = _read_bounded(response, service, where, limit)
            cookies = response.raw.headers.getlist("Set-Cookie")
        # A token handed out in this answer, in its body or as a cookie, is a secret from now on,
        # in this answer's record too.
        self.masker.learn(_json_or_none(response.headers, data, truncated))
        self.masker.learn_cookies(cookies)
        exchange.response_headers = self._shown_headers(response.headers)
        # Mask, cut, mask again: the cut must not leave the start of a secret the whole text hid.
        excerpt = self.masker.mask(data[:EXCERPT_CHARS * 4].decode("utf-8", errors="replace"))
        excerpt = self.masker.mask(excerpt[:EXCERPT_CHARS])
        exchange.body_excerpt = self.masker.printable(excerpt, EXCERPT_CHARS + 100, keep_lines=True)
        return Reply(service, method, url, response.status_code, response.headers, data,
                     (time.monotonic() - started) * 1000, truncated, excerpt)

    def _shown_headers(self, headers) -> dict[str, str]:
        return {self.masker.printable(name, 100): MASK if name.lower() in SENSITIVE_HEADERS
                else self.masker.printable(value, HEADER_LIMIT) for name, value in headers.items()}


def _unreachable(service: Service, where: str, limit: Deadline, error: Exception) -> Exception:
    """What a failed send means, by the error's type; an error that is not about transport is returned as it is."""
    timeout = limit.seconds

    def unreachable(reason: str, said: str | None = None, trips_breaker: bool = False) -> ServiceUnreachable:
        return ServiceUnreachable(f"{where}: unreachable, {said or reason}", Cause(service.name, reason), trips_breaker)

    if limit.expired:
        return unreachable(f"timed out after {timeout:g} s",
                           f"timed out after {timeout:g} s without a whole answer "
                           "(the deadline runs from connect to the last byte, headers included)", trips_breaker=True)
    if isinstance(error, requests.exceptions.SSLError):
        reason = f"TLS handshake failed ({transport_reason(error)})"
        return unreachable(reason)
    if isinstance(error, requests.exceptions.Timeout):
        return unreachable(f"timed out after {timeout:g} s", f"timed out after {timeout:g} s without an answer",
                           trips_breaker=True)
    if isinstance(error, requests.exceptions.ConnectionError):
        reason = transport_reason(error)
        return unreachable(reason, trips_breaker=reason == REFUSED)
    if isinstance(error, (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError)):
        return unreachable(transport_reason(error))
    if isinstance(error, UnicodeError):
        return unreachable(f"the answer's headers could not be read ({error})")
    return error


def _forget_connections_after_fork() -> None:
    for client in list(_clients):
        client.session.close()


os.register_at_fork(after_in_child=_forget_connections_after_fork)


def _read_bounded(response: requests.Response, service: Service, where: str,
                  limit: Deadline) -> tuple[bytes, bool]:
    """At most MAX_BODY_BYTES of the (decoded) body, within the request's deadline.

    The deadline's watchdog ends a read that blocks past it; the check between reads ends a
    body that trickles in byte by byte.
    """
    chunks, size = [], 0
    timeout = limit.seconds

    def still_arriving() -> ServiceUnreachable:
        return ServiceUnreachable(f"{where}: unreachable, timed out after {timeout:g} s "
                                  f"while the body was still arriving ({size} bytes read)",
                                  Cause(service.name, f"timed out after {timeout:g} s with the body still arriving"),
                                  trips_breaker=True)

    try:
        while size <= MAX_BODY_BYTES:
            if limit.expired or time.monotonic() > limit.at:
                raise still_arriving()
            chunk = response.raw.read1(64 * 1024, decode_content=True)
            if not chunk:
                return b"".join(chunks), False
            chunks.append(chunk)
            size += len(chunk)
    except ServiceUnreachable:
        raise
    except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError) as error:
        if limit.expired:
            raise still_arriving() from None
        reason = f"the connection broke while reading the body ({transport_reason(error)})"
        raise ServiceUnreachable(f"{where}: unreachable, {reason}", Cause(service.name, reason)) from None
    return b"".join(chunks)[:MAX_BODY_BYTES], True


def media_type(headers) -> str:
    """The Content-Type without its parameters: `application/json; charset=utf-8` is JSON."""
    return headers.get("Content-Type", "").split(";")[0].strip().lower()


def _json_or_none(headers, data: bytes, truncated: bool) -> Any:
    if truncated or media_type(headers) != "application/json":
        return None
    try:
        return parse_json(data)
    except ValueError:
        return None


def parse_json(data: bytes) -> Any:
    """A body as JSON the way the contract promises it: UTF-8, finite numbers; ValueError otherwise.

    `json.loads` alone guesses UTF-16 and UTF-32 from the first bytes, takes `NaN` and
    `Infinity` as numbers, and raises RecursionError (not a ValueError) on deep nesting.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"the body is not UTF-8 (byte {error.start})") from None
    if "\0" in text:
        raise ValueError("the body holds NUL bytes, so it is not UTF-8 text (UTF-16 or binary?)")
    if text.startswith("\ufeff"):
        raise ValueError("the body starts with a byte-order mark, which JSON over HTTP must not")
    try:
        return json.loads(text, parse_constant=_not_a_number, parse_float=_finite)
    except RecursionError:
        raise ValueError("the body is nested too deeply to read") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"{error.msg} at character {error.pos}") from None


def _not_a_number(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text[:20]} is too large for a number")
    return value


def segment(value: object) -> str:
    """An id from an answer as one URL path segment: an opaque token, percent-encoded; ValueError otherwise."""
    text = str(value)
    if not _OPAQUE_ID.fullmatch(text):
        raise ValueError(f"{printable(repr(text), 80)} is not an id (letters, digits, - and _, at most 128)")
    return quote(text, safe="")


def retry_after_seconds(value: str, now: float | None = None) -> float | None:
    """RFC 9110's Retry-After as seconds to wait, within 0..MAX_RETRY_AFTER_S; None when it is neither form.

    Delta-seconds are ASCII digits only ("٣" is a digit to Python, not to HTTP); a date is an
    HTTP-date. A date in the past means now; a wait longer than the maximum is cut to it.
    """
    value = value.strip()
    if _DELTA_SECONDS.fullmatch(value):
        seconds = float(int(value[:12]))
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when is None or when.tzinfo is None:
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_S)


def transport_reason(error: BaseException) -> str:
    """The innermost cause in a few words, by the types of the errors it wraps: 'connection refused'
    rather than a urllib3 repr. (Never by the error's text: the server may have put anything in it.)"""
    chain = _wrapped(error)
    for kinds, words in _REASONS:
        if any(isinstance(each, kinds) for each in chain):
            return words
    if any(isinstance(each, ssl.SSLError) and each.reason == "WRONG_VERSION_NUMBER" for each in chain):
        return "the server does not speak TLS"
    # What the error quotes may come from the server (a status line, a header): shown printable and cut.
    return printable(f"{error.__class__.__name__}: {error}", 160)


_REASONS = (
    (ConnectionRefusedError, REFUSED),
    # RemoteDisconnected is a ConnectionResetError: the narrower type first.
    (http.client.RemoteDisconnected, "the server closed the connection without answering"),
    (ConnectionResetError, "connection reset by the server"),
    (socket.gaierror, "host name not found"),
    ((http.client.IncompleteRead, urllib3.exceptions.IncompleteRead), "the server closed the connection mid-body"),
    (requests.exceptions.TooManyRedirects, "too many redirects"),
    (ssl.SSLCertVerificationError, "certificate not trusted"),
    ((TimeoutError, urllib3.exceptions.TimeoutError, requests.exceptions.Timeout), "timed out"),
)


def _wrapped(error: BaseException) -> list[BaseException]:
    """The error and every error it wraps: as its cause or context, its `reason` (urllib3) or an argument (requests)."""
    found: list[BaseException] = []
    waiting = [error]
    while waiting and len(found) < 32:
        current = waiting.pop(0)
        if not isinstance(current, BaseException) or any(current is seen for seen in found):
            continue
        found.append(current)
        waiting += [current.__cause__, current.__context__, getattr(current, "reason", None), *current.args]
    return found
