"""Settings of one smoke run, read from the environment (which a `.env` file may fill).

Everything is validated here, before the first request: a malformed value raises
`ConfigError` naming the variable, and the run stops with exit code 2.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields
from typing import Mapping
from urllib.parse import urlsplit

from dotenv import dotenv_values

from .errors import ConfigError

TARGET_VARIABLES = ("WEB_URL", "SHOPIFY_API_URL", "RETAIL_API_URL")
SECRET_VARIABLES = ("SHOPIFY_SESSION_TOKEN", "RETAIL_ACCESS_TOKEN", "RETAIL_PASSWORD")
ENV_FILE_VARIABLE = "SMOKE_ENV_FILE"
_HOST_LABEL = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?$")
_IP_V6 = re.compile(r"^[0-9A-Fa-f:.]+$")
_RUN_ID = re.compile(r"^[A-Za-z0-9._-]{1,40}$")


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
    browser: str | None = None  # SMOKE_BROWSER: the Chromium or Chrome for the browser checks

    @property
    def tls_verify(self) -> str | bool:
        """What requests' `verify` gets: the private CA bundle when one is configured, else the system's."""
        return self.ca_bundle or True

    @property
    def secrets(self) -> list[str]:
        return [v for v in (self.shopify_session_token, self.retail_access_token, self.retail_password) if v]

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


def targets_configured(environ: Mapping[str, str]) -> bool:
    """True when the run has a real target; False means the local reference stack."""
    given = [name for name in TARGET_VARIABLES if environ.get(name, "").strip()]
    missing = [name for name in TARGET_VARIABLES if name not in given]
    if given and missing:
        raise ConfigError(", ".join(missing), f"must be set too: {', '.join(given)} "
                          f"{'is' if len(given) == 1 else 'are'} set, and a target needs all three URLs")
    return bool(given)


def settings_from(environ: Mapping[str, str]) -> Settings:
    """Validated settings from a mapping of variables (already merged with `.env`)."""
    targets_configured(environ)

    def text(name: str) -> str | None:
        value = environ.get(name, "").strip()
        return value or None

    web_url = _url(environ, "WEB_URL")
    return Settings(
        web_url=web_url,
        shopify_api_url=_url(environ, "SHOPIFY_API_URL"),
        retail_api_url=_url(environ, "RETAIL_API_URL"),
        shopify_frontend_url=_url(environ, "SHOPIFY_FRONTEND_URL") or web_url,
        shopify_shop_domain=text("SHOPIFY_SHOP_DOMAIN"),
        shopify_session_token=text("SHOPIFY_SESSION_TOKEN"),
        retail_access_token=text("RETAIL_ACCESS_TOKEN"),
        retail_email=text("RETAIL_EMAIL"),
        retail_password=text("RETAIL_PASSWORD"),
        short_link_token=text("SHORT_LINK_TOKEN"),
        short_link_destination=text("SHORT_LINK_DESTINATION"),
        timeout=_number(environ, "SMOKE_TIMEOUT", 10),
        warmup=_number(environ, "SMOKE_WARMUP", 90, allow_zero=True),
        latency_budget_ms=_number(environ, "SMOKE_LATENCY_BUDGET_MS", 1000),
        queue_depth_max=int(_number(environ, "SMOKE_QUEUE_DEPTH_MAX", 1000, whole=True, allow_zero=True)),
        allow_writes=_yes_no(environ, "SMOKE_ALLOW_WRITES", True),
        run_id=_run_id(environ),
        ca_bundle=_ca_bundle(environ),
        browser=text("SMOKE_BROWSER"),
    )


def _url(environ: Mapping[str, str], name: str) -> str | None:
    value = environ.get(name, "").strip()
    if not value:
        return None
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
    if parts.query or parts.fragment:
        raise ConfigError(name, f"must be a base URL without query or fragment, got {value!r}")
    return value.rstrip("/")


def _number(environ: Mapping[str, str], name: str, default: float, *, whole: bool = False,
            allow_zero: bool = False) -> float:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        kind = "a whole number" if whole else "a number"
        raise ConfigError(name, f"must be {kind}, got {raw!r}")
    if value < 0 or (value == 0 and not allow_zero) or value != value or value == float("inf"):
        raise ConfigError(name, f"must be a positive number, got {raw!r}")
    return value


def _yes_no(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigError(name, f"must be yes or no, got {raw!r}")


def _valid_host(host: str) -> bool:
    if ":" in host:
        return bool(_IP_V6.match(host))
    return all(_HOST_LABEL.match(label) for label in host.removesuffix(".").split("."))


def _run_id(environ: Mapping[str, str]) -> str:
    value = environ.get("SMOKE_RUN_ID", "").strip()
    if not value:
        return _new_run_id()
    # The run id names what the run creates in production, and the sweep finds it by that name.
    if not _RUN_ID.match(value):
        raise ConfigError("SMOKE_RUN_ID", f"must be 1 to 40 letters, digits, dots, dashes or underscores, got {value!r}")
    return value


def _ca_bundle(environ: Mapping[str, str]) -> str | None:
    """REQUESTS_CA_BUNDLE: the only way to change which certificates are trusted; verification stays on."""
    value = environ.get("REQUESTS_CA_BUNDLE", "").strip()
    if not value:
        return None
    if not os.path.exists(value):
        raise ConfigError("REQUESTS_CA_BUNDLE", f"names {value!r}, which does not exist")
    if not os.access(value, os.R_OK):
        raise ConfigError("REQUESTS_CA_BUNDLE", f"names {value!r}, which cannot be read")
    return value


def _new_run_id() -> str:
    import secrets
    import time
    return time.strftime("%Y%m%d%H%M%S", time.gmtime()) + secrets.token_hex(2)
