"""Each named fault of the reference stack fails exactly the scenarios that guard the promise
it breaks, each with a message naming that promise; the healthy stack fails none."""
import re

import pytest

from astronote_smoke.outcome import read_outcomes

from drill_plan import BREAKS, MESSAGE_START, all_cases

CASES = all_cases()


def test_the_feature_files_hold_the_41_cases():
    assert len(CASES) == 41, sorted(CASES)


def test_every_scenario_has_a_fault_that_makes_it_fail():
    assert CASES - set().union(*BREAKS.values()) == set()


@pytest.mark.parametrize("drill", ["healthy"])
def test_a_healthy_stack_passes_every_scenario(run):
    assert run.passed == CASES, run.describe()
    assert run.exit_code == 0, run.describe()


@pytest.mark.parametrize("drill", sorted(BREAKS))
def test_a_fault_fails_exactly_the_scenarios_guarding_its_promise(drill, run):
    assert set(run.outcomes) == CASES, run.describe()
    assert run.failed == set(BREAKS[drill]), run.describe()
    assert run.passed == CASES - set(BREAKS[drill]), run.describe()
    assert run.exit_code == expected_exit_code(run), run.describe()


def expected_exit_code(run) -> int:
    """1 (NO-GO), unless every failure is a `normal` check's production defect: a GO with warnings."""
    _, outcomes = read_outcomes(run.folder)
    failed = [outcome for outcome in outcomes if outcome.status == "failed"]
    assert failed
    return 0 if all(o.severity == "normal" and o.kind == "production-defect" for o in failed) else 1


@pytest.mark.parametrize("drill", sorted(BREAKS))
def test_each_failure_names_the_broken_promise(drill, run):
    wrong = {case: run.outcomes[case].message for case, promise in BREAKS[drill].items()
             if case in run.outcomes and not re.search(promise, run.outcomes[case].message)}
    assert not wrong, f"messages that do not say {BREAKS[drill]}:\n{wrong}"


@pytest.mark.parametrize("drill", sorted(BREAKS))
def test_each_failure_is_one_line_naming_service_method_and_url(drill, run):
    messages = [run.outcomes[case].message for case in sorted(run.failed)]
    assert messages, run.describe()
    for message in messages:
        assert MESSAGE_START.match(message) and "\n" not in message, message
