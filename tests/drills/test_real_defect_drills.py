"""The faults that reproduce the real product's defects fail their scenarios with messages that
name the real cause, and the production known issues of those defects match only them: the
same scenario failing for another reason (another drill) is not excused."""
import pytest

from drill_plan import BREAKS, all_cases

from astronote_smoke.config import settings_from
from astronote_smoke.known_issues.file import load_known_issues
from astronote_smoke.behave_adapter.features import suite_case_ids
from tests.support.suite_run import PROJECT_ROOT

CASES = all_cases()
PRODUCTION_HOSTS = ("astronote.onrender.com", "astronote-shopify.onrender.com", "astronote-retail.onrender.com")
# The drill that reproduces each production defect with a failure pattern.
DEFECT_DRILLS = {"D2": "queue-probe-race", "K2": "queue-probe-race", "I3": "campaign-stuck-sending",
                 "J2": "no-error-page", "D5": "no-health-db", "E4": "cors-prefix-match", "F4": "shop-domain-is-credential"}


def production_issues():
    environ = {"SMOKE_KNOWN_ISSUES": str(PROJECT_ROOT / "known-issues.toml")}
    return load_known_issues(settings_from(environ), PRODUCTION_HOSTS, suite_case_ids())


@pytest.mark.parametrize("drill", ["separate-worker"])
def test_a_separate_worker_passes_every_scenario_and_k2_says_it_cannot_see_it(run):
    assert run.passed == CASES and run.exit_code == 0, run.describe()


def _others(case):
    return tuple(sorted(name for name, breaks in BREAKS.items() if case in breaks and name != DEFECT_DRILLS[case]))


@pytest.mark.parametrize("case, drill, other_drills",
                         [(case, drill, _others(case)) for case, drill in sorted(DEFECT_DRILLS.items())])
def test_each_known_issue_matches_its_defects_message_and_no_other(case, run, other_drills, drill_pool):
    issue = production_issues().issue_for(case)
    assert issue is not None and issue.failure is not None, case
    own = run.outcomes[case].message
    assert issue.failure.search(own), f"{case}: {issue.failure.pattern!r} does not match {own!r}"
    others = {name: drill_pool.result(name).outcomes[case].message for name in other_drills}
    excused = {name: message for name, message in others.items() if issue.failure.search(message)}
    assert not excused, f"{case}: the known issue would also excuse {excused}"
