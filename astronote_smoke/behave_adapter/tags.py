"""Tag expressions checked against the tags the features have, before anything runs.

A misspelt tag selects nothing without a word: `--tags=@prdo` runs no scenario and passes,
and `--tags="not @wirtes"` runs the scenarios that write to production. Every tag an
expression names must be one some scenario (or feature) carries; a wildcard must match one.
"""
from __future__ import annotations

from fnmatch import fnmatchcase

from ..config import ConfigError
from ..report.labels import CASE_ID


def check_tags(expression, features) -> None:
    """Raises ConfigError naming the tags of `expression` that no feature or scenario carries."""
    known = known_tags(features)
    unknown = [name for name in dict.fromkeys(tag_names(expression))
               if not any(fnmatchcase(tag, name) for tag in known)]
    if unknown:
        named = ", ".join(f"@{name}" for name in unknown)
        raise ConfigError("--tags", f"names {named}, which no scenario has (known: {_listed(known)})")


def known_tags(features) -> set[str]:
    tags = set()
    for feature in features:
        tags.update(feature.tags)
        for scenario in feature.walk_scenarios():
            tags.update(scenario.effective_tags)
    return tags


def _listed(known: set[str]) -> str:
    ids = sorted(tag for tag in known if CASE_ID.match(tag))
    others = ", ".join(f"@{tag}" for tag in sorted(known - set(ids)))
    return f"{others} and the case ids @{ids[0]} to @{ids[-1]}" if ids else others


def tag_names(expression):
    """The tag names in a parsed tag expression: behave's v2 (cucumber) model or its v1 lists."""
    if expression is None:
        return
    if hasattr(expression, "ands"):
        for alternatives in expression.ands:
            for tag in alternatives:
                yield tag.lstrip("~-").lstrip("@")
    elif hasattr(expression, "terms"):
        for term in expression.terms:
            yield from tag_names(term)
    elif hasattr(expression, "term"):
        yield from tag_names(expression.term)
    elif isinstance(getattr(expression, "name", None), str):
        yield expression.name.lstrip("@")
