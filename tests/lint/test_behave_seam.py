"""The seam to behave and Allure: one package knows them, and the private members it still uses are pinned.

Only `astronote_smoke/behave_adapter/`, `steps/` and `environment.py` (and tests) may import behave
or Allure, or take behave's context, scenario, step or configuration objects; the rest of the library works on
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
BEHAVE_OBJECTS = ("context", "scenario", "step", "config", "behave_config")


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
    tree = ast.parse("from behave.model import Scenario\nimport allure\ndef judge(scenario): pass\n"
                     "def results(behave_config): pass\n")
    assert imported_frameworks(tree) == {"behave", "allure"}
    assert behave_parameters(tree) == ["judge(scenario)", "results(behave_config)"]


def test_hooks_reach_the_parsed_features_through_the_context():
    """behave 1.3.3: `context._runner` is how a hook finds every parsed feature (`hooks.parsed_features`)."""
    runner = Runner(Configuration(["--no-summary"], load_config=False))
    runner.features = ["a parsed feature"]
    assert hooks.parsed_features(Context(runner)) == ["a parsed feature"]


def test_junit_names_a_features_file_and_keeps_its_options_where_the_records_reporter_reads_them():
    """behave 1.3.3: `JUnitReporter.make_feature_filename(feature)` and its `show_*` options, which
    `junit.RecordsJUnitReporter` keeps while `report.junit_xml` writes the file."""
    reporter = JUnitReporter(Configuration(["--no-summary"], load_config=False))
    assert list(inspect.signature(JUnitReporter.make_feature_filename).parameters) == ["self", "feature"]
    options = ("show_timings", "show_multiline", "show_scenarios", "show_tags", "show_timestamp", "show_hostname",
               "show_skipped")
    assert all(isinstance(getattr(reporter, name), bool) for name in options)


def test_the_summary_counts_where_the_parallel_runner_adds_its_records():
    """behave 1.3.3: behave's summary reporter is `SummaryReporterV1`, counting by status name in
    `feature_summary`, `rule_summary`, `scenario_summary` and `step_summary` (`parallel.tally` adds to them)."""
    from behave.reporter.summary import SummaryReporter, SummaryReporterV1
    reporter = SummaryReporter(Configuration(["--no-summary"], load_config=False))
    assert SummaryReporter is SummaryReporterV1
    assert all(reporter.feature_summary[name] == 0 for name in ("passed", "failed", "skipped", "untested"))
    assert reporter.rule_summary == reporter.scenario_summary and "undefined" in reporter.step_summary
    assert reporter.failed_scenarios == [] and reporter.errored_scenarios == [] and reporter.testrun_start_time == 0


def test_a_stopped_run_clears_the_lists_behave_runs_and_reports():
    """behave 1.3.3: `Runner.run_model()` loops over `runner.features` and `config.reporters` themselves,
    so `SmokeRunner.run_hook` emptying them after a configuration error runs and reports nothing."""
    source = inspect.getsource(Runner.run_model)
    assert "features = self.features" in source and "for feature in features:" in source
    assert "for reporter in self.config.reporters:" in source


def test_the_run_can_be_marked_failed_at_its_root():
    """behave 1.3.3: `Context._set_root_attribute(name, value)` (the parallel runner marks a failed run so)."""
    context = Context(Runner(Configuration(["--no-summary"], load_config=False)))
    context._set_root_attribute("failed", True)
    assert context.failed is True


def test_the_remaining_cleanups_run_when_asked():
    """behave 1.3.3: `Context._do_remaining_cleanups()` runs the cleanups the fixtures registered."""
    context = Context(Runner(Configuration(["--no-summary"], load_config=False)))
    ran = []
    context.add_cleanup(ran.append, "stack stopped")
    context._do_remaining_cleanups()
    assert ran == ["stack stopped"]


def test_a_formatter_class_is_found_by_its_name():
    """behave 1.3.3: `behave.formatter._registry.select_formatter_class(name)` (the parallel runner's
    check of which formatters need one process)."""
    from behave.formatter._registry import select_formatter_class
    from behave.formatter.plain import PlainFormatter
    assert select_formatter_class("plain") is PlainFormatter


def test_captured_output_caches_its_combined_text_where_the_masking_resets_it():
    """behave 1.3.3: `Captured._output` caches `Captured.output`; `output.mask_captured` resets it."""
    from behave.capture import Captured
    captured = Captured(stdout="token", stderr="")
    assert captured.output == "token" and captured._output == "token"
