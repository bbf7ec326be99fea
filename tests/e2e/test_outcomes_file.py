"""Both runners leave `outcomes.json` beside their Allure results: one plain record per selected scenario."""
import re

import pytest

from astronote_smoke.outcome import OUTCOMES_FILE, read_outcomes
from tests.drills.suite_run import DRILL_SETTINGS
from tests.support.suite_run import FEATURES, run_command, suite_command

SELECTION = "@A1 or @D1 or @D4"


def prod_scenarios_in_the_feature_files() -> int:
    """Counted from the text: a tag line holding @prod, or a feature tagged @prod as a whole."""
    count = 0
    for path in FEATURES.glob("*.feature"):
        tags = ""
        feature_prod = False
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line.startswith("@"):
                tags += " " + line
            elif line.startswith("Feature:"):
                feature_prod, tags = "@prod" in tags.split(), ""
            elif re.match(r"Scenario( Outline)?:", line):
                count += feature_prod or "@prod" in tags.split()
                tags = ""
    return count


@pytest.mark.parametrize("runner", ["behave", "parallel"])
def test_each_selected_scenario_has_an_outcome_with_the_kind_its_failure_carries(tmp_path, runner):
    # No second formatter: the main command then runs the scenarios in its worker processes.
    command = suite_command(str(FEATURES), f"--tags={SELECTION}", "-f", "null", reports=tmp_path, runner=runner)
    run = run_command(command, tmp_path, {**DRILL_SETTINGS, "SMOKE_WARMUP": "0", "SMOKE_GATE": "strict",
                                          "SMOKE_STACK_FAULTS": "retail-db-down,web-down"})
    assert runner == "behave" or "parallel worker" in run.console, run.console[-2000:]
    record, outcomes = read_outcomes(tmp_path)
    by_case = {outcome.case: outcome for outcome in outcomes}
    assert sorted(by_case) == ["A1", "D1", "D4"], run.describe()
    assert record.selection == SELECTION and record.selected == 3 and record.gate == "strict"
    assert record.release_set == prod_scenarios_in_the_feature_files()
    assert record.target == {} and record.run_id and record.started_at <= record.finished_at
    assert by_case["D1"].status == "passed" and by_case["D1"].kind is None
    defect = by_case["D4"]
    assert (defect.status, defect.kind, defect.severity) == ("failed", "production-defect", "blocker")
    assert defect.message.startswith("Retail API GET ") and "\n" not in defect.message
    assert defect.category == "D API health" and defect.services == ("Retail API",) and defect.protects
    assert (by_case["A1"].status, by_case["A1"].kind) == ("failed", "unreachable")


@pytest.mark.parametrize("runner", ["behave", "parallel"])
def test_a_run_that_cannot_write_its_outcomes_fails_naming_the_path_and_still_cleans_up(tmp_path, runner):
    (tmp_path / OUTCOMES_FILE).mkdir()  # stands in for a full disk: the write is refused
    command = suite_command(str(FEATURES), "--tags=@I1", "-f", "null", reports=tmp_path, runner=runner)
    run = run_command(command, tmp_path, {**DRILL_SETTINGS, "SMOKE_WARMUP": "0"})
    assert run.exit_code == 1, run.describe()
    assert f"suite error: could not write {tmp_path / OUTCOMES_FILE}: Is a directory" in run.console, run.describe()
    assert "Sweep of smoke-" in run.console, run.describe()  # the run's cleanups ran all the same
