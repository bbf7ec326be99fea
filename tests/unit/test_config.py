"""Configuration: layering, validation, and the variable named in every error."""
import pytest

from astronote_smoke.config import ConfigError, read_environment, settings_from

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
