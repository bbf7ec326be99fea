"""Failure categories, in priority order: one JSON file read by both this module and allurerc.mjs.

A result's category comes from its labels, never from its message: `failureKind` (the
`errors.Kind` label of the exception the scenario ended with, set on every failed, broken or
configuration-skipped result) and `knownIssue` (the verdict on a known issue). A failed or broken
result without a kind is the suite's own error. Allure 3 matches the same rules (`labels` of its
category matchers); it ignores a `categories.json` in the results folder.
`hideWhenEmpty` keeps a category out of the summary's table when no result falls in it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from ..errors import Kind

RULES_FILE = Path(__file__).with_name("failure_categories.json")
KIND_LABEL = "failureKind"
KIND_BY_LABEL = {kind.label: kind for kind in Kind}


@dataclass(frozen=True)
class Category:
    name: str
    statuses: tuple[str, ...]
    labels: Mapping[str, str] = field(default_factory=dict)
    hide_when_empty: bool = False

    def matches(self, status: str, labels: Mapping[str, str]) -> bool:
        return status in self.statuses and all(labels.get(name) == value for name, value in self.labels.items())


def load_categories(path: Path = RULES_FILE) -> list[Category]:
    return [Category(rule["name"], tuple(rule["statuses"]), dict(rule.get("labels", {})),
                     rule.get("hideWhenEmpty", False))
            for rule in json.loads(path.read_text(encoding="utf-8"))]


CATEGORIES = load_categories()


def categorize(status: str, labels: Mapping[str, str]) -> str | None:
    """The name of the first category that takes a result with this status and these labels (name: value)."""
    for category in CATEGORIES:
        if category.matches(status, labels):
            return category.name
    return None


def category_of(kind: Kind | str | None) -> str:
    """The category of a failure of this kind, for outputs that have no Allure status (JUnit, the console)."""
    return Kind(kind).label if kind else Kind.SUITE_ERROR.label
