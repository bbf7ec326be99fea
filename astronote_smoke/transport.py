"""The HTTP transport under the suite's sessions: wall-clock deadlines, final answers only, no cookies.

- A socket timeout counts per read, so a server that sends its headers one byte a second keeps
  a request alive for ever. Here each request has one deadline, from connect to the last byte:
  a watchdog shuts the socket down when it passes, wherever the read is (status line, headers,
  body), and `Deadline.expired` tells the caller that this, not the server, ended the read.
- Informational answers (1xx, such as `103 Early Hints`) come before the final one (RFC 9110
  section 15.2); http.client skips only `100 Continue`, so the others are skipped here.
- No cookie is ever stored, so none travels to another service or a later scenario.
"""
from __future__ import annotations

import http.client
import http.cookiejar
import socket
import threading
import time
from contextlib import contextmanager

import requests
import urllib3
from requests.adapters import HTTPAdapter

_active = threading.local()


class Deadline:
    """One request's wall-clock limit; shuts down the socket being read when it passes."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def remaining(self) -> float:
        return max(self.at - time.monotonic(), 0.001)

    def watch(self, sock) -> None:
        with self._lock:
            if self.expired:
                _shut(sock)
            else:
                self._sockets.append(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def start(self) -> None:
        self._timer.start()

    def cancel(self) -> None:
        self._timer.cancel()


def _shut(sock) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed: nothing left to stop


@contextmanager
def deadline(seconds: float):
    """Every request this thread sends inside the block ends by `seconds` from now."""
    limit = Deadline(seconds)
    previous = getattr(_active, "deadline", None)
    _active.deadline = limit
    limit.start()
    try:
        yield limit
    finally:
        limit.cancel()
        _active.deadline = previous


class _FinalAnswer(http.client.HTTPResponse):
    """An HTTP response that reads past informational answers to the final one."""

    def _read_status(self):
        while True:
            version, status, reason = super()._read_status()
            # 100 is skipped by http.client itself; 101 switches protocols and is final.
            if not 102 <= status < 200:
                return version, status, reason
            while self.fp.readline(http.client._MAXLINE + 1) not in (b"\r\n", b"\n", b""):
                pass


class _Watched:
    response_class = _FinalAnswer

    def getresponse(self, *args, **kwargs):
        limit = getattr(_active, "deadline", None)
        if limit is not None and self.sock is not None:
            limit.watch(self.sock)
        return super().getresponse(*args, **kwargs)


class _HTTPConnection(_Watched, urllib3.connection.HTTPConnection):
    pass


class _HTTPSConnection(_Watched, urllib3.connection.HTTPSConnection):
    pass


class _HTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class _Adapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}


class _NoCookies(http.cookiejar.DefaultCookiePolicy):
    def set_ok(self, cookie, request):
        return False


def session(verify: str | bool = True) -> requests.Session:
    """A session on this transport: no proxies or .netrc from the environment, no cookie jar, certificates checked."""
    made = requests.Session()
    # Proxies and .netrc from the environment would send credentials through hosts we do not name.
    made.trust_env = False
    # Certificates are always checked; a private CA comes in as a bundle (REQUESTS_CA_BUNDLE), never as False.
    made.verify = verify
    made.cookies.set_policy(_NoCookies())
    for scheme in ("http://", "https://"):
        made.mount(scheme, _Adapter())
    return made
