"""Secrets are masked in every form the suite could write them."""
import base64
from html import escape

import pytest
from urllib.parse import quote

from astronote_smoke.masking import MASK, Masker

SECRET = "canary+Secret/Value=42"


def test_raw_url_encoded_and_base64_forms_are_masked():
    masker = Masker([SECRET])
    for form in (SECRET, quote(SECRET, safe=""), base64.b64encode(SECRET.encode()).decode()):
        masked = masker.mask(f"before {form} after")
        assert form not in masked
        assert masked == f"before {MASK} after"


def test_a_secret_cut_off_at_the_end_of_an_excerpt_is_masked():
    assert Masker([SECRET]).mask("body ends with canary+Secr") == f"body ends with {MASK}"


def test_base64_inside_a_longer_value_does_not_leak_the_secret():
    encoded = base64.b64encode(f"user:{SECRET}".encode()).decode()
    masked = Masker([SECRET]).mask(encoded)
    assert MASK in masked
    for form in (SECRET, base64.b64encode(SECRET.encode()).decode()):
        assert form not in masked


def test_sensitive_headers_are_masked_whole():
    headers = Masker().mask_headers({"Authorization": "Bearer abc", "Set-Cookie": "rt=xyz", "Accept": "x"})
    assert headers == {"Authorization": MASK, "Set-Cookie": MASK, "Accept": "x"}


def test_secrets_added_later_are_masked_too():
    masker = Masker()
    assert masker.mask("token-obtained-at-sign-in") == "token-obtained-at-sign-in"
    masker.add("token-obtained-at-sign-in")
    assert masker.mask("x token-obtained-at-sign-in") == f"x {MASK}"


def test_every_escaping_and_letter_case_of_a_secret_is_masked():
    masker = Masker([SECRET])
    lower_hex = quote(SECRET, safe="").replace("%2B", "%2b").replace("%2F", "%2f").replace("%3D", "%3d")
    forms = [SECRET.upper(), SECRET.lower(), lower_hex, escape(SECRET), SECRET.replace("/", "\\/"),
             "".join(f"\\u{ord(char):04x}" for char in SECRET), "".join(f"&#{ord(char)};" for char in SECRET),
             "".join(f"&#x{ord(char):X};" for char in SECRET), SECRET.replace("+", "%2B")]
    for form in forms:
        assert masker.mask(f"<{form}>") == f"<{MASK}>", form


@pytest.mark.parametrize("cut", ["...", "…", "… (cut at 30 of 900 characters)"])
def test_a_secret_cut_short_before_a_cut_mark_is_masked(cut):
    assert Masker([SECRET]).mask(f"token canary+Secret/V{cut}") == f"token {MASK}{cut}"


def test_a_cookie_a_service_sets_becomes_a_secret():
    masker = Masker()
    masker.learn_cookies(["rt=refresh-cookie-value-123; HttpOnly; Secure; SameSite=None", "x=1"])
    assert masker.mask("sent rt=refresh-cookie-value-123") == f"sent rt={MASK}"
