"""The recorded answers of the real Astronote, and how an answer of the reference stack is held
against one: status, content type, the CORS, Location, Vary and Retry-After headers, the JSON
type skeleton, and HTML as the recording summarises it.

The recordings are read from `../shared/real-astronote/` when the checkout has it, else from the
copy beside this file, so the comparison never depends on what the machine has."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import requests

PROJECT = Path(__file__).resolve().parents[2]
SHARED = PROJECT / ".." / "shared" / "real-astronote"
COPY = Path(__file__).resolve().parent / "recordings"
# The headers a recording is compared on; a browser's verdict or a client's next step depends on them.
CORS_HEADERS = ("Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Methods",
                "Access-Control-Allow-Headers", "Access-Control-Max-Age")
# Values the redaction replaced, and the JSON type each stands for.
NUMBER_PLACEHOLDER = re.compile(r"^<[a-z]+(:\d+)?>:number$|^<[a-z]+:number>$")
# Objects whose keys are data (metric names), not fields: only their type is compared.
MAPS = ("body.metrics.app.counters", "body.metrics.app.gauges")
# Fields whose values, not only types, say what the recording shows (a defect, a refusal).
TELLING_FIELDS = ("ok", "success", "status", "code", "error", "reason", "data.status", "data.audience",
                  "checks.db.status", "checks.redis.status", "checks.queue.status", "checks.workers.status",
                  "checks.workers.mode", "checks.queue.error")
NOT_FOUND_HEADING = "Page not found"


def folder() -> Path:
    return SHARED if (SHARED / "INDEX.md").is_file() else COPY


@dataclass(frozen=True)
class Recording:
    name: str
    data: dict

    @property
    def request(self) -> dict:
        return self.data["request"]

    @property
    def response(self) -> dict:
        return self.data["response"]

    @property
    def phase(self) -> str:
        return self.name.split("-", 1)[0]


def load() -> list[Recording]:
    return [Recording(path.name, json.loads(path.read_text(encoding="utf-8")))
            for path in sorted(folder().glob("*.json"))]


def differences(recording: Recording, answer: requests.Response | None, web_origin: str,
                substitute) -> list[str]:
    """What in the stack's `answer` differs from the recorded one; `substitute` turns a recorded
    value with placeholders into the value the stack should send."""
    recorded = recording.response
    if recorded.get("status") is None:  # the real service never answered
        return [] if answer is None else [f"the real service never answered; the stack answered {answer.status_code}"]
    if answer is None:
        return [f"expected status {recorded['status']}, the stack never answered"]
    found = []
    if answer.status_code != recorded["status"]:
        found.append(f"status {answer.status_code}, recorded {recorded['status']}")
    if "body_excerpt" not in recorded:  # a manual record keeps only some headers
        found += _header_differences(recorded.get("headers", {}), answer, substitute)
    if "scripts" in recorded:
        return found  # a page's scripts, compared by the caller that fetched them
    body = recorded.get("body")
    if body is None:
        body = recorded.get("body_excerpt")
    if isinstance(body, dict) and _is_html_summary(body):
        found += _html_differences(body, answer.text)
    elif isinstance(body, (dict, list)):
        try:
            parsed = answer.json()
        except ValueError:
            return found + [f"a JSON body, got {answer.text[:80]!r}"]
        found += skeleton_differences(body, parsed, "body")
        found += _telling_differences(body, parsed, substitute)
    elif "body_text" in recorded and substitute(recorded["body_text"]) != answer.text:
        found.append(f"body {answer.text[:80]!r}, recorded {substitute(recorded['body_text'])!r}")
    return found


def _header_differences(recorded: dict, answer: requests.Response, substitute) -> list[str]:
    found = []
    media = recorded.get("Content-Type", "").split(";")[0].strip().lower()
    got = answer.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if media and media != got:
        found.append(f"Content-Type {got or 'none'}, recorded {media}")
    if not media and answer.status_code == 204 and got:
        found.append(f"Content-Type {got} on a 204, recorded none")
    for name in (*CORS_HEADERS, "Location"):
        want = substitute(recorded[name]) if name in recorded else None
        if answer.headers.get(name) != want:
            found.append(f"{name} {answer.headers.get(name)!r}, recorded {want!r}")
    recorded_vary = "origin" in _tokens(recorded.get("Vary", ""))
    if recorded_vary != ("origin" in _tokens(answer.headers.get("Vary", ""))):
        found.append(f"Vary {answer.headers.get('Vary')!r}, recorded {recorded.get('Vary')!r}")
    if ("Retry-After" in recorded) != ("Retry-After" in answer.headers):
        found.append(f"Retry-After {answer.headers.get('Retry-After')!r}, recorded {recorded.get('Retry-After')!r}")
    return found


def _tokens(header: str) -> set[str]:
    return {token.strip().lower() for token in header.split(",") if token.strip()}


def skeleton_differences(recorded, got, where: str) -> list[str]:
    """Every field the recording shows is in `got`, with the same JSON type; lists compare
    their first items. A recorded null stands for a value of any type."""
    if recorded is None:
        return []
    if isinstance(recorded, dict):
        if not isinstance(got, dict):
            return [f"{where}: an object, got {_type(got)}"]
        if where in MAPS:
            return []
        found = []
        for key, value in recorded.items():
            if key not in got:
                found.append(f"{where}.{key}: missing")
            else:
                found += skeleton_differences(value, got[key], f"{where}.{key}")
        return found
    if isinstance(recorded, list):
        if not isinstance(got, list):
            return [f"{where}: a list, got {_type(got)}"]
        if recorded and got:
            return skeleton_differences(recorded[0], got[0], f"{where}[0]")
        return []
    want = _type(recorded)
    return [] if _type(got) == want else [f"{where}: {want}, got {_type(got)}"]


def _type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "number" if NUMBER_PLACEHOLDER.match(value) else "string"
    return "list" if isinstance(value, list) else "object"


def _telling_differences(recorded, got, substitute) -> list[str]:
    found = []
    for path in TELLING_FIELDS:
        want, have = _at(recorded, path), _at(got, path)
        if want is _ABSENT or (isinstance(want, str) and want.startswith("<")):
            continue
        if path == "checks.queue.error" and isinstance(want, str):
            # The job number is the race's, not the product's.
            want, have = re.sub(r"\d+", "N", want), re.sub(r"\d+", "N", str(have))
        if want != have:
            found.append(f"{path} {have!r}, recorded {want!r}")
    return found


_ABSENT = object()


def _at(body, path: str):
    for key in path.split("."):
        if not isinstance(body, dict) or key not in body:
            return _ABSENT
        body = body[key]
    return body


def _is_html_summary(body: dict) -> bool:
    return "html_class" in body and "title" in body


def _html_differences(summary: dict, text: str) -> list[str]:
    page = _PageSummary()
    page.feed(text)
    found = []
    if page.title.strip() != summary["title"]:
        found.append(f"title {page.title.strip()!r}, recorded {summary['title']!r}")
    recorded_dark = "dark" in (summary["html_class"] or "").split()
    if recorded_dark != ("dark" in page.html_class.split()):
        found.append(f"<html> class {page.html_class!r}, recorded {summary['html_class']!r}")
    shows_not_found = NOT_FOUND_HEADING in summary["headings_in_served_html"]
    if shows_not_found != (NOT_FOUND_HEADING in page.headings):
        found.append(f"headings {page.headings}, recorded {summary['headings_in_served_html']}")
    return found


def password_in_served_html(text: str) -> bool:
    page = _PageSummary()
    page.feed(text)
    return page.password


class _PageSummary(HTMLParser):
    """The title, <html> class, h1/h2 texts and password input of a page, as the recordings summarise it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title, self.html_class, self.headings, self.password = "", "", [], False
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html" and not self.html_class:
            self.html_class = attributes.get("class") or ""
        elif tag == "input" and (attributes.get("type") or "").lower() == "password":
            self.password = True
        elif tag in ("title", "h1", "h2"):
            self._open = tag
            if tag != "title":
                self.headings.append("")

    def handle_endtag(self, tag):
        if tag == self._open:
            self._open = None

    def handle_data(self, data):
        if self._open == "title":
            self.title += data
        elif self._open in ("h1", "h2"):
            self.headings[-1] = (self.headings[-1] + data).strip()


def script_sources(text: str) -> list[str]:
    return re.findall(r'<script[^>]*\bsrc="([^"]+)"', text)
