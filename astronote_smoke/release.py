"""The release under test, where the APIs tell it: for the report's run facts, never a check.

A version is the service's text: it is masked, made printable and cut (masked again at the cut)
before it reaches the report.
"""
from __future__ import annotations

from .errors import SmokeFailure
from .run import SmokeRun
from .services import RETAIL, SHOPIFY

# Each API names its release in a health answer; a missing or odd answer simply leaves it out.
SOURCES = ((SHOPIFY, "/health/full"), (RETAIL, "/healthz"))


def releases(run: SmokeRun) -> dict[str, str]:
    found = {}
    for service, path in SOURCES:
        try:
            data = run.get(service, path).json()
        except SmokeFailure:
            continue
        version = data.get("version") if isinstance(data, dict) else None
        if isinstance(version, (str, int, float)) and not isinstance(version, bool):
            found[service.name] = run.masker.printable(version, 80)
    return found
