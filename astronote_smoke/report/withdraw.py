"""What a run stopped by a configuration error does with the outputs an earlier run left.

It checked nothing, so it writes no verdict; the earlier run's summary, report and outcomes
beside its results folder would read as this run's, so they are removed.
"""
from __future__ import annotations

from pathlib import Path

from ..outcome import OUTCOMES_FILE

DEFAULT_REPORTS = Path("reports")
EARLIER_OUTPUTS = ("summary.md", "summary.json", "smoke-report.html", OUTCOMES_FILE)


def withdraw_earlier_outputs(results_dir: Path | None) -> list[str]:
    """Remove the earlier run's outputs from the folder holding `results_dir` (None: reports/); the names removed."""
    reports = Path(results_dir).parent if results_dir else DEFAULT_REPORTS
    removed = []
    for name in EARLIER_OUTPUTS:
        path = reports / name
        if path.is_file():
            path.unlink()
            removed.append(name)
    return removed
