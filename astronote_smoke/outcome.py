"""Plain records of one run: what each selected scenario came to, and the facts of the run.

These records are what crosses the seam to behave and Allure: the adapter builds an `Outcome`
from each finished scenario (in a parallel run, the worker sends it back pickled), and the
known-issue verdicts, the release verdict, the summary, the report's first screen and the history
are pure functions of them. The run writes them, with its `RunRecord`, to `reports/outcomes.json`.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .errors import Cause, SuiteError

PASSED, FAILED, SKIPPED, KNOWN = "passed", "failed", "skipped", "known"
STATUSES = (PASSED, FAILED, SKIPPED, KNOWN)
SEVERITIES = ("blocker", "critical", "normal")
GATING_SEVERITIES = ("blocker", "critical")
OUTCOMES_FILE = "outcomes.json"
RELEASE, WATCH = "release", "watch"  # the run's mode: the command that started it decides, never a tag


@dataclass(frozen=True)
class KnownRecord:
    """The verdict on the known issue that applied to a scenario (see `known_issues.verdicts`)."""

    verdict: str  # known, fixed, expired, different
    entry: str    # where the entry is: file and line
    ticket: str
    reason: str
    headline: str = ""  # the verdict's first line, as the report shows it above the failure


@dataclass(frozen=True)
class Outcome:
    """What one selected scenario came to.

    `status` is passed, failed, skipped or known (a failure that a known issue excuses). A failed
    outcome has a `kind` (an `errors.Kind` value), a one-line `message` and, when a service did
    not answer, its `cause`; a skipped one its `message` (why) and, when configuration was
    missing, the `missing` variables.
    """

    case: str
    name: str
    category: str           # the feature's name: "D API health"
    services: tuple[str, ...]
    severity: str
    protects: str           # the scenario's sentence on what it protects
    status: str
    kind: str | None = None
    message: str = ""
    cause: Cause | None = None
    missing: tuple[str, ...] = ()
    known: KnownRecord | None = None
    started: float = 0.0    # seconds since the epoch
    duration: float = 0.0
    evidence: tuple[str, ...] = ()
    # Numbers a check measured, by what they measure ("Shopify API" → its response time in ms):
    # the history keeps them as data, never read back from a message.
    measurements: dict[str, float] = field(default_factory=dict, hash=False)  # a dict: left out of the hash

    @property
    def gating(self) -> bool:
        return self.severity in GATING_SEVERITIES

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Outcome:
        known, cause = data.get("known"), data.get("cause")
        return cls(**{**data, "services": tuple(data.get("services", ())), "missing": tuple(data.get("missing", ())),
                      "evidence": tuple(data.get("evidence", ())), "measurements": dict(data.get("measurements", {})),
                      "known": KnownRecord(**known) if known else None, "cause": Cause(**cause) if cause else None})


def matrix_order(outcome: Outcome) -> tuple:
    """A1, A2 … L1: the smoke matrix's order, whatever order the checks ended in."""
    match = re.match(r"^([A-Z])([0-9]+)$", outcome.case)
    return (match[1], int(match[2]), "") if match else ("~", 0, outcome.case)


@dataclass(frozen=True)
class RunRecord:
    """The facts of one run that a verdict depends on, and that every output names.

    `target` maps each target variable to its URL, or is empty for the local reference stack
    (a rehearsal). `selection` is the tag expression as given ("" for none); `selected` counts the
    scenarios it holds, `release_set` the scenarios of a full release gate (`@prod`). `release` is
    what every output shows of the release, by service ("Web": "build 3f9c… (build unchanged)"),
    `fingerprints` each service's build digest, and `release_problems` why no single, expected
    release was judged (a deploy that did not take effect, a build that changed during the run).
    """

    run_id: str
    target: dict[str, str] = field(default_factory=dict)
    selection: str = ""
    selected: int = 0
    release_set: int = 0
    gate: str = "standard"  # or "strict": any failure is NO-GO
    release: dict[str, str] = field(default_factory=dict)
    started_at: str = ""
    finished_at: str = ""
    started_by: str = ""
    warm_up: str = ""
    fingerprints: dict[str, str] = field(default_factory=dict)
    release_problems: tuple[str, ...] = ()
    mode: str = RELEASE  # or WATCH: a scheduled run of the watch selection between deploys

    @property
    def rehearsal(self) -> bool:
        return not self.target

    @property
    def full_selection(self) -> bool:
        return self.selected >= self.release_set > 0

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> RunRecord:
        return cls(**{**data, "release_problems": tuple(data.get("release_problems", ()))})


def write_outcomes(folder: Path, run: RunRecord, outcomes: list[Outcome]) -> Path:
    """Write the run's records atomically: a reader never sees half a file."""
    folder = Path(folder)
    path = folder / OUTCOMES_FILE
    data = {"run": run.to_dict(), "outcomes": [outcome.to_dict() for outcome in outcomes]}
    temporary = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".outcomes-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(data, stream, indent=1, ensure_ascii=True)
        os.replace(temporary, path)
    except OSError as error:
        # A full disk, a read-only folder: the run has no verdict to give, and says where it failed.
        raise SuiteError(f"suite error: could not write {path}: {error.strerror or error}") from None
    finally:
        if temporary and os.path.exists(temporary):
            os.unlink(temporary)
    return path


def read_outcomes(folder: Path) -> tuple[RunRecord, list[Outcome]]:
    data = json.loads((Path(folder) / OUTCOMES_FILE).read_text(encoding="utf-8"))
    return RunRecord.from_dict(data["run"]), [Outcome.from_dict(item) for item in data["outcomes"]]
