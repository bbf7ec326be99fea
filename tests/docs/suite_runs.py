"""Runs of the real suite for the documentation tests, each isolated from the checkout's reports/.

`run_suite` runs behave from a scratch folder with the project's features and an explicit
output folder, so it reads no `behave.ini` and no `.env`. `run_script` runs one of the
`scripts/` in a sandbox: a folder of symbolic links to this checkout with a reports/ folder
of its own, since the scripts work in their checkout's root. Both read the outcome of each
scenario, by id, from the Allure results.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.results import allure_results, case_id
from tests.support.suite_run import FEATURES, PROJECT_ROOT, RUN_LIMIT_S, caller_environment, run_command, suite_command

# What a sandbox does not share with this checkout: its own results, and no developer's .env.
SANDBOX_OWN = {"reports", "bin", ".env", ".git"}


@dataclass
class Outcome:
    status: str
    message: str = ""
    # "<service name> <method> <path>" of every exchange the scenario's steps made
    requests: list[str] = field(default_factory=list)


@dataclass
class Run:
    returncode: int
    output: str
    outcomes: dict[str, Outcome]

    def ids(self, status: str) -> set[str]:
        return {case for case, outcome in self.outcomes.items() if outcome.status == status}


def run_suite(workdir: Path, *behave_args: str, **variables: str) -> Run:
    """behave over the project's features from `workdir`, writing results under it."""
    done = run_command(suite_command(str(FEATURES), "-f", "progress3", *behave_args, reports=workdir), workdir,
                       variables, apart=True)
    return Run(done.exit_code, done.console, read_outcomes(workdir / "allure"))


def sandbox(folder: Path) -> Path:
    """A checkout made of links to this one, with its own reports/.

    Its bin/setup does nothing: the real one would point the shared virtual environment's
    path file at the sandbox, which disappears after the test.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for entry in PROJECT_ROOT.iterdir():
        if entry.name not in SANDBOX_OWN:
            (folder / entry.name).symlink_to(entry)
    (folder / "bin").mkdir()
    for entry in (PROJECT_ROOT / "bin").iterdir():
        if entry.name != "setup":
            (folder / "bin" / entry.name).symlink_to(entry)
    setup = folder / "bin" / "setup"
    setup.write_text("#!/bin/sh\n")
    setup.chmod(0o755)
    (folder / "reports").mkdir()
    return folder


def run_script(folder: Path, script: str, *args: str, **variables: str) -> Run:
    """`scripts/<script>` in a fresh sandbox at `folder`, with only `variables` configured."""
    root = sandbox(folder)
    done = subprocess.run([str(root / "scripts" / script), *args], cwd=root, env={**caller_environment(), **variables},
                          capture_output=True, text=True, timeout=RUN_LIMIT_S)
    return Run(done.returncode, done.stdout + done.stderr, read_outcomes(root / "reports" / "allure-results"))


def read_outcomes(results: Path) -> dict[str, Outcome]:
    return {case_id(result["name"]): Outcome(result["status"], (result.get("statusDetails") or {}).get("message", ""),
                                             _attachment_names(result.get("steps", [])))
            for result in allure_results(results)}


def _attachment_names(steps) -> list[str]:
    names = []
    for step in steps:
        names += [attachment["name"] for attachment in step.get("attachments", [])]
        names += _attachment_names(step.get("steps", []))
    return names
