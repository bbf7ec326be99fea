"""The client against answers that are odd, legal or hostile at the HTTP level.

One wall-clock deadline per request, headers included; informational answers skipped; no
cookie kept or sent on; Retry-After read as RFC 9110 says; bodies parsed strictly.
"""
import time

import pytest

from astronote_smoke.errors import ContractViolation, RateLimited, ServiceUnreachable
from astronote_smoke.http import MAX_RETRY_AFTER_S, Client, parse_json, retry_after_seconds, segment
from astronote_smoke.masking import Masker
from astronote_smoke.services import RETAIL, SHOPIFY
from raw_server import json_answer, raw_server, trickle, whole

OK = json_answer(b'{"ok": true}')


def client(url, timeout=1.0, masker=None):
    return Client({SHOPIFY.key: url, RETAIL.key: url}, timeout, masker or Masker())


@pytest.mark.parametrize("answer", [
    trickle(OK, 0.3),                                    # the status line and headers, a byte at a time
    trickle(b"HTTP/1.1 200 OK\r\n" + b"X-Pad: " + b"x" * 100, 0.2),  # a header that never ends
])
def test_headers_that_trickle_in_meet_the_deadline(answer):
    with raw_server(answer) as (url, _):
        started = time.monotonic()
        with pytest.raises(ServiceUnreachable) as failure:
            client(url).request(SHOPIFY, "GET", "/health")
        assert time.monotonic() - started < 3
    assert "timed out after 1 s" in str(failure.value) and "headers included" in str(failure.value)


@pytest.mark.parametrize("hints", [
    b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n",
    b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n",
])
def test_informational_answers_before_the_final_one_are_skipped(hints):
    with raw_server(whole(json_answer(b'{"ok": true}', before=hints))) as (url, _):
        reply = client(url).request(SHOPIFY, "GET", "/health")
    assert reply.status == 200 and reply.json() == {"ok": True} and "Link" not in reply.headers


@pytest.mark.parametrize("cookie", ["rt=Cnry-refresh-0123456789; HttpOnly; Secure; SameSite=None",
                                    "session=Cnry-session-abcdefghij; Path=/"])
def test_a_cookie_a_service_sets_is_never_sent_on_and_is_a_secret(cookie):
    value = cookie.split(";")[0].split("=")[1]
    with raw_server(whole(json_answer(b'{"ok": true}', headers=f"Set-Cookie: {cookie}\r\n"))) as (url, seen):
        masker = Masker()
        the_client = client(url, masker=masker)
        the_client.request(RETAIL, "POST", "/api/auth/login")
        the_client.request(SHOPIFY, "GET", "/health")
    assert all(b"cookie:" not in request.lower() for request in seen), seen
    assert masker.mask(f"echo {value} and {value.lower()}") == "echo •••• and ••••"


@pytest.mark.parametrize("given, expected", [
    ("7", 7.0), (" 12 ", 12.0), ("-5", None), ("٣", None), ("1e3", None), ("", None),
    ("999999999999999999", MAX_RETRY_AFTER_S), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0), ("soon", None),
])
def test_retry_after_is_delta_seconds_or_an_http_date_bounded(given, expected):
    assert retry_after_seconds(given) == expected


def test_an_http_date_retry_after_counts_from_now():
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:30 GMT", now=1445412480.0) == 30.0


@pytest.mark.parametrize("retry_after", ["٣٠", "1" * 40])
def test_a_429_with_an_odd_retry_after_is_rate_limited_not_a_crash(retry_after):
    answer = json_answer(b'{"retryAfter": "30"}', "429 Too Many Requests", f"Retry-After: {retry_after}\r\n")
    with raw_server(whole(answer)) as (url, _):
        with pytest.raises(RateLimited) as failure:
            client(url).request(SHOPIFY, "GET", "/campaigns")
    assert failure.value.retry_after in (None, MAX_RETRY_AFTER_S)


@pytest.mark.parametrize("body, reason", [
    (b"[" * 100000 + b"]" * 100000, "nested too deeply"),
    ('{"ok": true}'.encode("utf-16"), "not UTF-8"),
    ('{"ok": true}'.encode("utf-16-le"), "not UTF-8"),
    (b'{"waiting": NaN}', "NaN is not a JSON number"),
    (b'{"waiting": -Infinity}', "-Infinity is not a JSON number"),
    (b'{"waiting": 1e400}', "too large"),
    (b'\xef\xbb\xbf{"ok": true}', "byte-order mark"),
])
def test_a_body_that_is_not_strict_json_is_a_contract_violation(body, reason):
    with pytest.raises(ValueError, match=reason):
        parse_json(body)
    with raw_server(whole(json_answer(body))) as (url, _):
        reply = client(url, timeout=5).request(SHOPIFY, "GET", "/health")
    with pytest.raises(ContractViolation, match=reason):
        reply.json()


@pytest.mark.parametrize("hostile", ["../../dashboard", "1/cancel", "a?b=c", "%2e%2e", "", "x" * 129, "id\n", "ä"])
def test_an_id_that_is_not_an_opaque_token_never_reaches_a_url(hostile):
    with pytest.raises(ValueError, match="is not an id"):
        segment(hostile)


def test_an_opaque_id_is_one_path_segment():
    assert segment("cm1-Ab_9") == "cm1-Ab_9" and segment(42) == "42"


@pytest.mark.parametrize("answer", [b"HTTP/1.1 2\x1b[2J00 OK\r\n\r\n", b"HTTP/1.1 200 OK\r\nX-A\x1b[2J: b\r\n\x85\r\n\r\n"])
def test_what_a_broken_answer_quotes_reaches_the_message_escaped(answer):
    with raw_server(whole(answer)) as (url, _):
        try:
            client(url).request(SHOPIFY, "GET", "/health")
        except ServiceUnreachable as failure:
            message = str(failure)
        else:
            message = ""
    assert "\x1b" not in message and "\n" not in message and "\x85" not in message, message
