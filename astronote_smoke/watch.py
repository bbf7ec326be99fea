"""The watch mode: the scheduled run between deploys, of the checks safe and cheap to repeat every few minutes.

`python -m astronote_smoke watch [behave options]` runs the scenarios tagged `@watch` (reads,
health, CORS, refusals, the shortener, queue reads, latency and the browser checks) and, of the
campaign writes, only the end-to-end send (I3), when it is due: at most once per
SMOKE_WATCH_WRITES_EVERY minutes, counted from the last watch run of this target whose history
line holds I3. A run in between leaves the send's feature file out of its selection, so the tag
selection, and with it the comparison key, is the same whether or not the send was due.
"""
from __future__ import annotations

import re
import sys
from datetime import datetime, timedelta
from pathlib import Path

from .config import ConfigError, read_environment, setting, settings_from, targets_configured
from .outcome import SKIPPED, WATCH
from .report.history import HISTORY_FILE, read_history, target_key
from .services import SERVICES, base_url

WATCH_TAG = "@watch"
SEND_CASE = "I3"
# The feature that holds the watch selection's only write; tests/lint/test_watch_selection.py keeps it so.
SEND_FEATURE = "i_campaigns.feature"
MODE_OPTION = "smoke_mode"  # behave userdata: -D smoke_mode=watch; the command sets it, never a tag
REPORTS = Path("reports")
# The most requests one watch run may send through the suite's HTTP client (checks, cleanups, sweep and
# release probes; not the warm-up's or the browser's own). Measured against the local reference stack:
# 58 with the send, 51 without; 62 and 55 with the browser checks on. tests/e2e/test_watch_runs.py holds it.
REQUESTS_PER_RUN = 70


def watch_main(argv: list[str], run) -> int:
    """The watch command: say what this run holds, then `run` (the suite's runner) with the watch options."""
    try:
        options, said = watch_options(argv)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    print(said, file=sys.stderr)
    return run(options)


def watch_options(argv: list[str], history_path: Path = REPORTS / HISTORY_FILE,
                  now: datetime | None = None) -> tuple[list[str], str]:
    """behave's options for a watch run, and the line that says whether the send is in it.

    Raises ConfigError for a malformed variable, before anything runs."""
    environ = read_environment()
    settings = settings_from(environ)  # every variable checked now: bad configuration exits 2 before a request
    every = setting("SMOKE_WATCH_WRITES_EVERY", environ)
    target = {service.variable: base_url(settings, service) for service in SERVICES.values()} \
        if targets_configured(environ) else {}
    key = target_key(target, watch_selection(argv), WATCH)
    last = last_send(read_history(history_path), key)
    due = send_due(last, every, now or datetime.now().astimezone())
    options = [*argv, f"--tags={WATCH_TAG}", "-D", f"{MODE_OPTION}={WATCH}"]
    if not due:
        options += ["--exclude", re.escape(SEND_FEATURE) + "$"]
    when = f"last at {last:%H:%M}" if last else "none recorded"
    said = (f"Watch run: the campaign send ({SEND_CASE}) is {'in' if due else 'left out'} "
            f"(at most one every {every} min; {when})")
    return options, said


def watch_selection(argv: list[str]) -> str:
    """The selection a watch run records, as behave's `selection_of` will write it with `--tags=@watch` added."""
    given = [arg.split("=", 1)[1] for arg in argv if arg.startswith("--tags=")]
    given += [argv[index + 1] for index, arg in enumerate(argv[:-1]) if arg in ("--tags", "-t")]
    given.append(WATCH_TAG)
    return " and ".join(f"({tags})" for tags in given) if len(given) > 1 else given[0]


def last_send(history: list[dict], key: str) -> datetime | None:
    """When the last watch run with this key that ran the send finished."""
    for item in reversed(history):
        if item["key"] == key and item.get("mode") == WATCH and \
                item["checks"].get(SEND_CASE, SKIPPED) != SKIPPED:
            try:
                return datetime.fromisoformat(item["finished"])
            except ValueError:
                return None
    return None


def send_due(last: datetime | None, every_minutes: int, now: datetime) -> bool:
    if last is None:
        return True
    if last.tzinfo is None or now.tzinfo is None:
        return True  # a time without a zone cannot be compared: better one send too many than none
    return now - last >= timedelta(minutes=every_minutes)
