"""The run history that tells a regression from a flake, kept per target and per tag selection.

Each line also holds the run's verdict word, its mode (release or watch: watch runs are compared
with watch runs only) and L1's response times in ms per API, as numbers. The file keeps the last `KEEP_PER_KEY` runs of each key; a line that is
not well formed (`history_lines.valid_line`) is ignored with a warning on standard error.

`reports/history.jsonl` holds one line per run: the comparison key (a digest of the target's
URLs and the tag selection), the run id, when it finished, a digest of the release, each
service's build digest (`fingerprint`), and each check's status. Nothing else: no message, URL
or version string, so nothing a target sends and no secret reaches it (CI caches the file, so
whatever got in would stay).

What a check is called (`marks`), against the previous run with the same key:
- "new since the last run": it passed in the previous comparable run and fails now. Never flaky.
- flaky: otherwise, when it changed verdict at least twice over the comparable runs of the same
  release (it alternates with no release between). Retries within one run are not recorded in an
  outcome, so they mark nothing yet.
- "failed in the last comparable run too": it failed then and fails now.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

from ..expectation import SERVICE_KEYS
from ..outcome import FAILED, PASSED, RELEASE, WATCH, Outcome, RunRecord
from ..verdict import decide
# A line is written in the very shapes it must have to be read back.
from .history_lines import BUILD_DIGEST, CASE, RUN_ID, TIME, valid_line
from .run_facts import without_credentials

HISTORY_FILE = "history.jsonl"
KEEP_RUNS = 2000  # all keys together
KEEP_PER_KEY = 300  # a run every 10 minutes: two days of watch runs, and many releases' runs
LATENCY_CASE = "L1"
NEW_FAILURE = "new since the last run"
FLAKY = "flaky: passed and failed on this release"
STILL_FAILING = "failed in the last comparable run too"


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def comparison_key(run: RunRecord) -> str:
    """Runs are compared only with runs against the same target and with the same tag selection."""
    return target_key(run.target, run.selection, run.mode)


def target_key(target: dict[str, str], selection: str, mode: str = RELEASE) -> str:
    """The comparison key of runs against `target` ({} for the local stack) with `selection`; a watch run's differs."""
    urls = {name: without_credentials(url).rstrip("/") for name, url in target.items()}
    value = {"target": urls, "selection": " ".join(selection.split())}
    return _digest({**value, "mode": WATCH} if mode == WATCH else value)


def release_digest(run: RunRecord) -> str:
    """Which release a run checked: its builds' digests, or (a run that read none) what the APIs reported."""
    return _digest(run.fingerprints or run.release)


def entry(run: RunRecord, outcomes: list[Outcome]) -> dict:
    """The history line of a run: digests, the run's own id and time, and statuses by case id."""
    return {"key": comparison_key(run),
            "run": run.run_id if RUN_ID.match(run.run_id) else _digest(run.run_id),
            "finished": run.finished_at if TIME.match(run.finished_at) else "",
            "release": release_digest(run),
            "fingerprints": {service: value for service, value in run.fingerprints.items()
                             if service in SERVICE_KEYS and BUILD_DIGEST.match(value)},
            "checks": {outcome.case: outcome.status for outcome in outcomes if CASE.match(outcome.case)},
            "verdict": decide(run, outcomes).word, "mode": run.mode, "latency": _latency(outcomes)}


def _latency(outcomes: list[Outcome]) -> dict[str, float]:
    measured = next((outcome.measurements for outcome in outcomes if outcome.case == LATENCY_CASE), {})
    return {name: float(value) for name, value in measured.items() if isinstance(value, (int, float))}


def read_history(path: Path) -> list[dict]:
    """The runs recorded so far, oldest first; a line that is not a history entry is ignored."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    runs = []
    for number, line in enumerate(lines, 1):
        try:
            item = valid_line(json.loads(line))
        except (ValueError, RecursionError):
            item = None
        if item is None:
            print(f"Warning: {path} line {number} is not a history entry; it is ignored.", file=sys.stderr)
        else:
            runs.append(item)
    return runs


def marks(history: list[dict], run: RunRecord, outcomes: list[Outcome]) -> dict[str, str]:
    """What the history says of each check of this run that failed or alternates (see the module's rules)."""
    key, release = comparison_key(run), release_digest(run)
    comparable = [item for item in history if item["key"] == key and item.get("run") != run.run_id]
    previous = comparable[-1]["checks"] if comparable else {}
    same_release = []
    for item in reversed(comparable):
        if item.get("release") != release:
            break
        same_release.insert(0, item["checks"])
    found = {}
    for outcome in outcomes:
        if outcome.status not in (PASSED, FAILED):
            continue
        before = previous.get(outcome.case)
        verdicts = [checks[outcome.case] for checks in same_release if checks.get(outcome.case) in (PASSED, FAILED)]
        verdicts.append(outcome.status)
        changes = sum(earlier != later for earlier, later in zip(verdicts, verdicts[1:]))
        if outcome.status == FAILED and before == PASSED:
            found[outcome.case] = NEW_FAILURE
        elif changes >= 2:
            found[outcome.case] = FLAKY
        elif outcome.status == FAILED and before == FAILED:
            found[outcome.case] = STILL_FAILING
    return found


def record(path: Path, run: RunRecord, outcomes: list[Outcome], keep: int = KEEP_RUNS,
           keep_per_key: int = KEEP_PER_KEY) -> None:
    """Add this run to the history (once: a rebuild of the same run replaces its line), keeping the last `keep`
    and, of each comparison key, the last `keep_per_key`."""
    path = Path(path)
    runs = [item for item in read_history(path) if item.get("run") != entry(run, outcomes)["run"]]
    runs = _last_per_key(runs + [entry(run, outcomes)], keep_per_key)[-keep:]
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".history-", suffix=".jsonl")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.writelines(json.dumps(item, ensure_ascii=True) + "\n" for item in runs)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _last_per_key(runs: list[dict], keep: int) -> list[dict]:
    seen: dict[str, int] = {}
    kept = []
    for item in reversed(runs):
        seen[item["key"]] = seen.get(item["key"], 0) + 1
        if seen[item["key"]] <= keep:
            kept.append(item)
    return kept[::-1]
