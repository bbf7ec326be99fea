"""Lint of the feature files: stable ids, complete against the contract; id, service and severity tags
on every scenario; no URL or JSON outside the CORS feature; no undefined and no unused steps."""
from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from behave.parser import parse_file

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FEATURES = sorted((PROJECT_ROOT / "features").glob("*.feature"))
CONTRACT = PROJECT_ROOT.parent / "shared" / "contract.md"
# The suite's case ids, one a line, generated from the feature files and committed: a clean clone
# without the contract beside it still knows which cases the suite holds.
CASE_IDS_FILE = PROJECT_ROOT / "features" / "case-ids.txt"
CASE_ID = re.compile(r"^[A-Z][0-9]+$")
SERVICES = {"web", "shopify", "retail", "worker"}
SEVERITIES = {"blocker", "critical", "normal"}
FILTERS = {"prod", "writes", "browser", "watch"}
# Features about transport may speak in headers and origins; the CORS feature is that case.
TRANSPORT_FEATURES = {"e_cors.feature"}
URL = re.compile(r"[a-z][a-z0-9+.-]*://|\bwww\.|\blocalhost\b|\b\d{1,3}(?:\.\d{1,3}){3}\b|:\d{2,5}\b"
                 r"|(?<![\w.])/[A-Za-z_{:][\w{}:.-]*|\b[\w-]+\.(?:com|net|org|io|example|test)\b", re.IGNORECASE)
JSON = re.compile(r"[{}\[\]]|\"[^\"]*\"\s*:|\b(?:true|false|null)\b")


def scenarios():
    for path in FEATURES:
        feature = parse_file(str(path))
        for scenario in feature.walk_scenarios():
            yield path, feature, scenario


def tags(feature, scenario) -> list[str]:
    return [str(tag) for tag in list(feature.tags) + list(scenario.tags)]


def case_ids() -> list[str]:
    return [tag for _, feature, scenario in scenarios() for tag in tags(feature, scenario) if CASE_ID.match(tag)]


def test_there_are_feature_files():
    assert len(FEATURES) >= 12


def test_case_ids_are_unique():
    duplicates = [case for case, count in Counter(case_ids()).items() if count > 1]
    assert duplicates == []


def committed_case_ids() -> list[str]:
    return CASE_IDS_FILE.read_text(encoding="utf-8").split()


def test_the_committed_case_ids_are_the_features_own():
    generated = "\n".join(sorted(case_ids())) + "\n"
    assert CASE_IDS_FILE.read_text(encoding="utf-8") == generated, (
        f"{CASE_IDS_FILE.relative_to(PROJECT_ROOT)} is out of date; it should read:\n{generated}")


def test_the_case_ids_are_the_contracts_own():
    """Compared with ../shared/contract.md when it is beside the checkout; the committed list stands in otherwise."""
    if CONTRACT.exists():
        listed = set(re.findall(r"^\| ([A-L][0-9]) \|", CONTRACT.read_text(encoding="utf-8"), re.MULTILINE))
        assert sorted(listed) == sorted(committed_case_ids())


@pytest.mark.parametrize("path, feature, scenario", list(scenarios()),
                         ids=[scenario.name.split()[0] for _, _, scenario in scenarios()])
def test_every_scenario_has_one_id_a_service_and_one_severity(path, feature, scenario):
    present = tags(feature, scenario)
    ids = [tag for tag in present if CASE_ID.match(tag)]
    assert len(ids) == 1, f"{scenario.location}: one id tag, found {ids}"
    assert scenario.name.startswith(f"{ids[0]} "), f"{scenario.location}: the name starts with its id"
    assert ids[0][0].lower() == path.name[0], f"{scenario.location}: {ids[0]} belongs in the {ids[0][0]} feature"
    assert feature.name.startswith(f"{ids[0][0]} "), f"{path.name}: the feature's name starts with its category"
    assert SERVICES & set(present), f"{scenario.location}: a service tag ({', '.join(sorted(SERVICES))})"
    assert len(SEVERITIES & set(present)) == 1, f"{scenario.location}: one severity ({', '.join(sorted(SEVERITIES))})"
    unknown = set(present) - SERVICES - SEVERITIES - FILTERS - set(ids)
    assert not unknown, f"{scenario.location}: unknown tags {sorted(unknown)} (a typo selects nothing)"


def test_no_url_or_json_outside_the_transport_features():
    findings = []
    for path in FEATURES:
        if path.name in TRANSPORT_FEATURES:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            text = line.split("#")[0] if line.lstrip().startswith("#") else line
            for pattern, kind in ((URL, "URL or path"), (JSON, "JSON")):
                found = pattern.search(text)
                if found:
                    findings.append(f"{path.name}:{number}: {kind} {found.group(0)!r} in {line.strip()!r}")
    assert findings == []


@pytest.mark.parametrize("line", [
    "When a visitor opens https://astronote.onrender.com/",
    "When a visitor opens /auth/retail/login",
    "Then the answer is 127.0.0.1:8080",
    "Then the host is astronote.onrender.com",
    "Then the body holds {\"ok\": true}",
    "Then it says \"status\": \"ok\"",
    "Then ok is true",
])
def test_the_url_and_json_patterns_catch_what_a_business_feature_must_not_say(line):
    assert URL.search(line) or JSON.search(line)


@pytest.mark.parametrize("line", [
    'And it is not the "page not found" page',
    "Then the system segments for men, women and ages 18 to 24 are among them",
    "When the web app's origin sends a preflight for an authenticated POST to the Shopify API",
])
def test_the_url_and_json_patterns_let_plain_language_through(line):
    assert not URL.search(line) and not JSON.search(line)


def test_no_step_is_undefined_or_unused(tmp_path):
    """behave's own steps usage report, in a dry run that starts nothing and writes nothing here."""
    usage = tmp_path / "usage.txt"
    done = subprocess.run(
        [sys.executable, "-m", "behave", str(PROJECT_ROOT / "features"), "--dry-run", "--no-junit", "--no-summary",
         "-f", "steps.usage", "-o", str(usage)],
        cwd=tmp_path, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True, text=True, timeout=120)
    report = usage.read_text(encoding="utf-8") if usage.exists() else ""
    assert "@given(" in report or "@when(" in report, f"no usage report:\n{done.stdout}{done.stderr}"
    assert "UNDEFINED STEPS" not in report, report[report.find("UNDEFINED STEPS"):]
    assert "UNUSED STEP DEFINITIONS" not in report, report[report.find("UNUSED STEP DEFINITIONS"):]
    assert done.returncode == 0, done.stdout + done.stderr
