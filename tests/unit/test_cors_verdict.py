"""The CORS verdict matches what a browser decides for the same preflight."""
import pytest

from astronote_smoke.checks import cors
from astronote_smoke.errors import ContractViolation
from replies import reply

ORIGIN = "https://astronote.onrender.com"
HEADERS = ["authorization", "content-type"]


def preflight(status=204, **headers):
    names = {"origin": "Access-Control-Allow-Origin", "credentials": "Access-Control-Allow-Credentials",
             "methods": "Access-Control-Allow-Methods", "headers": "Access-Control-Allow-Headers"}
    return reply(status, b"", {names[k]: v for k, v in headers.items()}, method="OPTIONS")


GOOD = dict(origin=ORIGIN, credentials="true", methods="GET,POST,PUT,DELETE,OPTIONS",
            headers="Authorization, Content-Type, X-Shopify-Shop-Domain")


def problems(credentials=True, **changes):
    return cors.preflight_problems(preflight(**{**GOOD, **changes}), ORIGIN, "POST", HEADERS, credentials)


def test_todays_answer_passes_with_and_without_credentials():
    assert problems() == [] and problems(credentials=False) == []


@pytest.mark.parametrize("changes,credentials,expected", [
    ({"status": 500}, False, "answered 500"),
    ({"status": 301}, False, "answered 301"),
    ({"origin": None}, False, f"Access-Control-Allow-Origin missing for {ORIGIN}"),
    ({"origin": "*"}, True, "refuses for a call with credentials"),
    ({"origin": f"{ORIGIN}, https://other.example"}, False, "not https://astronote"),
    ({"credentials": None}, True, "Access-Control-Allow-Credentials is 'missing'"),
    ({"headers": "content-type"}, False, "does not list authorization"),
    ({"headers": "*"}, False, "does not list authorization"),
    ({"headers": "authorization"}, False, "does not list content-type"),
])
def test_each_reason_a_browser_blocks(changes, credentials, expected):
    changes = {k: v for k, v in changes.items()}
    status = changes.pop("status", 204)
    headers = {**GOOD, **changes}
    found = cors.preflight_problems(preflight(status, **{k: v for k, v in headers.items() if v is not None}),
                                    ORIGIN, "POST", HEADERS, credentials)
    assert any(expected in problem for problem in found), found


def test_wildcards_count_only_without_credentials():
    assert problems(credentials=False, origin="*") == []
    assert cors.preflight_problems(preflight(origin=ORIGIN, headers="*, authorization"), ORIGIN, "PUT",
                                   HEADERS, False) == ["Access-Control-Allow-Methods does not list PUT"]
    assert cors.preflight_problems(preflight(origin=ORIGIN, headers="*, authorization", methods="*"), ORIGIN,
                                   "PUT", HEADERS, False) == []


def test_post_needs_no_listed_method():
    assert problems(methods="GET") == []


def test_foreign_origin_refusal():
    cors.refuses(preflight(500), "https://evil.example")
    cors.refuses(preflight(origin=ORIGIN), f"{ORIGIN}.evil.example")
    for admitted in (f"{ORIGIN}.evil.example", "*"):
        with pytest.raises(ContractViolation, match="is admitted"):
            cors.refuses(preflight(origin=admitted), f"{ORIGIN}.evil.example")


def test_violation_message_names_service_url_and_reason():
    with pytest.raises(ContractViolation) as error:
        cors.browser_allows(preflight(204), ORIGIN, "POST", HEADERS, credentials=False)
    message = str(error.value)
    assert message.startswith("Shopify API OPTIONS https://api.example/x: CORS: Access-Control-Allow-Origin missing")
    assert "\n" not in message
