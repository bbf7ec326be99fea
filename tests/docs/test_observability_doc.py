"""docs/deploy/smoke/observability.md says which scenario enforces which alert threshold and which
variable tunes it: the scenarios exist, the defaults are the suite's, and the variables do tune them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from astronote_smoke.config import settings_from
from astronote_smoke.matrix import read_cases
from suite_runs import run_suite

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOC = PROJECT_ROOT / "docs" / "deploy" / "smoke" / "observability.md"
CASE_IDS = {case.id for case in read_cases()}
TUNING = re.compile(r"`(SMOKE_[A-Z_]+)` \((\d+)")
RANGE = re.compile(r"\b([A-L])(\d)(?:–\1?(\d))?\b")


def threshold_rows() -> dict[str, list[str]]:
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("## Thresholds"):text.index("## Where to look")]
    rows = [line.strip("|").split(" | ") for line in table.splitlines() if line.startswith("| ")][1:]
    return {row[0].strip(): [cell.strip() for cell in row[1:]] for row in rows}


def scenario_ids(cell: str) -> set[str]:
    ids = set()
    for letter, first, last in RANGE.findall(cell):
        ids |= {f"{letter}{number}" for number in range(int(first), int(last or first) + 1)}
    return ids


def test_the_thresholds_the_alerts_use_are_all_there():
    rows = threshold_rows()
    assert {"5xx rate", "p95 latency", "queue depth", "failed jobs"} <= set(rows)
    assert "1000 ms" in rows["p95 latency"][0]
    assert "1000 waiting jobs" in rows["queue depth"][0]


def test_every_scenario_the_doc_names_exists():
    for alert, (_, _, scenarios, _) in threshold_rows().items():
        named = scenario_ids(scenarios)
        assert named <= CASE_IDS, f"{alert}: {sorted(named - CASE_IDS)} are not scenarios"
        assert named or scenarios == "every scenario", alert


def test_the_defaults_the_doc_gives_are_the_suites_and_each_variable_is_in_env_example():
    settings = settings_from({})
    example = (PROJECT_ROOT / ".env.example").read_text(encoding="utf-8")
    tuned = {}
    for _, (_, _, _, variable) in threshold_rows().items():
        tuned.update(TUNING.findall(variable))
    assert {"SMOKE_LATENCY_BUDGET_MS", "SMOKE_QUEUE_DEPTH_MAX", "SMOKE_TIMEOUT"} <= set(tuned)
    for name, default in tuned.items():
        assert getattr(settings, name.removeprefix("SMOKE_").lower()) == int(default), name
        assert f"# {name}=" in example, f"{name} is not in .env.example"


@pytest.fixture(scope="module")
def slow_and_backed_up(tmp_path_factory):
    """L1 and K1 against a stack that answers in 50 ms and has 5000 SMS jobs waiting."""
    def run(**variables):
        return run_suite(tmp_path_factory.mktemp("thresholds"), "--tags=@L1 or @K1", SMOKE_STACK_LATENCY_MS="50",
                         SMOKE_STACK_FAULTS="queue-backlog", **variables)
    return run


def test_the_variables_tune_the_scenarios_the_doc_names(slow_and_backed_up):
    strict = slow_and_backed_up(SMOKE_LATENCY_BUDGET_MS="10")
    assert strict.ids("failed") == {"L1", "K1"}, strict.output
    assert "within 10 ms" in strict.outcomes["L1"].message
    assert "at most 1000 waiting" in strict.outcomes["K1"].message
    tuned = slow_and_backed_up(SMOKE_LATENCY_BUDGET_MS="5000", SMOKE_QUEUE_DEPTH_MAX="5000")
    assert tuned.ids("passed") == {"L1", "K1"}, tuned.output
