"""Failure categories come from the kind the suite labels a result with, never from its message."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from astronote_smoke.errors import Kind
from astronote_smoke.report.build import PROJECT_ROOT, generate_html
from astronote_smoke.report.categories import RULES_FILE, categorize

from allure_results import write_run
from run_records import failed, passed, run
from test_report_build import report_data

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


def test_every_kind_has_its_category_after_the_known_issue_ones():
    names = [rule["name"] for rule in json.loads(RULES_FILE.read_text(encoding="utf-8"))]
    assert names[:2] == ["Known issue, still open", "Known issue fixed: entry to remove"]
    assert sorted(names[2:]) == sorted(kind.label for kind in Kind)


@pytest.mark.needs_node
def test_allure_config_uses_the_same_rules_matching_labels_exactly(allure_cli):
    script = ("import('./allurerc.mjs').then(({default: c}) => console.log(JSON.stringify(c.categories.map("
              "({name, matchers: m}) => ({name, statuses: m.statuses, message: m.message, labels: m.labels && "
              "Object.fromEntries(Object.entries(m.labels).map(([k, v]) => [k, v.source]))})))))")
    configured = json.loads(subprocess.run([shutil.which("node"), "-e", script], cwd=PROJECT_ROOT, capture_output=True,
                                           text=True, check=True, timeout=60).stdout)
    rules = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    assert all("message" not in rule for rule in configured)
    assert [(c["name"], c["statuses"], c.get("labels")) for c in configured] == [
        (r["name"], r["statuses"], {k: f"^{v}$" for k, v in r["labels"].items()} if "labels" in r else None)
        for r in rules]


@pytest.mark.needs_node
def test_a_defect_whose_body_says_unreachable_stays_a_production_defect(allure_cli, tmp_path):
    message = "Shopify API GET https://x/health/full: expected 200, got 500: database unreachable, configuration error"
    results = write_run(tmp_path, run(selected=2, release_set=2),
                        [failed("D2", message=message), failed("D3", kind="unreachable", message="D3 timed out")])
    data = report_data(generate_html(results, tmp_path / "smoke-report.html", workdir=tmp_path).read_text("utf-8"))
    assert categories_of(json.loads(data["widgets/categories.json"])) == {
        "D2 D2 promise holds": "Production defect", "D3 D3 promise holds": "Service unreachable or timed out"}


def categories_of(widget: dict) -> dict[str, str]:
    """Each result's name and the category Allure filed it under."""
    nodes, found = widget["nodes"], {}

    def walk(node_id: str, category: str) -> None:
        node = nodes[node_id]
        if node["type"] == "tr":
            found[node["name"]] = category
        for child in node.get("childrenIds", []):
            walk(child, category)
    for root in widget["roots"]:
        walk(root, nodes[root]["name"])
    return found
