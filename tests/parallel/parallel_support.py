"""Running a behave project the way the README's main command does (`python -m astronote_smoke run`),
or with plain behave for comparison, and reading what became of each scenario by its name.

Each run's JUnit, Allure results and console stay in a fresh folder of its own; standard output
and standard error are kept apart, as the runner writes different things to each.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from tests.support.results import junit_cases, problem
from tests.support.suite_run import FEATURES, SuiteRun, run_command, suite_command


class Run(SuiteRun):
    def junit(self) -> dict[str, tuple[str, str]]:
        """(status, message) of each test case in the JUnit files, by scenario name."""
        cases = {}
        for case in junit_cases(self.reports / "junit"):
            found = problem(case)
            cases[case.get("name")] = (case.get("status"), "" if found is None else found.get("message") or "")
        return cases

    def allure_by_name(self) -> dict[str, dict]:
        results = self.allure_results()
        counts = Counter(result["name"] for result in results)
        assert all(count == 1 for count in counts.values()), f"scenarios reported more than once: {counts}"
        return {result["name"]: result for result in results}


def run(args: list[str], folder: Path, env: dict[str, str] | None = None, plain_behave: bool = False,
        cwd: Path | None = None) -> Run:
    """Run `python -m astronote_smoke run` (or `python -m behave`) with `args`, JUnit and Allure into `folder`."""
    command = suite_command("--no-color", *args, reports=folder, runner="behave" if plain_behave else "parallel")
    if not any(arg in ("-f", "--format") or arg.startswith("--format=") for arg in args):
        command += ["-f", "plain"]
    return run_command(command, folder, env, cwd=cwd, apart=True, kind=Run)


def run_suite(folder: Path, *args: str, **settings: str) -> Run:
    """The smoke suite against a reference stack, settings (SMOKE_STACK_FAULTS=..., ...) in the environment."""
    return run([str(FEATURES), *args], folder, env=settings)
