"""What the deploy job says it just deployed: SMOKE_EXPECT_RELEASE, parsed (`taken_effect` judges it).

The value is `changed` (at least one service differs from the previous comparable run), a list
`web=<value>,shopify=<value>,retail=<value>,worker=<value>` (any subset; a value is a version, a
commit, a build id or digest, or `changed`: this service differs from the previous comparable run),
or `run=<run id>` after a rollback: every service serves the build it served in that run.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import ConfigError

CHANGED = "changed"
ROLLBACK = "run"
# The services an expectation names, as the fingerprints key them (a test keeps the two in step).
SERVICE_KEYS = ("web", "shopify", "retail", "worker")
_VALUE = re.compile(r"^[A-Za-z0-9._+-]{1,80}$")


@dataclass(frozen=True)
class Expectation:
    any_changed: bool = False
    services: dict[str, str] = field(default_factory=dict)  # service key -> CHANGED or a version, commit, build
    rollback_to: str = ""  # a run id

    def describe(self) -> str:
        if self.any_changed:
            return CHANGED
        if self.rollback_to:
            return f"the build of run {self.rollback_to}"
        return ",".join(f"{key}={value}" for key, value in self.services.items())


def parse_expectation(name: str, raw: str) -> Expectation:
    """SMOKE_EXPECT_RELEASE's value, or ConfigError naming the variable and what is wrong."""
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if items == [CHANGED]:
        return Expectation(any_changed=True)
    services: dict[str, str] = {}
    rollback = ""
    for item in items:
        key, equals, value = (part.strip() for part in item.partition("="))
        if not equals or not _VALUE.match(value):
            raise ConfigError(name, f"must be `changed`, `run=<run id>` or service=value items "
                                    f"(web, shopify, retail, worker), got {item!r}")
        if key == ROLLBACK:
            rollback = value
        elif key in SERVICE_KEYS:
            if key in services:
                raise ConfigError(name, f"names {key} twice")
            services[key] = value
        else:
            raise ConfigError(name, f"names an unknown service {key!r}: use {', '.join(SERVICE_KEYS)} or run")
    if rollback and (services or len(items) > 1):
        raise ConfigError(name, "run=<run id> stands alone: after a rollback every service is compared with that run")
    if not rollback and not services:
        raise ConfigError(name, f"must name what was deployed, got {raw!r}")
    return Expectation(services=services, rollback_to=rollback)

