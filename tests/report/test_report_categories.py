"""Failure categories: from labels (the failure's kind, the known-issue verdict), the same rules in the summary and allurerc.mjs."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from astronote_smoke.report.build import PROJECT_ROOT
from astronote_smoke.errors import Kind
from astronote_smoke.report.categories import RULES_FILE, categorize


KIND = "failureKind"


@pytest.mark.parametrize(("status", "labels", "category"), [
    ("failed", {KIND: Kind.UNREACHABLE.label}, "Service unreachable or timed out"),
    ("broken", {KIND: Kind.UNREACHABLE.label}, "Service unreachable or timed out"),
    ("skipped", {KIND: Kind.CONFIGURATION.label}, "Suite configuration"),
    ("broken", {KIND: Kind.CONFIGURATION.label}, "Suite configuration"),
    ("failed", {KIND: Kind.PRODUCTION_DEFECT.label}, "Production defect"),
    ("failed", {KIND: Kind.PRODUCTION_DEFECT.label, "knownIssue": "known"}, "Known issue, still open"),
    ("broken", {KIND: Kind.SUITE_ERROR.label, "knownIssue": "fixed"}, "Known issue fixed: entry to remove"),
    ("broken", {KIND: Kind.SUITE_ERROR.label}, "Suite error"),
    ("failed", {}, "Suite error"),
    ("skipped", {}, None),
    ("passed", {}, None),
])
def test_first_matching_category_wins(status, labels, category):
    assert categorize(status, labels) == category


def test_every_kind_has_its_category():
    names = {rule["name"] for rule in json.loads(RULES_FILE.read_text(encoding="utf-8"))}
    assert {kind.label for kind in Kind} <= names


@pytest.mark.needs_node
def test_allure_config_uses_the_same_rules(allure_cli):
    script = ("import('./allurerc.mjs').then(({default: c}) => console.log(JSON.stringify(c.categories.map("
              "({name, matchers: m}) => ({name, statuses: m.statuses, labels: m.labels})))))")
    out = subprocess.run([shutil.which("node"), "-e", script], cwd=PROJECT_ROOT, capture_output=True, text=True,
                         check=True, timeout=60).stdout
    rules = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    configured = json.loads(out)  # JSON.stringify leaves out a rule's undefined labels
    assert [(c["name"], c["statuses"], c.get("labels")) for c in configured] == \
           [(r["name"], r["statuses"], r.get("labels")) for r in rules]
