"""The suite's HTTP client: one `requests.Session`, explicit timeouts, bounded reads, no redirects.

Every exchange is recorded, with secrets masked, for the report; every failure to get an
answer becomes a `ServiceUnreachable` whose message names service, method and URL.
"""
from __future__ import annotations

import json
import os
import time
import weakref
from dataclasses import dataclass, field
from typing import Any, Callable

import requests
import urllib3
from requests.structures import CaseInsensitiveDict

from .errors import ContractViolation, RateLimited, ServiceUnreachable
from .masking import Masker
from .services import Service

MAX_BODY_BYTES = 2 * 1024 * 1024
EXCERPT_CHARS = 4096
USER_AGENT = "astronote-smoke"

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
        return f"{self.service.name} {self.method} {self.url}"

    @property
    def content_type(self) -> str:
        return media_type(self.headers)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON, or a ContractViolation saying what came instead."""
        if self.content_type != "application/json":
            shown = self.content_type or "no Content-Type"
            raise ContractViolation(f"{self.where}: expected a JSON answer, got {shown} "
                                    f"(status {self.status}, body {self.excerpt[:120]!r})")
        if self.truncated:
            raise ContractViolation(f"{self.where}: expected a JSON answer, got a body larger than "
                                    f"{MAX_BODY_BYTES // (1024 * 1024)} MiB")
        try:
            return json.loads(self.body)
        except ValueError as error:
            raise ContractViolation(f"{self.where}: expected valid JSON, got a body that does not parse "
                                    f"({error.msg} at character {error.pos}; body {self.excerpt[:120]!r})")


class Client:
    """Sends the suite's requests and turns transport trouble into readable failures."""

    def __init__(self, base_urls: dict[str, str], timeout: float, masker: Masker,
                 on_exchange: Callable[[Exchange], None] | None = None, verify: str | bool = True):
        self.base_urls = base_urls
        self.timeout = timeout
        self.masker = masker
        self.on_exchange = on_exchange
        self.session = requests.Session()
        # Proxies and .netrc from the environment would send credentials through hosts we do not name.
        self.session.trust_env = False
        # Certificates are always checked; a private CA comes in as a bundle (REQUESTS_CA_BUNDLE), never as False.
        self.session.verify = verify
        self.session.headers["User-Agent"] = USER_AGENT
        self.down: dict[str, str] = {}
        self.case = "warm-up"
        _clients.add(self)

    def mark_down(self, service: Service, reason: str) -> None:
        """From now on, requests to the service fail at once with this reason instead of waiting again."""
        self.down.setdefault(service.key, reason)

    def url(self, service: Service, path: str) -> str:
        # Only a path keeps a request, and its credentials, on the service's own host: "@evil.example" would not.
        if not path.startswith("/") or path.startswith("//"):
            raise ValueError(f"{service.name}: a request path must start with a single /, got {path!r}")
        return self.base_urls[service.key] + path

    def request(self, service: Service, method: str, path: str, *, headers: dict[str, str] | None = None,
                json_body: Any = None, timeout: float | None = None) -> Reply:
        url = self.url(service, path)
        if service.key in self.down:
            raise ServiceUnreachable(f"{service.name} {method} {url}: {self.down[service.key]}")
        timeout = self.timeout if timeout is None else timeout
        body = None if json_body is None else json.dumps(json_body)
        headers = dict(headers or {})
        if body is not None:
            headers["Content-Type"] = "application/json"
        exchange = Exchange(service.name, method, url, self.masker.mask_headers(headers),
                            self.masker.mask(body) if body else None)
        started = time.monotonic()
        try:
            reply = self._send(service, method, url, headers, body, timeout, started, exchange)
        except ServiceUnreachable as error:
            exchange.error = str(error)
            if error.trips_breaker:
                self.mark_down(service, f"service unreachable (first seen in {self.case}: {error.reason})")
            raise
        finally:
            exchange.elapsed_ms = (time.monotonic() - started) * 1000
            if self.on_exchange:
                self._record(exchange)
        if reply.status == 429:
            retry_after = reply.headers.get("Retry-After", "")
            raise RateLimited(f"{reply.where}: rate limited (429, Retry-After {retry_after or 'not given'})",
                              float(retry_after) if retry_after.isdigit() else None)
        return reply

    def _record(self, exchange: Exchange) -> None:
        try:
            self.on_exchange(exchange)
        except Exception:  # noqa: BLE001
            # Evidence is a record of the exchange; when it cannot be kept (an interrupted run closes its
            # report before the cleanups run), the exchange, a cleanup's DELETE for one, must still count.
            pass

    def _send(self, service: Service, method: str, url: str, headers: dict[str, str], body: str | None,
              timeout: float, started: float, exchange: Exchange) -> Reply:
        where = f"{service.name} {method} {url}"
        try:
            response = self.session.request(method, url, headers=headers, data=body, timeout=timeout,
                                            allow_redirects=False, stream=True)
        except requests.exceptions.SSLError as error:
            raise ServiceUnreachable(f"{where}: unreachable, TLS handshake failed ({transport_reason(error)})")
        except requests.exceptions.Timeout:
            raise ServiceUnreachable(f"{where}: unreachable, timed out after {timeout:g} s without an answer",
                                     reason=f"timed out after {timeout:g} s")
        except requests.exceptions.ConnectionError as error:
            reason = transport_reason(error)
            raise ServiceUnreachable(f"{where}: unreachable, {reason}",
                                     reason=reason if reason == "connection refused" else None)
        except requests.exceptions.RequestException as error:
            raise ServiceUnreachable(f"{where}: unreachable, {transport_reason(error)}")
        except UnicodeError as error:
            raise ServiceUnreachable(f"{where}: unreachable, the answer's headers could not be read ({error})")
        with response:
            exchange.status = response.status_code
            exchange.response_headers = self.masker.mask_headers(response.headers)
            data, truncated = _read_bounded(response, where, timeout, started)
        # A token handed out in this answer is a secret from now on, in this answer's record too.
        self.masker.learn(_json_or_none(response.headers, data, truncated))
        exchange.response_headers = self.masker.mask_headers(response.headers)
        excerpt = self.masker.mask(data[:EXCERPT_CHARS * 4].decode("utf-8", errors="replace"))[:EXCERPT_CHARS]
        exchange.body_excerpt = excerpt
        return Reply(service, method, url, response.status_code, response.headers, data,
                     (time.monotonic() - started) * 1000, truncated, excerpt)


def _forget_connections_after_fork() -> None:
    for client in list(_clients):
        client.session.close()


os.register_at_fork(after_in_child=_forget_connections_after_fork)


def _read_bounded(response: requests.Response, where: str, timeout: float, started: float) -> tuple[bytes, bool]:
    """At most MAX_BODY_BYTES of the (decoded) body, within the request's overall deadline.

    `read1` returns as soon as any data is there, so a body trickling in byte by byte
    still meets the deadline instead of resetting the socket timeout with every byte.
    """
    chunks, size = [], 0
    try:
        while size <= MAX_BODY_BYTES:
            if time.monotonic() - started > timeout:
                raise ServiceUnreachable(f"{where}: unreachable, timed out after {timeout:g} s "
                                         f"while the body was still arriving ({size} bytes read)",
                                         reason=f"timed out after {timeout:g} s with the body still arriving")
            chunk = response.raw.read1(64 * 1024, decode_content=True)
            if not chunk:
                return b"".join(chunks), False
            chunks.append(chunk)
            size += len(chunk)
    except ServiceUnreachable:
        raise
    except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError) as error:
        raise ServiceUnreachable(f"{where}: unreachable, the connection broke while reading the body "
                                 f"({transport_reason(error)})")
    return b"".join(chunks)[:MAX_BODY_BYTES], True


def media_type(headers) -> str:
    """The Content-Type without its parameters: `application/json; charset=utf-8` is JSON."""
    return headers.get("Content-Type", "").split(";")[0].strip().lower()


def _json_or_none(headers, data: bytes, truncated: bool) -> Any:
    if truncated or media_type(headers) != "application/json":
        return None
    try:
        return json.loads(data)
    except ValueError:
        return None


def transport_reason(error: BaseException) -> str:
    """The innermost cause in a few words: 'connection refused' rather than a urllib3 repr."""
    text = str(error)
    for needle, words in (("Connection refused", "connection refused"),
                          ("Connection reset", "connection reset by the server"),
                          ("Name or service not known", "host name not found"),
                          ("nodename nor servname", "host name not found"),
                          ("RemoteDisconnected", "the server closed the connection without answering"),
                          ("IncompleteRead", "the server closed the connection mid-body"),
                          ("Exceeded", "too many redirects"),
                          ("CERTIFICATE_VERIFY_FAILED", "certificate not trusted"),
                          ("WRONG_VERSION_NUMBER", "the server does not speak TLS"),
                          ("timed out", "timed out")):
        if needle in text:
            return words
    return f"{error.__class__.__name__}: {text[:160]}"
