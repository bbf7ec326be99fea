"""Running the real smoke suite against the reference stack with named faults, and reading
what became of each scenario, by case id, from the JUnit XML it wrote.

The suite runs as `python -m behave` in a subprocess whose working directory is a fresh
temporary folder: behave then reads no `behave.ini` (whose formatters and output folders
would add to ours and empty the shared `reports/`) and the config reads no `.env` (which
could point the run at production). Everything the run writes stays in that folder.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FEATURES = PROJECT_ROOT / "features"
ALLURE_FORMATTER = "astronote_smoke.report.formatter:SmokeAllureFormatter"
# Drills test what fails, not how long the suite waits: short bounds keep each run to seconds.
DRILL_SETTINGS = {"SMOKE_TIMEOUT": "2", "SMOKE_WARMUP": "1"}
# Variables of the caller's environment that would change the target or the run.
FOREIGN_PREFIXES = ("SMOKE_", "WEB_URL", "SHOPIFY_", "RETAIL_", "SHORT_LINK_")
# The whole suite takes seconds; a run that takes this long is stuck, not slow.
RUN_LIMIT_S = 180
FAILED = ("failed", "error")


@dataclass(frozen=True)
class Outcome:
    status: str  # passed, failed, error (a hook or step raised something else), skipped
    message: str
    seconds: float


@dataclass(frozen=True)
class SuiteRun:
    faults: tuple[str, ...]
    exit_code: int
    outcomes: dict[str, Outcome]  # by case id: "A1" ... "L1"
    console: str = field(repr=False)  # what the suite printed, standard output and error together
    seconds: float
    folder: Path  # junit/, allure/, plain.txt and console.txt of this run

    @property
    def failed(self) -> set[str]:
        return {case for case, outcome in self.outcomes.items() if outcome.status in FAILED}

    @property
    def passed(self) -> set[str]:
        return {case for case, outcome in self.outcomes.items() if outcome.status == "passed"}

    def describe(self) -> str:
        """Every scenario that did not pass, with its message: what a failed drill shows."""
        lines = [f"suite run with faults {', '.join(self.faults) or 'none'}: exit {self.exit_code}, "
                 f"{self.seconds:.1f} s"]
        lines += [f"  {case} {outcome.status}: {outcome.message}"
                  for case, outcome in sorted(self.outcomes.items()) if outcome.status != "passed"]
        if not self.outcomes:
            lines.append(self.console[-3000:])
        return "\n".join(lines)


def run_suite(faults=(), folder: Path | None = None, settings: dict[str, str] | None = None,
              tags: str | None = None) -> SuiteRun:
    """Run the suite against a reference stack with `faults` switched on; `settings` override
    DRILL_SETTINGS (e.g. {"SMOKE_WARMUP": "20"}); `tags` selects scenarios as behave's --tags."""
    faults = tuple(faults)
    folder = Path(folder or tempfile.mkdtemp(prefix="drill-"))
    folder.mkdir(parents=True, exist_ok=True)
    env = {name: value for name, value in os.environ.items() if not name.startswith(FOREIGN_PREFIXES)}
    env.update(DRILL_SETTINGS)
    env.update(settings or {})
    env.update({
        "SMOKE_STACK_FAULTS": ",".join(faults),
        "SMOKE_ENV_FILE": os.devnull,
        "PYTHONPATH": str(PROJECT_ROOT),
        "PYTHONUNBUFFERED": "1",
    })
    command = [sys.executable, "-m", "behave", str(FEATURES), "--no-capture", "--no-color",
               "-f", ALLURE_FORMATTER, "-o", str(folder / "allure"),
               "-f", "plain", "-o", str(folder / "plain.txt"),
               "--junit", "--junit-directory", str(folder / "junit")]
    if tags:
        command.append(f"--tags={tags}")
    started = time.monotonic()
    done = subprocess.run(command, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=RUN_LIMIT_S)
    (folder / "console.txt").write_text(done.stdout, encoding="utf-8")
    return SuiteRun(faults, done.returncode, read_junit(folder / "junit"), done.stdout,
                    time.monotonic() - started, folder)


def read_junit(folder: Path) -> dict[str, Outcome]:
    """Each scenario's outcome by the case id its name starts with."""
    outcomes = {}
    for path in sorted(folder.glob("*.xml")):
        for case in ElementTree.parse(path).getroot().iter("testcase"):
            case_id = case.get("name", "").split(" ", 1)[0]
            problem = next((child for child in case if child.tag in ("failure", "error", "skipped")), None)
            status = case.get("status") or "passed"
            if problem is not None:
                status = {"failure": "failed", "error": "error", "skipped": "skipped"}[problem.tag]
            message = "" if problem is None else problem.get("message") or (problem.text or "").strip()
            outcomes[case_id] = Outcome(status, message, float(case.get("time") or 0))
    return outcomes
