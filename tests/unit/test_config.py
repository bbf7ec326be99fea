"""Configuration: the declarations, layering, validation, and the variable named in every error."""
import shutil
from pathlib import Path

import pytest

from astronote_smoke.config import (EXECUTABLE, FILE, SECRET_VARIABLES, TARGET_VARIABLES, VARIABLES, YES_NO, ConfigError,
                                    default_text, env_example, read_environment, setting, settings_from, targets_configured)

PROJECT_ROOT = Path(__file__).resolve().parents[2]

URLS = {"WEB_URL": "https://web.example", "SHOPIFY_API_URL": "https://shop.example",
        "RETAIL_API_URL": "https://retail.example"}


def test_defaults_follow_the_contract():
    settings = settings_from(URLS)
    assert (settings.timeout, settings.warmup, settings.latency_budget_ms, settings.queue_depth_max) == (10, 90, 1000, 1000)
    assert settings.shopify_frontend_url == "https://web.example"
    assert settings.allow_writes is True


def test_no_urls_means_the_reference_stack_and_is_not_an_error():
    assert settings_from({}).web_url is None


@pytest.mark.parametrize("missing", sorted(URLS))
def test_some_but_not_all_urls_names_the_missing_one(missing):
    given = {k: v for k, v in URLS.items() if k != missing}
    with pytest.raises(ConfigError) as error:
        settings_from(given)
    assert error.value.variable == missing
    assert missing in str(error.value)


@pytest.mark.parametrize("value", ["astronote.onrender.com", "ftp://x.example", "https://", "http://host:port",
                                   "https://x.example/?a=1"])
def test_malformed_urls_are_refused(value):
    with pytest.raises(ConfigError) as error:
        settings_from({**URLS, "RETAIL_API_URL": value})
    assert "RETAIL_API_URL" in str(error.value)


@pytest.mark.parametrize("name,value", [("SMOKE_TIMEOUT", "ten"), ("SMOKE_TIMEOUT", "0"), ("SMOKE_WARMUP", "-1"),
                                        ("SMOKE_LATENCY_BUDGET_MS", "fast"), ("SMOKE_QUEUE_DEPTH_MAX", "1.5"),
                                        ("SMOKE_ALLOW_WRITES", "maybe"), ("SMOKE_TIMEOUT", "nan")])
def test_malformed_numbers_name_their_variable(name, value):
    with pytest.raises(ConfigError) as error:
        settings_from({**URLS, name: value})
    assert str(error.value).startswith(f"configuration error: {name} ")


def test_trailing_slash_is_dropped_and_frontend_url_overrides_web():
    settings = settings_from({**URLS, "WEB_URL": "https://web.example/", "SHOPIFY_FRONTEND_URL": "https://app.example"})
    assert settings.web_url == "https://web.example"
    assert settings.shopify_frontend_url == "https://app.example"


def test_environment_wins_over_env_file(tmp_path):
    env_file = tmp_path / "smoke.env"
    env_file.write_text("SMOKE_TIMEOUT=3\nSMOKE_WARMUP=5\n")
    merged = read_environment({"SMOKE_ENV_FILE": str(env_file), "SMOKE_TIMEOUT": "7"})
    assert merged["SMOKE_TIMEOUT"] == "7"
    assert merged["SMOKE_WARMUP"] == "5"


def test_a_named_env_file_that_is_missing_or_unreadable_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="SMOKE_ENV_FILE"):
        read_environment({"SMOKE_ENV_FILE": str(tmp_path / "absent.env")})
    binary = tmp_path / "binary.env"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(ConfigError, match="SMOKE_ENV_FILE"):
        read_environment({"SMOKE_ENV_FILE": str(binary)})


def test_described_settings_leave_secrets_out():
    settings = settings_from({**URLS, "SHOPIFY_SESSION_TOKEN": "tok-secret-1", "RETAIL_PASSWORD": "pw-secret-2"})
    text = repr(settings.described())
    assert "tok-secret-1" not in text and "pw-secret-2" not in text
    assert sorted(settings.secrets) == ["pw-secret-2", "tok-secret-1"]


@pytest.mark.parametrize("name", TARGET_VARIABLES)
@pytest.mark.parametrize("blank", ["", "   "])
def test_a_target_url_set_but_empty_is_an_error_naming_it(name, blank):
    # CI expands a repository variable that does not exist to "": that must not mean the local stand-in.
    with pytest.raises(ConfigError) as error:
        settings_from({**URLS, name: blank})
    assert error.value.variable == name
    assert str(error.value).startswith(f"configuration error: {name} is set but empty: ")
    with pytest.raises(ConfigError, match=f"^configuration error: {name} is set but empty"):
        targets_configured({name: blank})


def test_only_all_three_targets_absent_means_the_reference_stack():
    assert targets_configured({}) is False
    assert targets_configured(URLS) is True


def test_an_empty_target_in_the_env_file_is_an_error_too(tmp_path):
    env_file = tmp_path / "ci.env"
    env_file.write_text("WEB_URL=\nSHOPIFY_API_URL=https://shop.example\nRETAIL_API_URL=https://retail.example\n")
    with pytest.raises(ConfigError, match="WEB_URL is set but empty"):
        settings_from(read_environment({"SMOKE_ENV_FILE": str(env_file)}))


@pytest.mark.parametrize("name,value", [("SMOKE_WORKERS", "0"), ("SMOKE_WORKERS", "four"), ("SMOKE_GATE", "lenient"),
                                        ("SMOKE_BROWSER", "/nonexistent/chromium"), ("SMOKE_MATRIX_URL", "matrix.md"),
                                        ("SMOKE_KEEP_RESULTS", "maybe"), ("SMOKE_KNOWN_ISSUES_STRICT", "perhaps"),
                                        ("SMOKE_STACK_LATENCY_MS", "-5"), ("SHOPIFY_FRONTEND_URL", "app.example")])
def test_every_declared_variable_is_validated_with_the_run_settings(name, value):
    # The run reads these in other places and later; a malformed one must stop it before the first request.
    with pytest.raises(ConfigError) as error:
        settings_from({**URLS, name: value})
    assert error.value.variable == name
    assert str(error.value).startswith(f"configuration error: {name} ")


@pytest.mark.parametrize("variable", VARIABLES, ids=lambda variable: variable.name)
def test_each_default_reads_back_as_itself_through_its_own_parser(variable):
    # .env.example shows the defaults as text: setting that text must change nothing.
    if variable.default is None or variable.type in (FILE, EXECUTABLE):
        assert variable.default is None
        return
    assert setting(variable.name, {variable.name: default_text(variable.default)}) == variable.default
    assert setting(variable.name, {}) == variable.default
    assert variable.meaning.strip() and variable.group.strip()


def test_one_yes_no_parser_serves_every_switch():
    switches = [variable.name for variable in VARIABLES if variable.type is YES_NO]
    assert {"SMOKE_ALLOW_WRITES", "SMOKE_KNOWN_ISSUES_STRICT", "SMOKE_KEEP_RESULTS"} <= set(switches)
    for name in switches:
        assert [setting(name, {name: word}) for word in ("yes", "On", "1", "no", "OFF", "0")] == [True] * 3 + [False] * 3


def test_the_gate_is_standard_unless_strict_is_asked_for():
    assert setting("SMOKE_GATE", {}) == "standard"
    assert setting("SMOKE_GATE", {"SMOKE_GATE": " Strict "}) == "strict"


def test_secrets_are_the_declared_ones():
    assert set(SECRET_VARIABLES) == {"SHOPIFY_SESSION_TOKEN", "RETAIL_ACCESS_TOKEN", "RETAIL_PASSWORD",
                                     "SMOKE_NOTIFY_WEBHOOK"}


def test_an_undeclared_variable_cannot_be_read():
    with pytest.raises(KeyError):
        setting("SMOKE_NOT_DECLARED", {"SMOKE_NOT_DECLARED": "1"})


def test_the_committed_env_example_lists_every_declaration():
    committed = (PROJECT_ROOT / ".env.example").read_text(encoding="utf-8")
    assert committed == env_example(), "run: python -m astronote_smoke config"
    for variable in VARIABLES:
        line = f"# {variable.name}={default_text(variable.default)}"
        assert committed.splitlines().count(line) == 1, line


@pytest.fixture
def env_file_here(tmp_path, monkeypatch):
    """A `.env` in the working folder, and none of its variables in the real environment."""
    monkeypatch.chdir(tmp_path)
    for name in ("SMOKE_MATRIX_URL", "SMOKE_KEEP_RESULTS", "SMOKE_ENV_FILE"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / ".env"


def test_the_env_file_sets_the_published_matrix_link(env_file_here):
    env_file_here.write_text("SMOKE_MATRIX_URL=https://docs.example/smoke-matrix.html\n")
    assert settings_from(read_environment()).matrix_url == "https://docs.example/smoke-matrix.html"


def test_the_env_file_keeps_earlier_results(env_file_here):
    assert settings_from(read_environment()).keep_results is False
    env_file_here.write_text("SMOKE_KEEP_RESULTS=yes\n")
    assert settings_from(read_environment()).keep_results is True


def test_the_run_settings_hold_every_variable_the_run_reads():
    settings = settings_from({"SMOKE_KNOWN_ISSUES": "k.toml", "SMOKE_PROFILE": "drill", "SMOKE_KNOWN_ISSUES_STRICT": "yes",
                              "GITHUB_RUN_ID": "41", "USER": "dev", "SMOKE_TIMEOUT": "3"})
    assert (settings.known_issues, settings.known_issues_profile, settings.known_issues_strict) == ("k.toml", "drill", True)
    assert settings.ci == {"GITHUB_RUN_ID": "41", "USER": "dev"} and settings.timeout == 3.0


def test_the_browser_is_a_path_or_a_command_on_the_path(tmp_path):
    program = tmp_path / "chromium"
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    assert setting("SMOKE_BROWSER", {"SMOKE_BROWSER": str(program)}) == str(program)
    assert setting("SMOKE_BROWSER", {"SMOKE_BROWSER": "sh"}) == shutil.which("sh")
    program.chmod(0o644)
    with pytest.raises(ConfigError, match="SMOKE_BROWSER names .* which is no executable file"):
        setting("SMOKE_BROWSER", {"SMOKE_BROWSER": str(program)})


def test_a_malformed_webhook_is_refused_without_showing_it():
    webhook = "ftp://hooks.example/T0/B0/PLANTEDsecret"
    with pytest.raises(ConfigError, match="SMOKE_NOTIFY_WEBHOOK must start with http") as refused:
        setting("SMOKE_NOTIFY_WEBHOOK", {"SMOKE_NOTIFY_WEBHOOK": webhook})
    assert "PLANTED" not in str(refused.value)
