"""Which build each service serves, read from what it already serves: the release's fingerprints.

Read-only GETs, nothing Astronote has to add:
- the web app: its landing page names its build in the files it loads (content-hashed
  `/_next/static/…` file names) and in the build id of its flight data (or `__NEXT_DATA__`);
- the APIs: the `version` of their health answer, and any build or commit field beside it
  (Shopify `/health/full`, retail `/healthz`);
- the worker: the same fields in `/health/full`'s `checks.workers`, where it shows any.

A `Fingerprint` is a short digest of everything read plus a readable part. Both come from the
target: the readable part is masked, made printable and cut (`Masker.printable`) before it is kept, and
the digest is hex, so neither can forge a line of any output.
"""
from __future__ import annotations

import hashlib
import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .errors import SmokeFailure
from .run import SmokeRun
from .services import RETAIL, SHOPIFY, WEB
from .text import printable

DIGEST_CHARS = 12
VALUE_CHARS = 40
# What a service calls the build it runs, besides its package version.
BUILD_FIELDS = ("build", "buildId", "commit", "commitSha", "gitCommit", "gitSha", "sha", "revision")
WORKER = "worker"
# The services by expectation key, as sentences and the report name them.
NAMES = {WEB.key: "Web", SHOPIFY.key: "Shopify API", RETAIL.key: "Retail API", WORKER: "Worker"}
SUBJECTS = {WEB.key: "the web app", SHOPIFY.key: "the Shopify API", RETAIL.key: "the retail API",
            WORKER: "the worker"}

_STATIC_FILE = re.compile(r"""(?:src|href)\s*=\s*["']?(/_next/static/[^"'\s>]{1,300})""", re.IGNORECASE)
_BUILD_ID = re.compile(r"""\\?["']buildId\\?["']\s*:\s*\\?["']([A-Za-z0-9_-]{1,64})\\?["']""")
_BUILD_MANIFEST = re.compile(r"/_next/static/([A-Za-z0-9_-]{1,64})/_buildManifest\.js")


@dataclass(frozen=True)
class Fingerprint:
    """One service's build: `digest` ("" when nothing was read), what a person reads, and the names it
    answers to in an expectation (version, commit, build id: each printable and cut)."""

    service: str                     # NAMES key
    digest: str
    readable: str
    names: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        return bool(self.digest)

    def shown(self) -> str:
        """"build 3f9c1a2b7d0e, build id Xk2…" for the web app, "1.0.0" for an API, or why nothing was read."""
        if self.service == WEB.key and self.known:
            return f"build {self.digest}, {self.readable}"
        return self.readable

    def answers_to(self, value: str) -> bool:
        """Whether an expected version, commit or build (or this digest) names this build; seven characters or
        more of a commit or digest are enough, as git abbreviates."""
        if not self.known:
            return False
        return any(value == name or (len(value) >= 7 and name.startswith(value))
                   for name in (*self.names, self.digest))


def digest(material) -> str:
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def web_fingerprint(page: str, cut=printable) -> Fingerprint:
    """The web app's build from its landing page: the static files it loads and its build id. `cut`
    makes a readable part printable and short: the run's masks secrets before and after the cut."""
    files = sorted(set(_STATIC_FILE.findall(page)))
    found = _BUILD_ID.search(page) or _BUILD_MANIFEST.search(page)
    build_id = found.group(1) if found else ""
    if not files and not build_id:
        return Fingerprint(WEB.key, "", "no build named in the page (no /_next/static/ file, no build id)")
    readable = f"build id {cut(build_id, VALUE_CHARS)}" if build_id else f"{len(files)} static files"
    return Fingerprint(WEB.key, digest({"files": files, "build_id": build_id}), readable,
                       (cut(build_id, VALUE_CHARS),) if build_id else ())


def api_fingerprint(service: str, data, cut=printable) -> Fingerprint:
    """An API's (or the worker's) build from a health answer: its version and any build or commit field."""
    fields = {name: data[name] for name in ("version", *BUILD_FIELDS)
              if isinstance(data, dict) and _scalar(data.get(name))}
    if not fields:
        return Fingerprint(service, "", "reports no version or build")
    shown = {name: cut(value, VALUE_CHARS) for name, value in fields.items()}
    readable = ", ".join(value if name == "version" else f"{name} {value}" for name, value in shown.items())
    return Fingerprint(service, digest({name: str(value) for name, value in fields.items()}), readable,
                       tuple(shown.values()))


def read_fingerprints(run: SmokeRun) -> dict[str, Fingerprint]:
    """Every service's fingerprint, read now: one GET each, all at once (a slow service costs the run
    its own time once, not the sum of all); the worker's comes with the Shopify API's."""
    with ThreadPoolExecutor(max_workers=3) as pool:
        web = pool.submit(_answer, run, WEB, "/", lambda reply: reply.text)
        apis = {service: pool.submit(_answer, run, service, path, lambda reply: reply.json())
                for service, path in ((SHOPIFY, "/health/full"), (RETAIL, "/healthz"))}
    found = {}
    page, error = web.result()
    found[WEB.key] = _unread(WEB.key, error) if error else web_fingerprint(page, run.masker.printable)
    for service, answer in apis.items():
        data, error = answer.result()
        if error:
            found[service.key] = _unread(service.key, error)
            continue
        found[service.key] = api_fingerprint(service.key, data, run.masker.printable)
        if service is SHOPIFY:
            workers = data.get("checks", {}).get("workers") if isinstance(data, dict) and \
                isinstance(data.get("checks"), dict) else None
            worker = api_fingerprint(WORKER, workers, run.masker.printable)
            if worker.known:
                found[WORKER] = worker
    return found


def _answer(run: SmokeRun, service, path: str, read):
    """What `read` takes of the service's answer, or the failure that came instead."""
    try:
        return read(run.get(service, path)), None
    except SmokeFailure as error:
        return None, error


def _scalar(value) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value) != ""


def _unread(service: str, error: SmokeFailure) -> Fingerprint:
    # The failure's message was masked where it was made.
    return Fingerprint(service, "", "could not be read: " + printable(" ".join(str(error).split()), 120))
