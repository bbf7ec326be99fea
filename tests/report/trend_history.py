"""A history of mixed verdicts for the first screen's trend: 24 watch runs ten minutes apart."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from astronote_smoke.report.history import record

from run_records import failed, passed, run

START = datetime(2026, 12, 6, 8, 0, tzinfo=timezone.utc)
RUNS = 24
BROKE_AT = 19  # D4 fails from the 20th run on: red since 11:10 (5 runs)
FLAP_AT = (6, 7)  # an earlier outage of D4 and back


def watch_record(number: int, **facts):
    finished = (START + timedelta(minutes=10 * number)).isoformat()
    return run(run_id=f"w{number:02d}", target={}, selection="@watch", mode="watch", selected=3, release_set=41,
               finished_at=finished, **facts)


def outcomes_of(number: int) -> list:
    times = {"Shopify API": 180.0 + 40 * (number % 5) + (600 if number >= BROKE_AT else 0),
             "Retail API": 40.0 + 5 * (number % 3)}
    d4 = failed("D4") if number >= BROKE_AT or number in FLAP_AT else passed("D4")
    return [passed("D1"), d4, passed("L1", "normal", measurements=times)]


def write_history(path: Path, runs: int = RUNS) -> None:
    for number in range(runs):
        record(path, watch_record(number), outcomes_of(number))
