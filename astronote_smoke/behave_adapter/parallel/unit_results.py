"""What a worker sends back for each unit: plain records, never behave's model.

Each scenario comes back as its `Outcome` (made in `after_scenario`) and as the `JUnitCase` its
JUnit test case is written from (statuses, step lines and timings, the failing step, captured
output); the unit's feature and rule say whether one of their hooks failed. With them come the
run's findings (`findings.RunFindings`: named fields), the unit's console text, and the positions
of its undefined steps, for behave's snippets. The parent writes JUnit and the summary from
these records; its own parsed features only lend their names and places.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ...findings import RunFindings
from ...report.junit_xml import JUnitCase
from ..junit import lost_case
from .units import Unit


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
    cases: list[JUnitCase]  # each scenario's, as JUnit shows it
    feature_hook_failed: bool = False  # a hook of the unit's feature (or rule) failed around it
    rule_hook_failed: bool = False
    undefined: list[tuple[int, int]] = field(default_factory=list)  # (scenario, step) positions
    text: UnitText = UnitText("", "", "")
    findings: RunFindings = field(default_factory=RunFindings)  # what its scenarios found for the run's end
    lost: bool = False  # the worker ended before reporting: nothing of it reached the Allure results
    outcomes: list = field(default_factory=list)  # the plain `Outcome` of each scenario that ran
    failed_write: str = ""  # the first result the worker could not write (`result_writes`)


def lost(unit: Unit, message: str, text: UnitText) -> UnitOutcome:
    """The outcome of a unit whose worker ended before reporting it: each of its scenarios is an error."""
    return UnitOutcome(unit.number, failed=True, aborted=False, hook_failures=0,
                       cases=[lost_case(scenario, message) for scenario in unit.scenarios], text=text, lost=True)
