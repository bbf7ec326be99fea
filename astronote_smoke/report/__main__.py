"""`python -m astronote_smoke.report build|summary`: the sign-off summary, and the HTML report with `build`.

Both read the run's records (`reports/outcomes.json`), add the run to the history and write
`summary.md`/`summary.json`; `build` then writes the single-file HTML report, verdict first.
Without outcomes the run did not finish: the summary says so, gives no verdict, and no older
report is left in place. A report that cannot be built is removed, not left stale.

Exit codes: 0 written (whatever the verdict: the run's own exit code gates the pipeline),
1 when the run did not finish or the report could not be built (a suite error), 2 when the
Allure CLI is not installed.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from ..outcome import OUTCOMES_FILE, RunRecord, read_outcomes
from .build import PROJECT_ROOT, ReportToolMissing, generate_html
from .first_screen import belongs_to, first_screen
from .history import HISTORY_FILE, comparison_key, marks, read_history, record
from .labels import MATRIX_PATH
from ..config import TARGET_VARIABLES
from .run_facts import ENVIRONMENT_FILE, read_run_facts, to_properties
from .summary import summarize, unfinished, write_summary
from .trend import trend_section


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m astronote_smoke.report", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("build", "summary"),
                        help="build: summary and HTML report; summary: summary only (needs no Node.js)")
    parser.add_argument("--reports", type=Path, default=Path("reports"),
                        help="where the run wrote outcomes.json, and where the summary goes (default: %(default)s)")
    parser.add_argument("--results", type=Path, default=None,
                        help="allure-behave's output folder (default: REPORTS/allure-results)")
    parser.add_argument("--html", type=Path, default=None,
                        help="the single-file HTML report to write (default: REPORTS/smoke-report.html)")
    args = parser.parse_args(argv)
    results = args.results or args.reports / "allure-results"
    html = args.html or args.reports / "smoke-report.html"
    # A stopped build (CI cancels with SIGTERM) unwinds like an error: scratch folders go, no stale report stays.
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        return _report(args.command, args.reports, results, html)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stop(signum, frame):
    raise SystemExit(128 + signum)


def _report(command: str, reports: Path, results: Path, html: Path) -> int:
    started = time.monotonic()
    try:
        run, outcomes = read_outcomes(reports)
    except (OSError, ValueError, KeyError, TypeError) as error:
        why = f"{reports / OUTCOMES_FILE} is missing" if isinstance(error, FileNotFoundError) else \
            f"{reports / OUTCOMES_FILE} cannot be read ({error.__class__.__name__})"
        html.unlink(missing_ok=True)
        markdown, _ = write_summary(reports, unfinished(reports, why))
        print(f"The run did not finish: {why}. No verdict; no report was built. Summary: {markdown.resolve()}",
              file=sys.stderr)
        return 1
    history = reports / HISTORY_FILE
    summary = summarize(run, outcomes, marks(read_history(history), run, outcomes),
                        report=html.name if command == "build" else "")
    record(history, run, outcomes)
    markdown, data = write_summary(reports, summary)
    print(f"Summary:     {markdown.resolve()} ({data.name} beside it), run {run.run_id}")
    print(f"Verdict:     {summary['headline']}")
    if command == "summary":
        if html.exists() and not belongs_to(html.read_text(encoding="utf-8", errors="replace"), run.run_id):
            html.unlink()  # an earlier run's report must not sit beside this run's summary
            print(f"Removed {html}: it was an earlier run's report.")
        return 0
    try:
        write_environment(results, run, summary["headline"])
        trend = trend_section(read_history(history), comparison_key(run))
        generate_html(results, html, first_screen(summary, _relative(PROJECT_ROOT / MATRIX_PATH, html.parent), trend))
    except ReportToolMissing as error:
        _no_report(reports, summary, html, str(error))
        print(f"Cannot build the HTML report: {error}.", file=sys.stderr)
        return 2
    except (OSError, subprocess.SubprocessError, ValueError, SystemExit) as error:
        reason = _reason(error)
        _no_report(reports, summary, html, reason)
        print(f"Suite error: the HTML report {html} could not be built ({reason}); it was removed.", file=sys.stderr)
        if isinstance(error, SystemExit):
            raise
        return 1
    print(f"HTML report: {html.resolve()} (built in {time.monotonic() - started:.1f} s)")
    return 0


def write_environment(results: Path, run: RunRecord, headline: str) -> None:
    """The run's facts as Allure's Environment widget shows them: the verdict and run id first, then what the run
    wrote itself (environment.properties in the results), updated from its record."""
    facts = {"Verdict": headline, "Run": run.run_id,
             "Target": ", ".join(f"{name} {url}" for name, url in run.target.items()) or "local reference stack",
             **{f"Release {service}": version for service, version in run.release.items()},
             "Selection": run.selection or "(none)", "Gate": run.gate, "Started at": run.started_at,
             "Finished at": run.finished_at, "Started by": run.started_by,
             **({"Warm-up": run.warm_up} if run.warm_up else {})}
    facts = {**facts, **{key: value for key, value in read_run_facts(results).items() if key not in facts
                         and not key.startswith("Release ") and key not in TARGET_VARIABLES}}
    results.mkdir(parents=True, exist_ok=True)
    (results / ENVIRONMENT_FILE).write_text(to_properties(facts), encoding="utf-8")


def _no_report(reports: Path, summary: dict, html: Path, reason: str) -> None:
    summary.update(report="", report_error=f"Suite error: the HTML report {html} could not be built ({reason}).")
    write_summary(reports, summary)


def _reason(error: BaseException) -> str:
    if isinstance(error, SystemExit):
        return "the build was stopped"
    if isinstance(error, subprocess.TimeoutExpired):
        return f"allure generate took longer than {error.timeout:g} s"
    if isinstance(error, subprocess.CalledProcessError):
        return f"allure generate exited with {error.returncode}"
    if isinstance(error, OSError):
        return error.strerror or error.__class__.__name__
    return str(error)


def _relative(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target.resolve(), start.resolve())).as_posix()


if __name__ == "__main__":
    sys.exit(main())
