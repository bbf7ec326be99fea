"""Allure results and run records written straight to a folder, as the run leaves them for the report build."""
from __future__ import annotations

import json
import uuid
from pathlib import Path

from astronote_smoke.errors import Kind
from astronote_smoke.outcome import Outcome, RunRecord, write_outcomes

ALLURE_STATUS = {"passed": "passed", "failed": "failed", "skipped": "skipped", "known": "failed"}


def result(outcome: Outcome, started_ms: int = 1_764_586_800_000) -> dict:
    labels = [{"name": "parentSuite", "value": outcome.category},
              {"name": "suite", "value": "Shopify API"}, {"name": "severity", "value": outcome.severity},
              {"name": "tag", "value": outcome.case}]
    if outcome.status in ("failed", "known") and outcome.kind:
        labels.append({"name": "failureKind", "value": Kind(outcome.kind).label})
    if outcome.known:
        labels.append({"name": "knownIssue", "value": outcome.known.verdict})
    return {"uuid": str(uuid.uuid4()), "historyId": outcome.case, "name": outcome.name, "fullName": outcome.name,
            "status": ALLURE_STATUS[outcome.status], "statusDetails": {"message": outcome.message},
            "labels": labels, "start": started_ms, "stop": started_ms + 1000}


def write_run(reports: Path, run: RunRecord, outcomes: list[Outcome]) -> Path:
    """reports/outcomes.json and reports/allure-results/, as a finished run leaves them."""
    results = reports / "allure-results"
    results.mkdir(parents=True, exist_ok=True)
    for number, outcome in enumerate(outcomes):  # in the order given: the order they ran
        data = result(outcome, 1_764_586_800_000 + 2000 * number)
        (results / f"{data['uuid']}-result.json").write_text(json.dumps(data), encoding="utf-8")
    write_outcomes(reports, run, outcomes)
    return results
