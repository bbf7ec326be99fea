"""docs/fault-drills.md, which QA reads, says what the drills assert: the same faults, the same
scenarios failing for each, and the same faults guarding each scenario."""
import re
from pathlib import Path

from drill_plan import BREAKS, all_cases

DOC = Path(__file__).resolve().parents[2] / "docs" / "fault-drills.md"


def table_rows():
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            yield [cell.strip() for cell in line.strip("|").split("|")]


def named_faults(cell):
    return set(re.findall(r"`([a-z0-9-]+)`", cell)) & BREAKS.keys()


def test_every_fault_drill_is_documented_with_the_scenarios_it_fails():
    documented = {row[0].strip("`"): set(re.findall(r"\b[A-L]\d\b", row[2]))
                  for row in table_rows() if row[0].strip("`") in BREAKS}
    assert documented == {fault: set(cases) for fault, cases in BREAKS.items()}


def test_every_scenario_lists_the_faults_it_guards_against():
    documented = {row[0]: named_faults(row[1]) for row in table_rows() if re.fullmatch(r"[A-L]\d", row[0])}
    expected = {case: {fault for fault, cases in BREAKS.items() if case in cases} for case in all_cases()}
    assert documented == expected
