"""Failure categories, in priority order: one JSON file read by both this module and allurerc.mjs.

Allure 3 ignores a `categories.json` in the results folder (only its Allure 2 plugins read it);
its own report takes categories from the config. Keeping the rules in one data file makes the
HTML report and the sign-off summary classify every result the same way. Patterns are matched
case-insensitively and anywhere in the message, as Allure 3 does with `new RegExp(p, "i").test`.
`hideWhenEmpty` keeps a category out of the summary's table when no result falls in it.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

RULES_FILE = Path(__file__).with_name("failure_categories.json")


@dataclass(frozen=True)
class Category:
    name: str
    statuses: tuple[str, ...]
    message: re.Pattern[str] | None
    hide_when_empty: bool = False

    def matches(self, status: str, message: str) -> bool:
        if status not in self.statuses:
            return False
        return self.message is None or self.message.search(message) is not None


def load_categories(path: Path = RULES_FILE) -> list[Category]:
    return [Category(rule["name"], tuple(rule["statuses"]),
                     re.compile(rule["message"], re.IGNORECASE) if "message" in rule else None,
                     rule.get("hideWhenEmpty", False))
            for rule in json.loads(path.read_text(encoding="utf-8"))]


CATEGORIES = load_categories()


def categorize(status: str, message: str | None) -> str | None:
    """The name of the first category that takes this result, or None (passed, or skipped without reason)."""
    for category in CATEGORIES:
        if category.matches(status, message or ""):
            return category.name
    return None
