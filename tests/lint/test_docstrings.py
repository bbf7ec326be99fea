"""Package docstrings name modules that exist: a module that moves takes its mention along.

Every backquoted dotted name in a package's docstring that starts in lower case (`hooks`,
`run_facts.write_run_facts`, `behave_adapter.tags.check_tags`) must resolve, as a module of the
package, of `astronote_smoke` or a module of its own, and then as attributes of it; a name ending
in `.py` must be a file of the package or of the project.
"""
from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

LIBRARY = Path(__file__).resolve().parents[2] / "astronote_smoke"
PACKAGES = sorted(path.parent for path in LIBRARY.rglob("__init__.py"))
NAME = re.compile(r"`([a-z_][a-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)`")


def package_name(folder: Path) -> str:
    return ".".join(folder.relative_to(LIBRARY.parent).parts)


def resolves(package: str, name: str) -> bool:
    if name.endswith(".py"):  # a file: of the package, or of the project (`environment.py`)
        folder = LIBRARY.parent.joinpath(*package.split("."))
        return (folder / name).is_file() or (LIBRARY.parent / name).is_file()
    parts = name.split(".")
    for base in (package, "astronote_smoke", ""):
        for cut in range(len(parts), 0, -1):
            try:
                found = importlib.import_module(".".join([base, *parts[:cut]]).lstrip("."))
            except ModuleNotFoundError:
                continue
            try:
                for attribute in parts[cut:]:
                    found = getattr(found, attribute)
            except AttributeError:
                break
            return True
    return False


def named_in(folder: Path) -> list[str]:
    docstring = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))) or ""
    return NAME.findall(docstring)


@pytest.mark.parametrize("folder", PACKAGES, ids=package_name)
def test_every_module_a_package_docstring_names_exists(folder):
    package = package_name(folder)
    assert [name for name in named_in(folder) if not resolves(package, name)] == []


def test_a_name_that_is_not_there_is_caught():
    assert resolves("astronote_smoke.report", "summary.summarize")
    assert not resolves("astronote_smoke.report", "formatter.SmokeAllureFormatter")
    assert resolves("astronote_smoke.behave_adapter", "environment.py")
    assert not resolves("astronote_smoke.behave_adapter", "environments.py")
