"""Plain run records for the report tests: a release run and the outcomes of its checks."""
from __future__ import annotations

from astronote_smoke.outcome import FAILED, KNOWN, PASSED, SKIPPED, KnownRecord, Outcome, RunRecord

# The matrix categories the records use, named as their feature files name them.
GROUPS = {"A": "A Web landing page", "D": "D API health", "F": "F Authentication", "G": "G Dashboard contract",
          "I": "I Campaign create and enqueue", "K": "K Worker queue processing", "L": "L Response time"}
TARGET = {"WEB_URL": "https://astronote.example", "SHOPIFY_API_URL": "https://shopify-api.astronote.example",
          "RETAIL_API_URL": "https://retail-api.astronote.example"}


def run(selected: int = 4, release_set: int = 4, target: dict | None = None, **facts) -> RunRecord:
    return RunRecord(**{"run_id": "r20261201-1", "target": TARGET if target is None else target,
                        "selection": "@prod", "selected": selected, "release_set": release_set,
                        "release": {"Shopify API": "2026.11.3", "Retail API": "2026.11.1"},
                        "started_at": "2026-12-01T11:00:00+00:00", "finished_at": "2026-12-01T11:02:05+00:00",
                        "started_by": "GitHub Actions #41", **facts})


def passed(case: str, severity: str = "blocker", **fields) -> Outcome:
    return Outcome(**{"case": case, "name": f"{case} {case} promise holds", "category": GROUPS[case[0]],
                      "services": ("shopify",), "severity": severity,
                      "protects": f"what {case} protects", "status": PASSED, **fields})


def failed(case: str, severity: str = "blocker", kind: str = "production-defect",
           message: str = "Shopify API GET https://shopify-api.astronote.example/health: expected 200, got 503",
           **fields) -> Outcome:
    return passed(case, severity, status=FAILED, kind=kind, message=message, **fields)


def skipped(case: str, severity: str = "blocker", *missing: str) -> Outcome:
    return passed(case, severity, status=SKIPPED, message=f"not configured: set {' or '.join(missing)}",
                  missing=missing)


def known(case: str, severity: str = "blocker", ticket: str = "AST-123") -> Outcome:
    return passed(case, severity, status=KNOWN, kind="production-defect", message="expected 200, got 500",
                  known=KnownRecord("known", "known-issues.toml:4", ticket, "retail queue stalls under load"))
