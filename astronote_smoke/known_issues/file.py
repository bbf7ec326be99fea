"""The known-issues file: defects a target really has, which the release gate reports as known.

`load_known_issues(settings, target_hosts, case_ids)` reads `known-issues.toml` (or the file
`SMOKE_KNOWN_ISSUES` names), checks every entry, and works out which environment this run
tests: the one `SMOKE_PROFILE` names, or else the declared environment whose hosts include
every target host. The local reference stack (127.0.0.1) is no declared production host, so
production entries never apply to it; a drill names an environment without hosts in
`SMOKE_PROFILE`.

The file is TOML because Python reads it without a new dependency, its parser is strict (no
YAML-style `no` turning into false) and its dates are typed. Anything wrong with it is a
`ConfigError` naming the file and line, raised before the first request.
"""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from typing import Iterable
from urllib.parse import urlsplit

from ..config import Settings
from ..errors import KNOWN_ISSUES_VARIABLE, ConfigError, KnownIssuesError

FILE_VARIABLE = KNOWN_ISSUES_VARIABLE
PROFILE_VARIABLE = "SMOKE_PROFILE"
STRICT_VARIABLE = "SMOKE_KNOWN_ISSUES_STRICT"
DEFAULT_FILE = "known-issues.toml"

ENTRY_FIELDS = {"id", "environments", "reason", "ticket", "expires", "failure"}
REQUIRED_FIELDS = ("id", "environments", "reason", "ticket", "expires")
REASON_CHARS = 200
_HOST = re.compile(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")
_SYNTAX_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class KnownIssue:
    """One entry: scenario `id` fails in `environments` because of a defect tracked in `ticket`."""

    id: str
    environments: tuple[str, ...]
    reason: str
    ticket: str
    expires: date
    failure: re.Pattern[str] | None
    file: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.file} line {self.line}"

    def expired(self, today: date) -> bool:
        """An entry excuses failures up to and including its expiry date."""
        return today > self.expires


@dataclass(frozen=True)
class KnownIssues:
    """The entries of one file and the environment this run tests (None: no entry applies)."""

    issues: tuple[KnownIssue, ...]
    environment: str | None
    chosen_by: str
    strict: bool
    file: str

    def issue_for(self, case_id: str) -> KnownIssue | None:
        if self.environment is None:
            return None
        return next((issue for issue in self.issues
                     if issue.id == case_id and self.environment in issue.environments), None)

    @property
    def applicable(self) -> tuple[KnownIssue, ...]:
        return tuple(issue for issue in self.issues if self.issue_for(issue.id) is issue)

    def describe(self, today: date) -> str:
        """One line for the console: which file, which environment and why, what it excuses."""
        if self.environment is None:
            return f"Known issues: none apply ({self.chosen_by})."
        if not self.applicable:
            return f"Known issues: none for {self.environment} ({self.chosen_by}) in {self.file}."
        listed = ", ".join(issue.id + (f" (expired {issue.expires})" if issue.expired(today) else "")
                           for issue in self.applicable)
        return f"Known issues for {self.environment} ({self.chosen_by}), from {self.file}: {listed}."


def load_known_issues(settings: Settings, target_hosts: Iterable[str], case_ids: Iterable[str]) -> KnownIssues:
    """The known issues for a run with `settings` against `target_hosts`, checked against the suite's `case_ids`."""
    path = settings.known_issues
    if path and not os.path.isfile(path):
        raise ConfigError(FILE_VARIABLE, f"names {path!r}, which is not a file")
    path = path or DEFAULT_FILE
    strict = settings.known_issues_strict
    profile = settings.known_issues_profile
    if not os.path.isfile(path):
        if profile:
            raise ConfigError(PROFILE_VARIABLE, f"names {profile!r}, but there is no {path} to declare it")
        return KnownIssues((), None, f"no {path}", strict, path)
    text = _read(path)
    document = _parse(path, text)
    lines = _Lines(path, text)
    environments = _environments(document, lines)
    issues = _issues(document, lines, environments, set(case_ids))
    environment, chosen_by = _environment_of_run(path, environments, profile, _hosts(target_hosts))
    return KnownIssues(issues, environment, chosen_by, strict, path)


def _environment_of_run(path: str, environments: dict[str, tuple[str, ...]], profile: str | None,
                        target_hosts: tuple[str, ...]) -> tuple[str | None, str]:
    if profile:
        if profile not in environments:
            declared = ", ".join(environments) or "none"
            raise ConfigError(PROFILE_VARIABLE, f"names {profile!r}, which {path} does not declare "
                              f"(declared: {declared})")
        strangers = [host for host in target_hosts if host not in environments[profile]]
        if environments[profile] and strangers:
            raise ConfigError(PROFILE_VARIABLE, f"is {profile!r}, but the target host {strangers[0]} is not "
                              f"one of its hosts in {path}")
        return profile, f"{PROFILE_VARIABLE}={profile}"
    for name, hosts in environments.items():
        if target_hosts and all(host in hosts for host in target_hosts):
            return name, f"the target is {', '.join(sorted(set(target_hosts)))}"
    return None, f"the target {', '.join(sorted(set(target_hosts))) or 'host'} is no environment declared in {path}"


def _environments(document: dict, lines: _Lines) -> dict[str, tuple[str, ...]]:
    table = document.get("environments", {})
    if not isinstance(table, dict):
        raise KnownIssuesError(lines.of_key(None, "environments"), "[environments] must be a table of name = [hosts]")
    environments = {}
    for name, hosts in table.items():
        where = lines.of_key("[environments]", name)
        if not isinstance(hosts, list) or not all(isinstance(host, str) and _HOST.match(host) for host in hosts):
            raise KnownIssuesError(where, f"environment {name!r} must list host names, like "
                                   "[\"astronote.onrender.com\"] (no scheme, no port, lower case)")
        environments[name] = tuple(hosts)
    return environments


def _issues(document: dict, lines: _Lines, environments: dict, case_ids: set[str]) -> tuple[KnownIssue, ...]:
    unknown = sorted(set(document) - {"environments", "issue"})
    if unknown:
        raise KnownIssuesError(lines.of_key(None, unknown[0]),
                               f"unknown section {unknown[0]!r}: the file holds [environments] and [[issue]] entries")
    entries = document.get("issue", [])
    if not isinstance(entries, list):
        raise KnownIssuesError(lines.of_key(None, "issue"), "issues must be [[issue]] tables")
    issues: list[KnownIssue] = []
    for index, entry in enumerate(entries):
        issue = _issue(entry, lines.entry(index), environments, case_ids)
        for earlier in issues:
            shared = set(earlier.environments) & set(issue.environments)
            if earlier.id == issue.id and shared:
                raise KnownIssuesError(issue.where, f"{issue.id} in {sorted(shared)[0]} is already listed at "
                                       f"line {earlier.line}: one entry per scenario and environment")
        issues.append(issue)
    return tuple(issues)


def _issue(entry, at: _Entry, environments: dict, case_ids: set[str]) -> KnownIssue:
    if not isinstance(entry, dict):
        raise KnownIssuesError(at.where(None), "an issue must be a table")
    extra = sorted(set(entry) - ENTRY_FIELDS)
    if extra:
        raise KnownIssuesError(at.where(extra[0]), f"unknown field {extra[0]!r}; an entry has "
                               f"{', '.join(REQUIRED_FIELDS)} and optionally failure")
    missing = [name for name in REQUIRED_FIELDS if name not in entry]
    if missing:
        raise KnownIssuesError(at.where(None), f"the entry has no {missing[0]}")

    case = entry["id"]
    if not isinstance(case, str) or case not in case_ids:
        raise KnownIssuesError(at.where("id"), f"id {case!r} is not a scenario of this suite "
                               f"(ids: {_id_range(case_ids)})")
    names = entry["environments"]
    if not isinstance(names, list) or not names or not all(isinstance(name, str) for name in names):
        raise KnownIssuesError(at.where("environments"), "environments must be a non-empty list of names")
    undeclared = [name for name in names if name not in environments]
    if undeclared:
        raise KnownIssuesError(at.where("environments"), f"environment {undeclared[0]!r} is not declared "
                               f"under [environments] (declared: {', '.join(environments) or 'none'})")
    reason = entry["reason"]
    if not isinstance(reason, str) or not reason.strip() or "\n" in reason.strip() or len(reason) > REASON_CHARS:
        raise KnownIssuesError(at.where("reason"), f"reason must be one line of at most {REASON_CHARS} characters")
    ticket = entry["ticket"]
    parts = urlsplit(ticket) if isinstance(ticket, str) else None
    if not parts or parts.scheme not in ("http", "https") or not parts.hostname:
        raise KnownIssuesError(at.where("ticket"), f"ticket must be a link (http:// or https://), got {ticket!r}")
    expires = entry["expires"]
    if not isinstance(expires, date) or hasattr(expires, "hour"):
        raise KnownIssuesError(at.where("expires"), f"expires must be a date like 2026-12-31 (no quotes), "
                               f"got {expires!r}")
    return KnownIssue(id=case, environments=tuple(names), reason=reason.strip(), ticket=ticket, expires=expires,
                      failure=_pattern(entry.get("failure"), at), file=at.file, line=at.line)


def _pattern(failure, at: _Entry) -> re.Pattern[str] | None:
    if failure is None:
        return None
    if not isinstance(failure, str) or not failure:
        raise KnownIssuesError(at.where("failure"), "failure must be a regular expression (a string)")
    try:
        return re.compile(failure)
    except re.error as error:
        raise KnownIssuesError(at.where("failure"), f"failure is not a valid regular expression: {error}")


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as stream:
            return stream.read()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(FILE_VARIABLE, f"names {path!r}, which cannot be read ({error.__class__.__name__})")


def _parse(path: str, text: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _SYNTAX_POSITION.search(message)
        if not position:
            raise KnownIssuesError(path, f"is not valid TOML: {message}")
        problem = _SYNTAX_POSITION.sub("", message)
        raise KnownIssuesError(f"{path} line {position.group(1)}",
                               f"is not valid TOML: {problem} (column {position.group(2)})")


def _hosts(target_hosts: Iterable[str]) -> tuple[str, ...]:
    return tuple(host.lower() for host in target_hosts if host)


def target_hosts(urls: Iterable[str | None]) -> tuple[str, ...]:
    """The host names of the target's base URLs, as the environments list them."""
    return tuple(urlsplit(url).hostname or "" for url in urls if url)


def _id_range(case_ids: set[str]) -> str:
    ordered = sorted(case_ids)
    return f"{ordered[0]} to {ordered[-1]}" if ordered else "none found"


@dataclass(frozen=True)
class _Entry:
    """Where one [[issue]] table sits in the file, to name the line of a bad field."""

    file: str
    line: int
    field_lines: dict[str, int]

    def where(self, field: str | None) -> str:
        return f"{self.file} line {self.field_lines.get(field, self.line) if field else self.line}"


class _Lines:
    """Line numbers of tables and keys: tomllib reports them for syntax errors only."""

    _TABLE = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.-]+)\s*\]\]?")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")

    def __init__(self, path: str, text: str):
        self.path = path
        self.tables: list[tuple[str, int, dict[str, int]]] = []  # (header, line, first line of each key)
        top: dict[str, int] = {}
        current = top
        for number, line in enumerate(text.splitlines(), start=1):
            table = self._TABLE.match(line)
            key = self._KEY.match(line)
            if table:
                current = {}
                header = f"{table.group(1)}{table.group(2)}{table.group(1).replace('[', ']')}"
                self.tables.append((header, number, current))
            elif key:
                current.setdefault(key.group(1), number)
        self.top = top

    def of_key(self, header: str | None, key: str) -> str:
        if header is None:
            line = self.top.get(key) or next((n for h, n, _ in self.tables if h.strip("[]") == key), 1)
            return f"{self.path} line {line}"
        table = next(((n, keys) for h, n, keys in self.tables if h == header), (1, {}))
        return f"{self.path} line {table[1].get(key, table[0])}"

    def entry(self, index: int) -> _Entry:
        entries = [(n, keys) for h, n, keys in self.tables if h == "[[issue]]"]
        line, keys = entries[index] if index < len(entries) else (self.top.get("issue", 1), {})
        return _Entry(self.path, line, keys)
