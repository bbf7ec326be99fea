"""The seam to behave and Allure: one package knows them, and the private members it still uses are pinned.

Only `astronote_smoke/behave_adapter/`, `steps/` and `environment.py` (and tests) may import behave
or Allure, or take behave's context, scenario or step objects; the rest of the library works on
plain records. Each private member the adapter still reads is listed here with a test that fails
when an upgrade of behave or allure-behave takes it away.
"""
from __future__ import annotations

import ast
import inspect
from pathlib import Path

from behave.configuration import Configuration
from behave.reporter.junit import JUnitReporter
from behave.runner import Context, Runner

from astronote_smoke.behave_adapter import hooks

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LIBRARY = PROJECT_ROOT / "astronote_smoke"
ADAPTER = LIBRARY / "behave_adapter"
FRAMEWORKS = ("behave", "allure", "allure_behave", "allure_commons")
BEHAVE_OBJECTS = ("context", "scenario", "step")


def library_modules():
    return [path for path in sorted(LIBRARY.rglob("*.py")) if ADAPTER not in path.parents]


def imported_frameworks(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & set(FRAMEWORKS)


def behave_parameters(tree: ast.AST) -> list[str]:
    return [f"{node.name}({arg.arg})" for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
            for arg in node.args.args + node.args.kwonlyargs if arg.arg in BEHAVE_OBJECTS]


def test_only_the_adapter_imports_behave_or_allure():
    offenders = {}
    for path in library_modules():
        found = imported_frameworks(ast.parse(path.read_text(encoding="utf-8")))
        if found:
            offenders[str(path.relative_to(PROJECT_ROOT))] = sorted(found)
    assert offenders == {}


def test_only_the_adapter_takes_behave_objects():
    offenders = {}
    for path in library_modules():
        found = behave_parameters(ast.parse(path.read_text(encoding="utf-8")))
        if found:
            offenders[str(path.relative_to(PROJECT_ROOT))] = found
    assert offenders == {}


def test_the_lint_sees_an_import_and_a_behave_parameter():
    tree = ast.parse("from behave.model import Scenario\nimport allure\ndef judge(scenario): pass\n")
    assert imported_frameworks(tree) == {"behave", "allure"}
    assert behave_parameters(tree) == ["judge(scenario)"]


def test_hooks_reach_the_parsed_features_through_the_context():
    """behave 1.3.3: `context._runner` is how a hook finds every parsed feature (`hooks.parsed_features`)."""
    runner = Runner(Configuration(["--no-summary"], load_config=False))
    runner.features = ["a parsed feature"]
    assert hooks.parsed_features(Context(runner)) == ["a parsed feature"]


def test_junit_writes_each_test_case_in_the_method_the_adapter_extends():
    """behave 1.3.3: `JUnitReporter._process_scenario(scenario, report)` builds one <testcase>."""
    assert list(inspect.signature(JUnitReporter._process_scenario).parameters) == ["self", "scenario", "report"]
