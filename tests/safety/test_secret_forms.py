"""The masker's forms beyond the raw secret: escaped for JSON and XML, JWT-shaped, and handed out by a service."""
import json
from xml.sax.saxutils import escape

from astronote_smoke.masking import MASK, Masker

SECRET = 'pa"ss<wörd>&1'


def test_json_and_xml_escaped_forms_are_masked():
    masker = Masker([SECRET])
    in_xml = escape(SECRET, {'"': "&quot;"})
    for text in (json.dumps({"password": SECRET}), f'<failure message="{in_xml}"/>'):
        assert SECRET not in masker.mask(text) and MASK in masker.mask(text), text


def test_anything_shaped_like_a_jwt_is_masked_known_or_not():
    token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.kfkegXN_jbFpTYmQSJRfEf1YEIfyqHe5Axs22s6ShOA"
    assert Masker().mask(f"Bearer {token} end") == f"Bearer {MASK} end"


def test_credentials_handed_out_in_a_json_answer_become_secrets():
    masker = Masker()
    masker.learn({"accessToken": "opaque-access-value-123", "user": {"name": "Smoke Test"},
                  "debug": {"tokens": ["first-known-token-1", "second-known-token-2"]}, "refresh_token": "short"})
    text = "opaque-access-value-123 first-known-token-1 second-known-token-2 Smoke Test short"
    assert masker.mask(text) == f"{MASK} {MASK} {MASK} Smoke Test short"
