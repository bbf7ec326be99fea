"""Running the real suite against the reference stack with named faults, as the drills do:
with short bounds, each run in a fresh temporary folder that keeps its JUnit, Allure results,
plain formatter output and console."""
from __future__ import annotations

import tempfile
from pathlib import Path

from tests.support.suite_run import FEATURES, SuiteRun, run_command, suite_command

# Drills test what fails, not how long the suite waits: short bounds keep each run to seconds.
# A browser renders a page within T: on a loaded machine 2 s can be too short for that, 5 s is not.
DRILL_SETTINGS = {"SMOKE_TIMEOUT": "5", "SMOKE_WARMUP": "1"}


def run_suite(faults=(), folder: Path | None = None, settings: dict[str, str] | None = None,
              tags: str | None = None, runner: str = "behave") -> SuiteRun:
    """Run the suite against a reference stack with `faults` switched on; `settings` override
    DRILL_SETTINGS (e.g. {"SMOKE_WARMUP": "20"}); `tags` selects scenarios as behave's --tags;
    `runner` is plain "behave" or the main command's "parallel" run."""
    folder = Path(folder or tempfile.mkdtemp(prefix="drill-"))
    options = [str(FEATURES), "--no-capture", "--no-color", "-f", "plain", "-o", str(folder / "plain.txt")]
    if tags:
        options.append(f"--tags={tags}")
    settings = {**DRILL_SETTINGS, **(settings or {}), "SMOKE_STACK_FAULTS": ",".join(faults)}
    return run_command(suite_command(*options, reports=folder, runner=runner), folder, settings)
