"""behave's scenarios as plain `Outcome`s, and the run as a `RunRecord`, written to `outcomes.json`.

Each scenario's outcome is taken in its own process when it ends (in `after_scenario`, where its
real exception is still at hand), so the kind and cause come from `errors.kind_of(exception)` and
`errors.cause_of(exception)`, never from message text; a parallel worker sends the outcomes it
took back to the parent as they are.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from behave.model_type import Status

from ..errors import Kind, cause_of, kind_of
from ..known_issues.verdicts import FIXED, KNOWN as KNOWN_VERDICT, Verdict
from ..config import ConfigError
from ..outcome import FAILED, KNOWN, PASSED, RELEASE, SEVERITIES, SKIPPED, WATCH, KnownRecord, Outcome
from ..report.labels import case_id
from ..services import SERVICE_NAMES
from ..watch import MODE_OPTION
from .features import category_of

DEFAULT_REPORTS_DIR = Path("reports")


class OutcomeLog:
    """The outcomes of a run, in the order the scenarios ended; a worker hands on what it added since it last did."""

    def __init__(self):
        self.outcomes: list[Outcome] = []
        self._handed_on = 0

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)

    def extend(self, outcomes: list[Outcome]) -> None:
        self.outcomes.extend(outcomes)

    def take_new(self) -> list[Outcome]:
        new = self.outcomes[self._handed_on:]
        self._handed_on = len(self.outcomes)
        return new

    def by_name(self) -> dict[str, Outcome]:
        return {outcome.name: outcome for outcome in self.outcomes}


def outcome_of(scenario, *, verdict: Verdict | None = None, missing: tuple[str, ...] = (), started: float = 0.0,
               mask=str, failed_after: BaseException | None = None, measurements: dict | None = None) -> Outcome:
    """What `scenario` came to, once its steps and hooks ran; `failed_after` is an error of its end (a strict known issue)."""
    tags = [str(tag) for tag in scenario.effective_tags]
    error = failed_after or scenario_exception(scenario)
    status = _status(scenario, verdict, failed_after)
    kind = kind_of(error).value if status == FAILED else None
    if status == FAILED:
        message = _one_line(mask(str(error))) if error is not None else _undefined(scenario)
    elif status in (SKIPPED, KNOWN):
        message = _one_line(mask(verdict.failure if status == KNOWN else scenario.skip_reason or ""))
    else:
        message = ""
    return Outcome(
        case=case_id(tags) or scenario.name, name=scenario.name,
        category=category_of(case_id(tags), scenario.feature.name),
        services=tuple(name for tag, name in SERVICE_NAMES.items() if tag in tags),
        severity=next((tag for tag in tags if tag in SEVERITIES), "normal"),
        protects=" ".join(scenario.description), status=status, kind=kind, message=message,
        cause=cause_of(error) if status == FAILED else None, missing=tuple(missing) if status == SKIPPED else (),
        known=_known_record(verdict), started=started, duration=float(scenario.duration or 0.0),
        measurements=dict(measurements or {}))


def lost_outcome(scenario, message: str) -> Outcome:
    """A scenario whose worker ended before reporting it: an error of the suite, not of the target."""
    tags = [str(tag) for tag in scenario.effective_tags]
    return Outcome(case=case_id(tags) or scenario.name, name=scenario.name,
                   category=category_of(case_id(tags), scenario.feature.name),
                   services=tuple(name for tag, name in SERVICE_NAMES.items() if tag in tags),
                   severity=next((tag for tag in tags if tag in SEVERITIES), "normal"),
                   protects=" ".join(scenario.description), status=FAILED, kind=Kind.SUITE_ERROR.value,
                   message=message)


def selected_count(features, config) -> int:
    """How many scenarios of the parsed `features` this run's selection (tags, names, locations) holds."""
    return sum(1 for feature in features for scenario in feature.walk_scenarios() if scenario.should_run(config))


def selection_of(config) -> str:
    """The tag selection as given on the command line (or behave.ini): several --tags all apply."""
    given = [str(tags) for tags in (config.tags or [])]
    if len(given) > 1:
        return " and ".join(f"({tags})" for tags in given)
    return given[0] if given else ""


def mode_of(config) -> str:
    """The run's mode, as the command that started it set it (`-D smoke_mode=watch`); release otherwise."""
    mode = config.userdata.get(MODE_OPTION, RELEASE)
    if mode not in (RELEASE, WATCH):
        raise ConfigError(f"-D {MODE_OPTION}", f"must be {RELEASE} or {WATCH}, got {mode!r}")
    return mode


def reports_folder(allure_results: Path | None) -> Path:
    """Where the run's plain records go: beside its Allure results, else `reports/`."""
    return Path(allure_results).parent if allure_results else DEFAULT_REPORTS_DIR


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _status(scenario, verdict: Verdict | None, failed_after: BaseException | None) -> str:
    if failed_after is not None:
        return FAILED
    if verdict is not None and verdict.kind == KNOWN_VERDICT:
        return KNOWN
    if verdict is not None and verdict.kind != FIXED:
        return FAILED
    if scenario.status == Status.passed:
        return PASSED
    if scenario.status.has_failed() or scenario.hook_failed:
        return FAILED
    return SKIPPED


def scenario_exception(scenario) -> BaseException | None:
    """The exception that ended the scenario: its first failed step's, else its hook's."""
    for step in scenario.all_steps:
        if step.status.has_failed() and step.exception is not None:
            return step.exception
    return scenario.exception


def _undefined(scenario) -> str:
    names = [f"{step.keyword} {step.name}" for step in scenario.all_steps if step.status == Status.undefined]
    return f"undefined step: {names[0]}" if names else "the scenario failed without an error"


def _known_record(verdict: Verdict | None) -> KnownRecord | None:
    if verdict is None:
        return None
    issue = verdict.issue
    return KnownRecord(verdict=verdict.kind, entry=issue.where, ticket=issue.ticket, reason=issue.reason,
                       headline=verdict.headline())


def _one_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")
