"""Every variable the suite reads, declared once, and the settings of one smoke run read from them.

`VARIABLES` is the table of declarations: name, type, default, meaning, group; the type says
whether the value is a secret. Values come from the environment over a `.env` file (`read_environment`);
each type has one parser, so `yes`/`no` or a URL mean the same in every variable.
`setting(name)` gives one parsed value; `settings_from` validates every declared variable and
gives the run's `Settings`. A malformed value raises `ConfigError` naming the variable, before
the first request, and the run stops with exit code 2; a secret is read as given, and one that
cannot be sent as it is (`secret_values.flaw`) is malformed. `.env.example` is generated from the
table (`python -m astronote_smoke config`), so it lists every variable with its default.
"""
from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field, fields
from typing import Callable, Mapping
from urllib.parse import urlsplit

from dotenv import dotenv_values

from .errors import ConfigError
from .expectation import parse_expectation
from .secret_values import flaw

ENV_FILE_VARIABLE = "SMOKE_ENV_FILE"
ENV_EXAMPLE = ".env.example"
_HOST_LABEL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?$")
_IP_V6 = re.compile(r"^[0-9A-Fa-f:.]+$")
_RUN_ID = re.compile(r"^[A-Za-z0-9._-]{1,40}$")


@dataclass(frozen=True)
class Type:
    """A kind of value: what `.env.example` calls it, and its one parser of a non-empty, stripped text."""

    name: str
    parse: Callable[[str, str], object]  # (variable, text) -> value, or ConfigError naming the variable
    # A secret is parsed as given, never stripped: a space around a token is a flaw to report, not to hide.
    secret: bool = False


@dataclass(frozen=True)
class Variable:
    name: str
    type: Type
    default: object  # the value when unset or empty; None: no value
    meaning: str
    group: str

    @property
    def secret(self) -> bool:
        return self.type.secret


def _url(name: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise ConfigError(name, f"must start with http:// or https://, got {value!r}")
    if not parts.hostname:
        raise ConfigError(name, f"has no host name: {value!r}")
    if not _valid_host(parts.hostname):
        raise ConfigError(name, f"has an invalid host name {parts.hostname!r}: {value!r}")
    if parts.username is not None or parts.password is not None:
        # A password in a URL would be printed with every failure that names the URL.
        raise ConfigError(name, "must not hold a user name or password (credentials have their own variables)")
    try:
        parts.port
    except ValueError:
        raise ConfigError(name, f"has an invalid port: {value!r}")
    return value


def _base_url(name: str, value: str) -> str:
    parts = urlsplit(_url(name, value))
    if parts.query or parts.fragment:
        raise ConfigError(name, f"must be a base URL without query or fragment, got {value!r}")
    return value.rstrip("/")


def _secret_url(name: str, value: str) -> str:
    """A URL that is itself a secret (a webhook's): checked like the others, but never quoted back."""
    problem = flaw(value, True)  # pasted with an invisible character or a line break, it would be posted broken
    if problem:
        raise ConfigError(name, problem)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise ConfigError(name, "must start with http:// or https:// (its value is a secret and is not shown)")
    try:
        parts.port
    except ValueError:
        raise ConfigError(name, "has an invalid port (its value is a secret and is not shown)")
    if not parts.hostname or not _valid_host(parts.hostname):
        raise ConfigError(name, "has no valid host name (its value is a secret and is not shown)")
    return value


def _valid_host(host: str) -> bool:
    if ":" in host:
        return bool(_IP_V6.match(host))
    return all(_HOST_LABEL.match(label) for label in host.removesuffix(".").split("."))


def _number(zero: bool) -> Callable[[str, str], float]:
    def parse(name: str, raw: str) -> float:
        try:
            value = float(raw)
        except ValueError:
            raise ConfigError(name, f"must be a number, got {raw!r}")
        if value < 0 or (value == 0 and not zero) or value != value or value == float("inf"):
            raise ConfigError(name, f"must be a positive number{' or 0' if zero else ''}, got {raw!r}")
        return value
    return parse


def _whole(minimum: int) -> Callable[[str, str], int]:
    def parse(name: str, raw: str) -> int:
        if not (raw.isascii() and raw.isdigit()) or int(raw) < minimum:
            raise ConfigError(name, f"must be a whole number of at least {minimum}, got {raw!r}")
        return int(raw)
    return parse


def _yes_no(name: str, raw: str) -> bool:
    word = raw.lower()
    if word in ("1", "true", "yes", "on"):
        return True
    if word in ("0", "false", "no", "off"):
        return False
    raise ConfigError(name, f"must be yes or no, got {raw!r}")


def _choice(*words: str) -> Type:
    def parse(name: str, raw: str) -> str:
        if raw.lower() not in words:
            raise ConfigError(name, f"must be {' or '.join(words)}, got {raw!r}")
        return raw.lower()
    return Type(" | ".join(words), parse)


def _run_id(name: str, value: str) -> str:
    # The run id names what the run creates in production, and the sweep finds it by that name.
    if not _RUN_ID.match(value):
        raise ConfigError(name, f"must be 1 to 40 letters, digits, dots, dashes or underscores, got {value!r}")
    return value


def _secret(in_header: bool) -> Callable[[str, str], str]:
    def parse(name: str, value: str) -> str:
        problem = flaw(value, in_header)
        if problem:
            raise ConfigError(name, problem)
        return value
    return parse


def _readable_file(name: str, value: str) -> str:
    if not os.path.exists(value):
        raise ConfigError(name, f"names {value!r}, which does not exist")
    if not os.path.isfile(value) or not os.access(value, os.R_OK):
        raise ConfigError(name, f"names {value!r}, which cannot be read")
    return value


def _executable(name: str, value: str) -> str:
    """A path to an executable file, or the name of one on PATH; the path it resolves to."""
    found = shutil.which(value)
    if not found:
        raise ConfigError(name, f"names {value!r}, which is no executable file (nor a command on PATH)")
    return found


URL = Type("base URL", _base_url)
LINK = Type("URL", _url)
SECRET_LINK = Type("URL", _secret_url, secret=True)
TEXT = Type("text", lambda name, value: value)
PATH = Type("path", lambda name, value: value)
FILE = Type("readable file", _readable_file)
EXECUTABLE = Type("executable file", _executable)
YES_NO = Type("yes | no", _yes_no)
SECONDS = Type("number > 0", _number(zero=False))
SECONDS_OR_ZERO = Type("number >= 0", _number(zero=True))
COUNT = Type("whole number >= 0", _whole(0))
COUNT_FROM_ONE = Type("whole number >= 1", _whole(1))
RUN_ID = Type("letters, digits, . _ -", _run_id)
GATE = _choice("standard", "strict")
EXPECTATION = Type("changed | web=…,shopify=…,retail=…,worker=… | run=<run id>", parse_expectation)
SECRET = Type("secret text", _secret(in_header=False), secret=True)
HEADER_SECRET = Type("secret ASCII text, sent in a header", _secret(in_header=True), secret=True)

TARGET, ACCOUNTS, RUN, KNOWN, REPORT, GATE_GROUP, BROWSER, WATCHING, STACK, CI = (
    "The target: all three URLs, or none for the local reference stack",
    "Test accounts and data of the target",
    "The run",
    "Known issues (known-issues.toml)",
    "The report",
    "The release gate",
    "The browser checks",
    "Watching production between deploys (python -m astronote_smoke watch, then notify)",
    "The local reference stack (only when no target is set)",
    "Set by the CI service, read for the report's \"started by\" (never set them yourself)",
)

VARIABLES: tuple[Variable, ...] = (
    Variable("WEB_URL", URL, None, "The web app, e.g. https://astronote.onrender.com. "
             "Set but empty is an error, so a CI job missing its variables never tests the stand-in.", TARGET),
    Variable("SHOPIFY_API_URL", URL, None, "The Shopify API, e.g. https://astronote-shopify.onrender.com.", TARGET),
    Variable("RETAIL_API_URL", URL, None, "The retail API, e.g. https://astronote-retail.onrender.com.", TARGET),
    Variable("SHOPIFY_FRONTEND_URL", URL, None,
             "Where the Shopify API sends visitors of unknown short links; unset: WEB_URL.", TARGET),
    Variable("SHOPIFY_SHOP_DOMAIN", TEXT, None, "The Shopify test shop, e.g. smoke-test.myshopify.com.", ACCOUNTS),
    Variable("SHOPIFY_SESSION_TOKEN", HEADER_SECRET, None, "The test shop's session token.", ACCOUNTS),
    Variable("RETAIL_ACCESS_TOKEN", HEADER_SECRET, None,
             "The retail test user's access token; wins over RETAIL_EMAIL and RETAIL_PASSWORD.", ACCOUNTS),
    Variable("RETAIL_EMAIL", TEXT, None, "The retail test user's email, to sign in with.", ACCOUNTS),
    Variable("RETAIL_PASSWORD", SECRET, None, "The retail test user's password.", ACCOUNTS),
    Variable("SHORT_LINK_TOKEN", TEXT, None, "A known Shopify short link.", ACCOUNTS),
    Variable("SHORT_LINK_DESTINATION", TEXT, None, "Where that short link must lead.", ACCOUNTS),
    Variable("SMOKE_TIMEOUT", SECONDS, 10.0, "Seconds one request may take before it counts as failed.", RUN),
    Variable("SMOKE_WARMUP", SECONDS_OR_ZERO, 90.0,
             "Seconds to wait for sleeping services to wake before the first scenario.", RUN),
    Variable("SMOKE_LATENCY_BUDGET_MS", SECONDS, 1000.0,
             "A liveness answer slower than this (milliseconds) fails L1: the latency alert threshold.", RUN),
    Variable("SMOKE_QUEUE_DEPTH_MAX", COUNT, 1000,
             "Waiting jobs above this fail K1 and K3: the queue depth alert threshold.", RUN),
    Variable("SMOKE_ALLOW_WRITES", YES_NO, True, "no: skip the scenarios that create campaigns (@writes).", RUN),
    Variable("SMOKE_RUN_ID", RUN_ID, None, "Names this run's campaigns (smoke-<run id>-<case>); unset: a timestamp.",
             RUN),
    Variable("SMOKE_WORKERS", COUNT_FROM_ONE, 8,
             "Scenarios run at once by bin/smoke (`astronote-smoke run`); 1 runs them one after another.", RUN),
    Variable(ENV_FILE_VARIABLE, PATH, ".env", "The file to read variables from; the environment wins over it.", RUN),
    Variable("REQUESTS_CA_BUNDLE", FILE, None,
             "A private CA's certificates to trust; certificates are always checked.", RUN),
    Variable("SMOKE_KNOWN_ISSUES", PATH, None, "The known-issues file; unset: known-issues.toml, if there is one.",
             KNOWN),
    Variable("SMOKE_PROFILE", TEXT, None, "The environment of the known-issues file this run tests; "
             "unset: the one whose hosts are the target's.", KNOWN),
    Variable("SMOKE_KNOWN_ISSUES_STRICT", YES_NO, False, "yes: a known issue that passes fails its scenario "
             "(time to remove the entry).", KNOWN),
    Variable("SMOKE_MATRIX_URL", LINK, None, "A published copy of the smoke matrix the report links to; "
             "unset: docs/deploy/smoke/smoke-matrix.md.", REPORT),
    Variable("SMOKE_KEEP_RESULTS", YES_NO, False,
             "yes: keep the results of earlier runs in the results folders instead of emptying them.", REPORT),
    Variable("SMOKE_GATE", GATE, "standard", "standard: a failed blocker or critical check, or an unreachable "
             "service, is NO-GO and other failures are warnings; strict: any failure is NO-GO.", GATE_GROUP),
    Variable("SMOKE_EXPECT_RELEASE", EXPECTATION, None, "What the deploy job just deployed: `changed` (some service "
             "differs from the last run), service=value items (a version, a commit, or `changed`), or run=<run id> "
             "after a rollback. The warm-up waits for it; if it never comes the verdict is INCOMPLETE.", GATE_GROUP),
    Variable("SMOKE_BROWSER", EXECUTABLE, None, "A Chromium or Chrome executable, e.g. /usr/bin/chromium; "
             "without one the browser checks are skipped.", BROWSER),
    Variable("SMOKE_WATCH_WRITES_EVERY", COUNT_FROM_ONE, 60,
             "Minutes between the campaign sends (I3) of watch runs; a watch run in between leaves the send out.",
             WATCHING),
    Variable("SMOKE_NOTIFY_WEBHOOK", SECRET_LINK, None,
             "The webhook notify posts to when the verdict changes; unset: notify only says what it would send.",
             WATCHING),
    Variable("SMOKE_REPORT_URL", LINK, None, "Where this run's report is published; the notification links to it.",
             WATCHING),
    Variable("SMOKE_STACK_FAULTS", TEXT, None, "Named faults to switch on, comma-separated.", STACK),
    Variable("SMOKE_STACK_LATENCY_MS", COUNT, 0, "A delay added to every response, in milliseconds.", STACK),
    Variable("SMOKE_STACK_BUILD", COUNT_FROM_ONE, 1,
             "The build the stack's services run: a restart with another number is a new deploy.", STACK),
    Variable("CI", TEXT, None, "Any value: the run is a CI job.", CI),
    Variable("GITHUB_SERVER_URL", TEXT, None, "GitHub Actions: the server.", CI),
    Variable("GITHUB_REPOSITORY", TEXT, None, "GitHub Actions: the repository.", CI),
    Variable("GITHUB_RUN_ID", TEXT, None, "GitHub Actions: the workflow run.", CI),
    Variable("GITHUB_RUN_NUMBER", TEXT, None, "GitHub Actions: the run's number.", CI),
    Variable("GITHUB_WORKFLOW", TEXT, None, "GitHub Actions: the workflow's name.", CI),
    Variable("USER", TEXT, None, "Who started a run outside CI.", CI),
)
DECLARED: dict[str, Variable] = {variable.name: variable for variable in VARIABLES}
TARGET_VARIABLES = ("WEB_URL", "SHOPIFY_API_URL", "RETAIL_API_URL")
SECRET_VARIABLES = tuple(variable.name for variable in VARIABLES if variable.secret)


@dataclass(frozen=True)
class Settings:
    web_url: str | None
    shopify_api_url: str | None
    retail_api_url: str | None
    shopify_frontend_url: str | None
    shopify_shop_domain: str | None
    shopify_session_token: str | None
    retail_access_token: str | None
    retail_email: str | None
    retail_password: str | None
    short_link_token: str | None
    short_link_destination: str | None
    timeout: float
    warmup: float
    latency_budget_ms: float
    queue_depth_max: int
    allow_writes: bool
    run_id: str
    ca_bundle: str | None = None
    gate: str = "standard"  # SMOKE_GATE: "strict" makes any failure NO-GO
    browser: str | None = None  # SMOKE_BROWSER: the Chromium or Chrome for the browser checks
    known_issues: str | None = None  # SMOKE_KNOWN_ISSUES
    known_issues_profile: str | None = None  # SMOKE_PROFILE
    known_issues_strict: bool = False  # SMOKE_KNOWN_ISSUES_STRICT
    matrix_url: str | None = None  # SMOKE_MATRIX_URL
    keep_results: bool = False  # SMOKE_KEEP_RESULTS
    expect_release: object = None  # SMOKE_EXPECT_RELEASE, an `expectation.Expectation`
    ci: dict[str, str] = field(default_factory=dict)  # the CI service's variables that are set, for "started by"
    notify_webhook: str | None = None  # SMOKE_NOTIFY_WEBHOOK: a secret like the tokens, masked everywhere

    @property
    def tls_verify(self) -> str | bool:
        """What requests' `verify` gets: the private CA bundle when one is configured, else the system's."""
        return self.ca_bundle or True

    @property
    def secrets(self) -> list[str]:
        return [v for v in (self.shopify_session_token, self.retail_access_token, self.retail_password,
                            self.notify_webhook) if v]

    def described(self) -> dict[str, str]:
        """Every setting by name with secrets left out, for the console and the report."""
        hidden = {name.lower() for name in SECRET_VARIABLES}
        return {f.name: str(getattr(self, f.name)) for f in fields(self) if f.name not in hidden}


def read_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The process environment over the `.env` file: real variables win, as python-dotenv intends."""
    environ = dict(os.environ if environ is None else environ)
    path = environ.get(ENV_FILE_VARIABLE, ".env")
    if os.path.exists(path):
        try:
            with open(path, encoding="utf-8") as stream:
                from_file = dotenv_values(stream=stream)
        except (OSError, UnicodeDecodeError) as error:
            if ENV_FILE_VARIABLE in environ:
                raise ConfigError(ENV_FILE_VARIABLE, f"names {path!r}, which cannot be read ({error.__class__.__name__})")
            raise ConfigError(path, f"cannot be read ({error.__class__.__name__}): fix it, or name another file "
                              f"with {ENV_FILE_VARIABLE}")
        environ = {**{k: v for k, v in from_file.items() if v is not None}, **environ}
    elif ENV_FILE_VARIABLE in environ:
        raise ConfigError(ENV_FILE_VARIABLE, f"names {path!r}, which does not exist")
    return environ


def setting(name: str, environ: Mapping[str, str] | None = None):
    """The parsed value of the declared variable `name`, from `environ` (None: the environment over `.env`)."""
    variable = DECLARED[name]
    values = read_environment() if environ is None else environ
    raw = values.get(name, "")
    raw = raw if variable.secret else raw.strip()
    return variable.type.parse(name, raw) if raw else variable.default


def targets_configured(environ: Mapping[str, str]) -> bool:
    """True when the run has a real target; False, when none of the three is set, means the local reference stack."""
    for name in TARGET_VARIABLES:
        # CI expands a repository variable that does not exist to "": that is a missing target, not the stand-in.
        if name in environ and not environ[name].strip():
            raise ConfigError(name, f"is set but empty: give it the URL under test, or unset all of "
                              f"{', '.join(TARGET_VARIABLES)} to rehearse against the local reference stack")
    given = [name for name in TARGET_VARIABLES if name in environ]
    missing = [name for name in TARGET_VARIABLES if name not in given]
    if given and missing:
        raise ConfigError(", ".join(missing), f"must be set too: {', '.join(given)} "
                          f"{'is' if len(given) == 1 else 'are'} set, and a target needs all three URLs")
    return bool(given)


def check_all(environ: Mapping[str, str]) -> None:
    """Parse every declared variable once: the first malformed one raises, before anything else happens."""
    targets_configured(environ)
    for variable in VARIABLES:
        setting(variable.name, environ)


def settings_from(environ: Mapping[str, str]) -> Settings:
    """Validated settings from a mapping of variables (already merged with `.env`)."""
    check_all(environ)

    def value(name: str):
        return setting(name, environ)

    return Settings(
        web_url=value("WEB_URL"),
        shopify_api_url=value("SHOPIFY_API_URL"),
        retail_api_url=value("RETAIL_API_URL"),
        shopify_frontend_url=value("SHOPIFY_FRONTEND_URL") or value("WEB_URL"),
        shopify_shop_domain=value("SHOPIFY_SHOP_DOMAIN"),
        shopify_session_token=value("SHOPIFY_SESSION_TOKEN"),
        retail_access_token=value("RETAIL_ACCESS_TOKEN"),
        retail_email=value("RETAIL_EMAIL"),
        retail_password=value("RETAIL_PASSWORD"),
        short_link_token=value("SHORT_LINK_TOKEN"),
        short_link_destination=value("SHORT_LINK_DESTINATION"),
        timeout=value("SMOKE_TIMEOUT"),
        warmup=value("SMOKE_WARMUP"),
        latency_budget_ms=value("SMOKE_LATENCY_BUDGET_MS"),
        queue_depth_max=value("SMOKE_QUEUE_DEPTH_MAX"),
        allow_writes=value("SMOKE_ALLOW_WRITES"),
        run_id=value("SMOKE_RUN_ID") or _new_run_id(),
        ca_bundle=value("REQUESTS_CA_BUNDLE"),
        gate=value("SMOKE_GATE"),
        browser=value("SMOKE_BROWSER"),
        known_issues=value("SMOKE_KNOWN_ISSUES"),
        known_issues_profile=value("SMOKE_PROFILE"),
        known_issues_strict=value("SMOKE_KNOWN_ISSUES_STRICT"),
        matrix_url=value("SMOKE_MATRIX_URL"),
        keep_results=value("SMOKE_KEEP_RESULTS"),
        expect_release=value("SMOKE_EXPECT_RELEASE"),
        ci={variable.name: value(variable.name) for variable in VARIABLES
            if variable.group == CI and value(variable.name)},
        notify_webhook=value("SMOKE_NOTIFY_WEBHOOK"),
    )


def env_example() -> str:
    """The text of `.env.example`: every declared variable by group, commented out at its default."""
    lines = ["# Every variable the suite reads, with its default: copy to .env (ignored by git) and set what you need.",
             "# Real environment variables win over .env. Never commit real tokens or passwords: keep them in .env",
             "# or in your CI's secret store. Generated from astronote_smoke/config.py: python -m astronote_smoke config"]
    group = None
    for variable in VARIABLES:
        if variable.group != group:
            group = variable.group
            lines += ["", f"## {group}"]
        secret = " Secret: never printed." if variable.secret else ""
        lines.append(f"# {variable.meaning}{secret} ({variable.type.name})")
        lines.append(f"# {variable.name}={default_text(variable.default)}")
    return "\n".join(lines) + "\n"


def default_text(default: object) -> str:
    if default is None:
        return ""
    if isinstance(default, bool):
        return "yes" if default else "no"
    if isinstance(default, float):
        return f"{default:g}"
    return str(default)


def main(argv: list[str]) -> int:
    """`config`: write .env.example from the declarations; `config --check`: exit 1 when it is not current."""
    text = env_example()
    if argv == ["--check"]:
        current = os.path.exists(ENV_EXAMPLE) and open(ENV_EXAMPLE, encoding="utf-8").read() == text
        print(f"{ENV_EXAMPLE} is {'current' if current else 'out of date: run python -m astronote_smoke config'}")
        return 0 if current else 1
    if argv:
        print("usage: python -m astronote_smoke config [--check]")
        return 2
    with open(ENV_EXAMPLE, "w", encoding="utf-8") as stream:
        stream.write(text)
    print(f"wrote {ENV_EXAMPLE}")
    return 0


def _new_run_id() -> str:
    import secrets
    import time
    return time.strftime("%Y%m%d%H%M%S", time.gmtime()) + secrets.token_hex(2)
