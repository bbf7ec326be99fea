"""What a worker sends back for each unit, and how the parent puts it into its own behave model.

The parent keeps the model it parsed before forking. After a unit ran in a worker, the parent
copies the results (statuses, durations, error messages, captured output) onto its own
scenarios and steps, so that behave's JUnit and summary reporters run in the parent, once,
over the whole run, exactly as they do in a sequential run.

Exceptions travel as their class name and message, never pickled: a pickled exception may
fail to rebuild in the parent, and the reporters only print its name and text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from behave.capture import ManyCaptured
from behave.model_type import Status

from .units import Unit


@dataclass(frozen=True)
class ErrorInfo:
    type_name: str
    module: str
    message: str
    failure: bool  # an AssertionError: a failed check rather than an error

    @classmethod
    def of(cls, error: BaseException | None) -> ErrorInfo | None:
        if error is None:
            return None
        return cls(type(error).__name__, type(error).__module__, str(error), isinstance(error, AssertionError))

    def rebuild(self) -> BaseException:
        """An exception of a class with the same name and kind, carrying the same message."""
        return _stand_in_class(self.type_name, self.module, self.failure)(self.message)


_STAND_INS: dict[tuple[str, str, bool], type] = {}


def _stand_in_class(name: str, module: str, failure: bool) -> type:
    key = (name, module, failure)
    if key not in _STAND_INS:
        _STAND_INS[key] = type(name, (AssertionError if failure else Exception,), {"__module__": module})
    return _STAND_INS[key]


@dataclass(frozen=True)
class StepOutcome:
    status: Status
    duration: float
    error_message: str | None
    error: ErrorInfo | None


@dataclass(frozen=True)
class ScenarioOutcome:
    status: Status
    hook_failed: bool
    error_message: str | None
    error: ErrorInfo | None
    should_skip: bool
    skip_reason: str | None
    captured: ManyCaptured
    steps: list[StepOutcome]


@dataclass(frozen=True)
class ContainerOutcome:
    """The hook results of the feature (or rule) copy the unit ran in."""

    hook_failed: bool
    error_message: str | None
    error: ErrorInfo | None


@dataclass(frozen=True)
class UnitText:
    """What the unit printed: the headings of its feature and rule, printed once each, and its own lines."""

    header: str
    rule_header: str
    body: str
    ending: str = ""  # how the feature ended, for a unit whose scenario was not shown


@dataclass(frozen=True)
class UnitOutcome:
    number: int
    failed: bool
    aborted: bool
    hook_failures: int
    scenarios: list[ScenarioOutcome]
    feature: ContainerOutcome
    rule: ContainerOutcome | None
    undefined: list[tuple[int, int]] = field(default_factory=list)  # (scenario, step) positions
    text: UnitText = UnitText("", "", "")
    appended: dict[str, list] = field(default_factory=dict)  # to the lists on the run's context
    lost: bool = False  # the worker ended before reporting: nothing of it reached the Allure results
    outcomes: list = field(default_factory=list)  # the plain `Outcome` of each scenario that ran
    failed_write: str = ""  # the first result the worker could not write (`result_writes`)


def record(unit: Unit, feature_copy, *, failed: bool, aborted: bool, hook_failures: int, undefined_steps: list,
           appended: dict[str, list], text: UnitText, outcomes: list, failed_write: str = "") -> UnitOutcome:
    """The outcome of `unit` after it ran in this process as `feature_copy`."""
    scenarios = unit.scenarios
    positions = {id(step): (s, n) for s, scenario in enumerate(scenarios)
                 for n, step in enumerate(scenario.all_steps)}
    rule_copy = feature_copy.run_items[0] if unit.rule is not None else None
    return UnitOutcome(
        number=unit.number, failed=failed, aborted=aborted, hook_failures=hook_failures,
        scenarios=[_scenario_outcome(scenario) for scenario in scenarios],
        feature=_container_outcome(feature_copy),
        rule=_container_outcome(rule_copy) if rule_copy is not None else None,
        undefined=[positions[id(step)] for step in undefined_steps if id(step) in positions],
        text=text, appended=appended, outcomes=outcomes, failed_write=failed_write)


def lost(unit: Unit, message: str, text: UnitText) -> UnitOutcome:
    """The outcome of a unit whose worker ended before reporting it: each of its scenarios is an error."""
    error = ErrorInfo("WorkerLost", __name__, message, failure=False)
    scenarios = [ScenarioOutcome(Status.error, False, message, error, False, None, ManyCaptured(),
                                 [StepOutcome(Status.untested, 0.0, None, None) for _ in scenario.all_steps])
                 for scenario in unit.scenarios]
    return UnitOutcome(unit.number, failed=True, aborted=False, hook_failures=0, scenarios=scenarios,
                       feature=ContainerOutcome(False, None, None), rule=None, text=text, lost=True)


def apply(unit: Unit, outcome: UnitOutcome, runner) -> None:
    """Put `outcome` into the parent's model, where behave's reporters will read it."""
    for scenario, result in zip(unit.scenarios, outcome.scenarios):
        _apply_scenario(scenario, result)
    _apply_container(unit.feature, outcome.feature)
    if unit.rule is not None and outcome.rule is not None:
        _apply_container(unit.rule, outcome.rule)
    scenarios = unit.scenarios
    for scenario_position, step_position in outcome.undefined:
        runner.undefined_steps.append(list(scenarios[scenario_position].all_steps)[step_position])


def _scenario_outcome(scenario) -> ScenarioOutcome:
    return ScenarioOutcome(
        status=scenario.status, hook_failed=scenario.hook_failed, error_message=scenario.error_message,
        error=ErrorInfo.of(scenario.exception), should_skip=scenario.should_skip,
        skip_reason=scenario.skip_reason, captured=scenario.captured,
        steps=[StepOutcome(step.status, step.duration, step.error_message, ErrorInfo.of(step.exception))
               for step in scenario.all_steps])


def _container_outcome(container) -> ContainerOutcome:
    return ContainerOutcome(container.hook_failed, container.error_message, ErrorInfo.of(container.exception))


def _apply_scenario(scenario, result: ScenarioOutcome) -> None:
    for step, step_result in zip(scenario.all_steps, result.steps):
        step.status = step_result.status
        step.duration = step_result.duration
        step.error_message = step_result.error_message
        step.exception = step_result.error.rebuild() if step_result.error else None
    scenario.hook_failed = result.hook_failed
    scenario.error_message = result.error_message
    scenario.exception = result.error.rebuild() if result.error else None
    scenario.should_skip = result.should_skip
    scenario.skip_reason = result.skip_reason
    scenario.captured.reset()
    scenario.captured.add_captured(result.captured)
    scenario.set_status(result.status)


def _apply_container(container, result: ContainerOutcome) -> None:
    """A hook failure of any unit's copy is a hook failure of the feature (or rule) itself."""
    if not result.hook_failed:
        return
    container.hook_failed = True
    if container.error_message and result.error_message and result.error_message not in container.error_message:
        container.error_message += "\n" + result.error_message
    elif not container.error_message:
        container.error_message = result.error_message
        container.exception = result.error.rebuild() if result.error else None
