"""Where a scenario sits in the report: matrix category, service, and a link to its matrix row.

The category is the name of the scenario's feature ("L Response time"), service names are those of
`services.py`, and the case id and link come from the scenario's tags, so all of it is known when
the scenario starts and needs no step to set it. Category and service go into both Allure label
pairs that reports group by (parentSuite/suite and epic/feature), so every view shows the same tree.
"""
from __future__ import annotations

import re

from ..services import SERVICE_NAMES

CASE_ID = re.compile(r"^[A-L][0-9]$")
MATRIX_PATH = "docs/deploy/smoke/smoke-matrix.md"


def case_id(tags) -> str | None:
    """The scenario's stable id (`A1`...), from the first tag that looks like one."""
    return next((tag for tag in tags if CASE_ID.match(tag)), None)


def services(tags) -> list[str]:
    """Service names, in the order of `services.SERVICE_NAMES`, for the service tags present."""
    present = set(tags)
    return [name for tag, name in SERVICE_NAMES.items() if tag in present]


def matrix_link(case: str, matrix_url: str | None = None) -> str:
    """The case's row in the smoke matrix; `matrix_url` (SMOKE_MATRIX_URL) points at a published copy."""
    base = matrix_url or MATRIX_PATH
    return f"{base.split('#')[0]}#{case.lower()}"


def scenario_labels(tags, category: str,
                    matrix_url: str | None = None) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """Labels `(name, value)` and links `(type, name, url)` for a scenario with these tags in this category.

    `category` is the name of the scenario's feature. Feature tags count too (pass
    `feature.tags + scenario.tags`): a feature file usually carries the service tag once for all
    its scenarios.
    """
    labels: list[tuple[str, str]] = []
    links: list[tuple[str, str, str]] = []
    case = case_id(tags)
    if case:
        labels += [("parentSuite", category), ("epic", category)]
        links.append(("tms", f"Smoke matrix {case}", matrix_link(case, matrix_url)))
    for service in services(tags):
        labels += [("suite", service), ("feature", service)]
    return labels, links
