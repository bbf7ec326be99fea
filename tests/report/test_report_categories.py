"""Failure categories: priority order, and the same rules in the summary and in allurerc.mjs."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from astronote_smoke.report.build import PROJECT_ROOT
from astronote_smoke.report.categories import RULES_FILE, categorize


@pytest.mark.parametrize(("status", "message", "category"), [
    ("failed", "Shopify API GET http://h/health: unreachable (connection refused)", "Service unreachable or timed out"),
    ("failed", "Retail API GET http://h/healthz: Timed out after 10 s", "Service unreachable or timed out"),
    ("broken", "HOOK-ERROR in before_all: web did not wake within 90 s", "Service unreachable or timed out"),
    ("skipped", "not configured: set SHOPIFY_SESSION_TOKEN", "Suite configuration"),
    ("broken", "ConfigurationError: SMOKE_TIMEOUT is not a number", "Suite configuration"),
    ("failed", "Shopify API GET http://h/health/full: expected ok to be true, got false", "Production defect"),
    ("broken", "KeyError: 'data'", "Suite error"),
    ("skipped", "", None),
    ("passed", "", None),
])
def test_first_matching_category_wins(status, message, category):
    assert categorize(status, message) == category


@pytest.mark.needs_node
def test_allure_config_uses_the_same_rules(allure_cli):
    script = ("import('./allurerc.mjs').then(({default: c}) => console.log(JSON.stringify(c.categories.map("
              "({name, matchers: m}) => ({name, statuses: m.statuses, message: m.message && m.message.source,"
              " flags: m.message && m.message.flags})))))")
    out = subprocess.run([shutil.which("node"), "-e", script], cwd=PROJECT_ROOT, capture_output=True, text=True,
                         check=True, timeout=60).stdout
    rules = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    configured = json.loads(out)  # JSON.stringify leaves out a rule's undefined message and flags
    assert [(c["name"], c["statuses"], c.get("message")) for c in configured] == \
           [(r["name"], r["statuses"], r.get("message")) for r in rules]
    assert {c["flags"] for c in configured if "flags" in c} == {"i"}
