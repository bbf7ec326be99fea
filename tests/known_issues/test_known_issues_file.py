"""The known-issues file: the committed one is valid, which environment a run tests, and every
mistake in a file is a configuration error naming the file and the line."""
from __future__ import annotations

import textwrap
from datetime import date

import pytest

from astronote_smoke.config import ConfigError
from astronote_smoke.config import settings_from
from astronote_smoke.errors import KnownIssuesError
from astronote_smoke.known_issues.file import load_known_issues
from astronote_smoke.behave_adapter.features import suite_case_ids
from known_issues_run import PROJECT_ROOT

PRODUCTION_HOSTS = ("astronote.onrender.com", "astronote-shopify.onrender.com", "astronote-retail.onrender.com")
STACK_HOSTS = ("127.0.0.1",) * 3
CASE_IDS = {"A1", "D5", "E4", "F4"}

VALID = """\
    [environments]
    production = ["astronote.onrender.com", "astronote-shopify.onrender.com", "astronote-retail.onrender.com"]
    drill = []

    [[issue]]
    id = "D5"
    environments = ["production", "drill"]
    reason = "no /health/db"
    ticket = "https://tracker.example/d5"
    expires = 2027-02-28
    """


def load(tmp_path, text, environ=None, hosts=PRODUCTION_HOSTS):
    path = tmp_path / "known-issues.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_known_issues(settings_from({"SMOKE_KNOWN_ISSUES": str(path), **(environ or {})}), hosts, CASE_IDS)


def problem(tmp_path, text, **options) -> str:
    with pytest.raises(ConfigError) as raised:
        load(tmp_path, text, **options)
    return str(raised.value).replace(str(tmp_path / "known-issues.toml"), "FILE")


def test_the_committed_file_excuses_the_production_defects_in_production_only():
    environ = {"SMOKE_KNOWN_ISSUES": str(PROJECT_ROOT / "known-issues.toml")}
    production = load_known_issues(settings_from(environ), PRODUCTION_HOSTS, suite_case_ids())
    assert production.environment == "production"
    assert [issue.id for issue in production.applicable] == ["D5", "E4", "F4", "D2", "K2", "I3", "J2"]
    assert all(not issue.expired(date.today()) for issue in production.applicable)
    stack = load_known_issues(settings_from(environ), STACK_HOSTS, suite_case_ids())
    assert stack.environment is None and stack.issue_for("D5") is None


def test_the_suite_ids_are_the_contracts_41():
    ids = suite_case_ids()
    assert len(ids) == 41 and {"A1", "D5", "E4", "F4", "I3", "L1"} <= ids


def test_the_environment_comes_from_the_target_hosts_or_from_smoke_profile(tmp_path):
    assert load(tmp_path, VALID).environment == "production"
    assert load(tmp_path, VALID, hosts=STACK_HOSTS).environment is None
    assert load(tmp_path, VALID, hosts=PRODUCTION_HOSTS[:2] + ("staging.example",)).environment is None
    drill = load(tmp_path, VALID, environ={"SMOKE_PROFILE": "drill"}, hosts=STACK_HOSTS)
    assert drill.environment == "drill" and drill.issue_for("D5").reason == "no /health/db"
    assert drill.issue_for("E4") is None


def test_no_file_means_no_known_issues(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    known = load_known_issues(settings_from({}), PRODUCTION_HOSTS, CASE_IDS)
    assert known.issues == () and known.environment is None


@pytest.mark.parametrize(("environ", "hosts", "expected"), [
    ({"SMOKE_PROFILE": "staging"}, PRODUCTION_HOSTS,
     "configuration error: SMOKE_PROFILE names 'staging', which FILE does not declare (declared: production, drill)"),
    ({"SMOKE_PROFILE": "production"}, STACK_HOSTS,
     "configuration error: SMOKE_PROFILE is 'production', but the target host 127.0.0.1 is not one of its hosts in FILE"),
    ({"SMOKE_KNOWN_ISSUES_STRICT": "maybe"}, PRODUCTION_HOSTS,
     "configuration error: SMOKE_KNOWN_ISSUES_STRICT must be yes or no, got 'maybe'"),
])
def test_a_wrong_variable_is_named(tmp_path, environ, hosts, expected):
    assert problem(tmp_path, VALID, environ=environ, hosts=hosts) == expected


def test_a_file_that_is_not_there_is_named(tmp_path):
    with pytest.raises(ConfigError, match="SMOKE_KNOWN_ISSUES names '.*missing.toml', which is not a file"):
        load_known_issues(settings_from({"SMOKE_KNOWN_ISSUES": str(tmp_path / "missing.toml")}), PRODUCTION_HOSTS, CASE_IDS)


@pytest.mark.parametrize(("change", "expected"), [
    (("2027-02-28\n", "2027-02-28\nexpires = 2027-03-01\n"), "FILE line 11: is not valid TOML"),
    (('id = "D5"', 'id = "D9"'), "FILE line 6: id 'D9' is not a scenario of this suite (ids: A1 to F4)"),
    (('["production", "drill"]', '["prod"]'),
     "FILE line 7: environment 'prod' is not declared under [environments] (declared: production, drill)"),
    (('["production", "drill"]', "[]"), "FILE line 7: environments must be a non-empty list of names"),
    (('reason = "no /health/db"\n', ""), "FILE line 5: the entry has no reason"),
    (('reason = "no /health/db"', 'reason = """two\nlines"""'), "FILE line 8: reason must be one line"),
    (("2027-02-28\n", '2027-02-28\nowner = "qa"\n'), "FILE line 11: unknown field 'owner'"),
    (('"https://tracker.example/d5"', '"ASTRO-12"'), "FILE line 9: ticket must be a link"),
    (("2027-02-28", '"2027-02-28"'), "FILE line 10: expires must be a date like 2026-12-31 (no quotes)"),
    (("2027-02-28", "2027-02-28T10:00:00"), "FILE line 10: expires must be a date"),
    (("2027-02-28", "2027-02-28\nfailure = '(unclosed'"), "FILE line 11: failure is not a valid regular expression"),
    (('drill = []', 'drill = ["https://127.0.0.1:8080"]'), "FILE line 3: environment 'drill' must list host names"),
    (("[[issue]]", "[[issues]]"), "FILE line 5: unknown section 'issues'"),
])
def test_every_mistake_names_the_file_and_line(tmp_path, change, expected):
    text = textwrap.dedent(VALID).replace(*change)
    message = problem(tmp_path, text)
    assert message.startswith("configuration error: " + expected), message


def test_the_same_scenario_twice_in_one_environment_is_a_mistake(tmp_path):
    entry = VALID[VALID.index("    [[issue]]"):]
    message = problem(tmp_path, VALID + "\n" + entry.replace('["production", "drill"]', '["drill"]'))
    assert message == ("configuration error: FILE line 12: D5 in drill is already listed at line 5: "
                       "one entry per scenario and environment")


def test_the_load_error_is_a_config_error_so_the_run_exits_with_2(tmp_path):
    with pytest.raises(KnownIssuesError) as raised:
        load(tmp_path, "[[issue]]\nid = \n")
    assert isinstance(raised.value, ConfigError)
    assert raised.value.variable == "SMOKE_KNOWN_ISSUES"
