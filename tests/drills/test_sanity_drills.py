"""Targets that are not Astronote at all: one that answers every request with an empty 200,
and one that refuses every connection. Neither may pass a scenario that it could not have
passed honestly, and a dead target costs no scenario a timeout."""
import pytest

from drill_plan import DRILLS, EMPTY_200_PASSES, MESSAGE_START, all_cases

CASES = all_cases()


@pytest.mark.parametrize("drill", ["empty-200"])
def test_an_empty_200_fails_every_scenario_but_the_foreign_origin_refusals(run):
    assert set(run.outcomes) == CASES, run.describe()
    assert run.failed == CASES - EMPTY_200_PASSES, run.describe()
    assert run.passed == EMPTY_200_PASSES, run.describe()


@pytest.mark.parametrize("drill", ["empty-200"])
def test_an_empty_200_is_reported_as_the_wrong_answer_it_is(run):
    for case in sorted(run.failed):
        message = run.outcomes[case].message
        assert MESSAGE_START.match(message), message
        assert "unreachable" not in message, message
        assert "expected" in message or "CORS:" in message, message


@pytest.mark.parametrize("drill", ["refuse-all"])
def test_refused_connections_fail_every_scenario_as_unreachable(run):
    assert run.failed == CASES, run.describe()
    for case in sorted(CASES):
        message = run.outcomes[case].message
        assert MESSAGE_START.match(message), message
        assert "unreachable" in message and "connection refused" in message, message


@pytest.mark.parametrize("drill", ["refuse-all"])
def test_refused_connections_cost_no_scenario_a_timeout(run):
    timeout = float(DRILLS["refuse-all"].settings["SMOKE_TIMEOUT"])
    slowest = max(run.outcomes.values(), key=lambda outcome: outcome.seconds)
    # Waiting a full timeout once per service (three) is the most a dead target may cost.
    assert sum(outcome.seconds for outcome in run.outcomes.values()) < 3 * timeout, run.describe()
    assert slowest.seconds < timeout, slowest
