"""A secret that cannot be sent as it is (an invisible character, a line break, a space at an end, non-ASCII
in a header) is a configuration error naming the variable, the kind of character and where, never the value."""
import pytest

from astronote_smoke.config import ConfigError, settings_from

URLS = {"WEB_URL": "https://web.example", "SHOPIFY_API_URL": "https://shop.example",
        "RETAIL_API_URL": "https://retail.example"}
TOKEN = "shpss_9f3a61c2e07b4d58a1"

CASES = {
    "zero-width space pasted from a chat": ("SHOPIFY_SESSION_TOKEN", TOKEN[:6] + "\u200b" + TOKEN[6:],
                                            "holds an invisible character (U+200B, zero width space) at position 7"),
    "byte order mark in front": ("RETAIL_ACCESS_TOKEN", "\ufeff" + TOKEN,
                                 "holds an invisible character (U+FEFF, zero width no-break space) at position 1"),
    "bidi override": ("RETAIL_PASSWORD", "pass\u202eword-1", "holds an invisible character (U+202E, "
                                                             "right-to-left override) at position 5"),
    "CR LF at the end": ("RETAIL_ACCESS_TOKEN", TOKEN + "\r\n", f"holds a line break (CR, U+000D) at position {len(TOKEN) + 1}"),
    "line feed inside": ("SHOPIFY_SESSION_TOKEN", TOKEN[:10] + "\n" + TOKEN[10:], "holds a line break (LF, U+000A) at position 11"),
    "line separator": ("RETAIL_PASSWORD", "pass\u2028word", "holds a line break (LINE SEPARATOR, U+2028) at position 5"),
    "escape character": ("SHOPIFY_SESSION_TOKEN", TOKEN + "\x1b", "holds a control character (U+001B)"),
    "tab inside": ("RETAIL_PASSWORD", "pass\tword", "holds a control character (U+0009) at position 5"),
    "space at the end": ("SHOPIFY_SESSION_TOKEN", TOKEN + " ", f"has whitespace at its end (position {len(TOKEN) + 1}"),
    "no-break space at the start": ("RETAIL_PASSWORD", "\u00a0hunter22", "has whitespace at its start (position 1"),
    "non-ASCII in a header": ("SHOPIFY_SESSION_TOKEN", "shpss_tökén-value", "holds a non-ASCII character at position 8"),
    "non-ASCII access token": ("RETAIL_ACCESS_TOKEN", "ab\u0441d-token-value", "holds a non-ASCII character at position 3"),
}


@pytest.mark.parametrize("case", CASES)
def test_a_flawed_secret_is_a_configuration_error_that_never_quotes_it(case):
    variable, value, says = CASES[case]
    with pytest.raises(ConfigError) as raised:
        settings_from({**URLS, variable: value})
    message = str(raised.value)
    assert raised.value.variable == variable
    assert message.startswith(f"configuration error: {variable} {says}"), message
    visible = value.strip("\u200b\ufeff\u202e\r\n\x1b\t\u2028\u00a0 ")
    for piece in (value, visible, visible[:6], visible[-6:]):
        assert piece not in message, message
    assert "\n" not in message and "\r" not in message


@pytest.mark.parametrize("variable, value", [("RETAIL_PASSWORD", "pässwörd-ünïcode"), ("RETAIL_PASSWORD", "q7!"),
                                             ("SHOPIFY_SESSION_TOKEN", TOKEN), ("RETAIL_ACCESS_TOKEN", "a b-inner-space")])
def test_a_sendable_secret_is_kept_exactly_as_given(variable, value):
    # A password travels in a JSON body, which carries any text; a space inside a value is part of it.
    settings = settings_from({**URLS, variable: value})
    assert getattr(settings, variable.lower()) == value


@pytest.mark.parametrize("variable", ["SHOPIFY_SESSION_TOKEN", "RETAIL_PASSWORD"])
def test_a_secret_set_but_empty_is_unset_as_before(variable):
    assert getattr(settings_from({**URLS, variable: ""}), variable.lower()) is None
