"""ReferenceStack: the local stand-in for an Astronote deployment. It binds
the three HTTP ports, seeds a fresh SQLite database, starts web, Shopify API,
retail API and worker as separate processes, and ends them all on stop."""

import atexit
import json
import os
import secrets
import shutil
import socket
import string
import tempfile
import time

from ..errors import ConfigError
from . import process, store
from .build import DEFAULT_BUILD
from .faults import parse_faults

URL_VARIABLES = {"web": "WEB_URL", "shopify-api": "SHOPIFY_API_URL", "retail-api": "RETAIL_API_URL"}
SEED_VARIABLES = (
    "SHOPIFY_SHOP_DOMAIN",
    "SHOPIFY_SESSION_TOKEN",
    "RETAIL_EMAIL",
    "RETAIL_PASSWORD",
    "SHORT_LINK_TOKEN",
    "SHORT_LINK_DESTINATION",
)
READY_TIMEOUT = 10.0


class ReferenceStack:
    """Astronote on 127.0.0.1, with the named ``faults`` switched on.

    ``stack.urls`` maps WEB_URL, SHOPIFY_API_URL and RETAIL_API_URL to base
    URLs; ``stack.env`` adds the seeded test data under the suite's variable
    names; ``stack.db_path`` is the SQLite file. Usable as a context manager,
    or through start() and stop() (idempotent).

    Start it from a thread that outlives it (the main thread, typically): on
    Linux the children also end when the thread that started them does.
    """

    def __init__(self, faults=(), latency_ms=0, seed=None, log_requests=False, build=DEFAULT_BUILD):
        self.faults = parse_faults(faults)
        if not isinstance(latency_ms, int) or latency_ms < 0:
            raise ValueError(f"latency_ms must be a whole number >= 0, got {latency_ms!r}")
        if not isinstance(build, int) or build < 1:
            raise ValueError(f"build must be a whole number >= 1, got {build!r}")
        self.build = build
        self.latency_ms = int(latency_ms)
        unknown = set(seed or {}) - set(SEED_VARIABLES)
        if unknown:
            raise ValueError(f"unknown seed variables {sorted(unknown)}; valid: {', '.join(SEED_VARIABLES)}")
        self.seed_overrides = dict(seed or {})
        self.log_requests = log_requests
        self.urls = {}
        self.env = {}
        self.db_path = None
        self._children = []
        self._directory = None

    @classmethod
    def from_env(cls, environ=None):
        """The stack the suite asks for through SMOKE_STACK_FAULTS (comma-separated
        fault names), SMOKE_STACK_LATENCY_MS, SMOKE_STACK_BUILD and any seed variable
        present (``environ`` defaults to os.environ); a `ConfigError` names the variable that is wrong."""
        environ = os.environ if environ is None else environ
        faults = [name.strip() for name in environ.get("SMOKE_STACK_FAULTS", "").split(",") if name.strip()]
        latency = environ.get("SMOKE_STACK_LATENCY_MS", "").strip() or "0"
        if not (latency.isascii() and latency.isdigit()):
            raise ConfigError("SMOKE_STACK_LATENCY_MS", f"must be a whole number of milliseconds, got {latency!r}")
        build = environ.get("SMOKE_STACK_BUILD", "").strip() or str(DEFAULT_BUILD)
        if not (build.isascii() and build.isdigit() and int(build) >= 1):
            raise ConfigError("SMOKE_STACK_BUILD", f"must be a whole number of at least 1, got {build!r}")
        seed = {name: environ[name] for name in SEED_VARIABLES if environ.get(name)}
        try:
            return cls(faults=faults, latency_ms=int(latency), seed=seed, build=int(build))
        except ValueError as error:
            raise ConfigError("SMOKE_STACK_FAULTS", str(error)) from None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def start(self):
        """Start every process and return once all serve; StackError (with the
        failing process's stderr) if one does not."""
        if self._directory is not None:
            raise RuntimeError("this reference stack is already running")
        started_at = time.time()
        self._directory = tempfile.mkdtemp(prefix="astronote-stack-")
        atexit.register(self.stop)
        try:
            self._start(started_at)
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self, started_at):
        # The parent binds every port first: the web bundle needs the API origins
        # and the APIs' CORS allowlists need the web origin before any child starts.
        sockets = {service: _listening_socket() for service in URL_VARIABLES}
        try:
            self.urls = {
                URL_VARIABLES[service]: f"http://127.0.0.1:{sock.getsockname()[1]}"
                for service, sock in sockets.items()
            }
            seed = _seed(self.seed_overrides)
            self.env = {**self.urls, **seed}
            self.db_path = os.path.join(self._directory, "astronote.sqlite3")
            store.create(self.db_path, seed)
            context = {
                "db_path": self.db_path,
                "urls": self.urls,
                "faults": self.faults,
                "latency_ms": self.latency_ms,
                "started_at": started_at,
                "log_requests": self.log_requests,
                "build": self.build,
            }
            for service in self._services():
                sock = sockets.get(service)
                log_path = None if self.log_requests else os.path.join(self._directory, f"{service}.log")
                fd = sock.fileno() if sock else None
                self._children.append(process.launch(service, json.dumps(context), fd=fd, log_path=log_path))
        finally:
            # The children hold their own copies; a port nobody serves now refuses.
            for sock in sockets.values():
                sock.close()
        process.wait_ready(self._children, READY_TIMEOUT)

    def _services(self):
        if "refuse-all" in self.faults:
            return []
        services = ["web", "shopify-api", "retail-api", "worker"]
        if "web-down" in self.faults:
            services.remove("web")
        if "worker-stopped" in self.faults:
            services.remove("worker")
        return services

    def stop(self):
        """End every process and remove the database. Safe to call twice."""
        atexit.unregister(self.stop)
        children, self._children = self._children, []
        process.stop(children)
        if self._directory is not None:
            shutil.rmtree(self._directory, ignore_errors=True)
            self._directory = None

    def __repr__(self):
        faults = ",".join(self.faults) or "none"
        return f"<ReferenceStack faults={faults} urls={self.urls or 'not started'}>"


def _listening_socket():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    return sock


def _seed(overrides):
    alphanumerics = string.ascii_letters + string.digits
    seed = {
        "SHOPIFY_SHOP_DOMAIN": "smoke-test.myshopify.com",
        "SHOPIFY_SESSION_TOKEN": secrets.token_urlsafe(32),
        "RETAIL_EMAIL": "smoke@astronote.test",
        "RETAIL_PASSWORD": secrets.token_urlsafe(16),
        "SHORT_LINK_TOKEN": "".join(secrets.choice(alphanumerics) for _ in range(8)),
        "SHORT_LINK_DESTINATION": "https://shop.example/products/smoke",
    }
    seed.update(overrides)
    return seed
