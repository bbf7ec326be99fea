"""The masker's forms beyond the raw secret: escaped for JSON and XML, hex, base64 at every alignment,
split in pieces, cut short, JWT-shaped, handed out by a service, and put by the suite into a field."""
import base64
import json
from xml.sax.saxutils import escape

import pytest

from astronote_smoke.masking import MASK, RUN_CHARS, Masker, masked_fields

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


# --- encodings: hex in either case, base64 and base64url at every alignment

TOKEN = "Cnry/Tok+9f3a61c2e07b4d58_z"


@pytest.mark.parametrize("case", [str.lower, str.upper])
@pytest.mark.parametrize("secret", [TOKEN, SECRET])
def test_a_hex_encoded_secret_is_masked_in_either_case(secret, case):
    masked = Masker([secret]).mask(f"debug={case(secret.encode().hex())};")
    assert masked == f"debug={MASK};"


@pytest.mark.parametrize("encode", [base64.b64encode, base64.urlsafe_b64encode])
@pytest.mark.parametrize("prefix", ["", "u:", "user:", "Bearer "])
def test_base64_of_a_secret_after_any_prefix_is_masked(prefix, encode):
    encoded = encode(f"{prefix}{TOKEN}".encode()).decode()
    masked = Masker([TOKEN]).mask(f"blob {encoded} end")
    assert all(run not in masked for run in runs_of(encoded[len(prefix) * 4 // 3 + 4:-4], 6)), masked
    assert MASK in masked


# --- pieces: no output keeps 12 consecutive characters of a secret

@pytest.mark.parametrize("split", ["\n", "\r\n", '" +\n  "', "\\n"])
@pytest.mark.parametrize("at", [12, 15])
def test_a_secret_split_in_two_is_masked_by_its_pieces(split, at):
    masked = Masker([TOKEN]).mask(f"token: {TOKEN[:at]}{split}{TOKEN[at:]} (end)")
    assert runs_of(TOKEN, RUN_CHARS) & runs_of(masked, RUN_CHARS) == set(), masked
    assert masked.startswith("token: ") and masked.endswith(" (end)")


@pytest.mark.parametrize("secret", [TOKEN, "hunter2-correct-horse-battery"])
def test_any_twelve_consecutive_characters_of_a_secret_are_masked(secret):
    masker = Masker([secret])
    for start in range(len(secret) - RUN_CHARS + 1):
        piece = secret[start:start + RUN_CHARS]
        assert masker.mask(f"x {piece} y") == f"x {MASK} y", piece


def test_fewer_than_twelve_characters_of_a_secret_in_the_middle_of_a_text_are_left():
    # Shorter pieces are too common to hide without garbling the report: a word may share them.
    assert Masker([TOKEN]).mask(f"x {TOKEN[3:14]} y") == f"x {TOKEN[3:14]} y"


# --- cuts: mask first, then cut, and mask what is left of a secret on either side of the cut

@pytest.mark.parametrize("secret", [TOKEN, 'pa"ss<wörd>&1-longer'])
@pytest.mark.parametrize("limit", [40, 60, 80])
def test_a_cut_inside_a_secret_leaves_no_four_characters_of_it(secret, limit):
    masker = Masker([secret])
    for before in range(limit - len(secret) - 4, limit + 4):
        text = "v" * before + secret + " and then more words to cut away " * 3
        shown = masker.printable(text, limit)
        assert runs_of(secret, 4) & runs_of(shown, 4) == set(), (before, shown)
        assert "cut at" in shown


@pytest.mark.parametrize("mark", ["…", "..."])
@pytest.mark.parametrize("tail", [5, 11])
def test_the_end_of_a_secret_just_after_a_cut_mark_is_masked(mark, tail):
    assert Masker([TOKEN]).mask(f"log {mark}{TOKEN[-tail:]} rest") == f"log {mark}{MASK} rest"


# --- fields the suite fills from a secret are masked whatever their length

@pytest.mark.parametrize("password", ["q7!", "ab"])
def test_a_short_password_in_a_body_the_suite_builds_is_masked_by_its_field(password):
    body = {"email": "smoke@astronote.test", "password": password}
    assert masked_fields(body) == {"email": "smoke@astronote.test", "password": MASK}


def test_nested_token_fields_are_masked_and_other_values_kept():
    body = {"auth": {"refreshToken": "x1", "apiKey": "k"}, "items": [{"session": "s"}, {"name": "n"}], "n": 3}
    assert masked_fields(body) == {"auth": {"refreshToken": MASK, "apiKey": MASK},
                                   "items": [{"session": MASK}, {"name": "n"}], "n": 3}


def runs_of(text: str, length: int) -> set[str]:
    return {text[start:start + length].lower() for start in range(len(text) - length + 1)}


@pytest.mark.parametrize("password", ["q7!", 'a"'])
def test_a_short_configured_secret_is_masked_where_it_is_a_whole_json_string(password):
    # A browser trace records what the suite typed: {"selector": "input[type=password]", "value": "q7!"}.
    masker = Masker([password])
    typed = json.dumps({"selector": "input[type=password]", "value": password})
    assert masker.mask(typed) == json.dumps({"selector": "input[type=password]", "value": MASK}, ensure_ascii=False)
    assert masker.mask(f"word {password}x stays") == f"word {password}x stays"
