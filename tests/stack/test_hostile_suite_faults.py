"""The faults of a target hostile to the suite itself (stack/hostile.py) answer as they say they do."""
import base64
import json
import socket
import time

import pytest
import requests

from astronote_smoke.fingerprint import VALUE_CHARS
from astronote_smoke.stack.hostile import DEEP_NESTING, RELEASE_BEFORE_TOKEN, TRAP_COOKIE

TIMEOUT = 10


def shopify(stack, method, path, **options):
    headers = {"X-Shopify-Shop-Domain": stack.env["SHOPIFY_SHOP_DOMAIN"],
               "Authorization": f"Bearer {stack.env['SHOPIFY_SESSION_TOKEN']}", **options.pop("headers", {})}
    return requests.request(method, stack.urls["SHOPIFY_API_URL"] + path, headers=headers, timeout=TIMEOUT,
                            allow_redirects=False, **options)


def create(stack):
    return shopify(stack, "POST", "/campaigns", json={"name": "smoke-x-I1", "message": "m",
                                                      "audience": {"type": "all"}, "scheduleType": "immediate"})


def raw_get(stack, path):
    host, port = stack.urls["SHOPIFY_API_URL"].removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=TIMEOUT) as connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := connection.recv(65536):
            data += chunk
    return data


def test_campaign_id_traversal_hands_out_an_id_that_leaves_the_campaign(start_stack):
    assert create(start_stack("campaign-id-traversal")).json()["data"]["id"] == "../../dashboard"


def test_campaign_id_mismatch_and_delete_does_nothing(start_stack):
    stack = start_stack("campaign-id-mismatch", "delete-does-nothing")
    campaign_id = create(stack).json()["data"]["id"]
    assert shopify(stack, "GET", f"/campaigns/{campaign_id}").json()["data"]["id"] != campaign_id
    assert shopify(stack, "DELETE", f"/campaigns/{campaign_id}").status_code == 200
    assert shopify(stack, "GET", f"/campaigns/{campaign_id}").status_code == 200


def test_odd_retry_after_refuses_the_cleanups_calls_with_superscript_digits(start_stack):
    stack = start_stack("odd-retry-after")
    campaign_id = create(stack).json()["data"]["id"]
    refused = shopify(stack, "GET", f"/campaigns/{campaign_id}")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "\u00b2\u00b3"


def test_header_trickle_and_early_hints_write_on_the_socket(start_stack):
    hints = raw_get(start_stack("early-hints"), "/health")
    assert hints.startswith(b"HTTP/1.1 103 Early Hints\r\n") and b"200 OK" in hints
    host, port = start_stack("header-trickle").urls["SHOPIFY_API_URL"].removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=TIMEOUT) as connection:
        connection.sendall(f"GET /health HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        started = time.monotonic()
        first = connection.recv(100)
        second = connection.recv(100)
    # One byte at a time, half a second apart: the status line alone takes seconds.
    assert first == b"H" and len(second) <= 2 and time.monotonic() - started >= 0.4


@pytest.mark.parametrize("fault, check", [
    ("deep-json", lambda body: body == b"[" * DEEP_NESTING + b"]" * DEEP_NESTING),
    ("nan-numbers", lambda body: b"NaN" in body),
    ("utf16-body", lambda body: body.startswith(b"\xff\xfe")),
])
def test_json_bodies_that_do_not_parse_strictly(start_stack, fault, check):
    assert check(requests.get(start_stack(fault).urls["SHOPIFY_API_URL"] + "/health", timeout=TIMEOUT).content)


def test_cookie_trap_sets_a_cookie_and_refuses_it_back(start_stack):
    stack = start_stack("cookie-trap")
    first = shopify(stack, "GET", "/health")
    assert first.cookies.get("trap") == TRAP_COOKIE
    assert shopify(stack, "GET", "/health", headers={"Cookie": f"trap={TRAP_COOKIE}"}).status_code == 400


def test_hostile_text_and_echo_escaped_secrets(start_stack):
    stack = start_stack("hostile-text", "echo-escaped-secrets")
    health = shopify(stack, "GET", "/health")
    assert "\x1b[2J" in health.headers["Content-Type"]
    token = stack.env["SHOPIFY_SESSION_TOKEN"]
    echo = json.loads(shopify(stack, "GET", "/health/full").text)["echo"]
    assert echo["upper"] == token.upper() and "\x1b" in json.loads(shopify(stack, "GET", "/health/full").text)["version"]


def test_echo_encoded_secrets_and_token_in_release(start_stack):
    stack = start_stack("echo-encoded-secrets", "token-in-release")
    token = stack.env["SHOPIFY_SESSION_TOKEN"]
    answer = shopify(stack, "GET", "/health/full").json()
    echo = answer["echo"]
    assert echo["hex"] == token.encode().hex() and echo["HEX"] == token.encode().hex().upper()
    assert base64.b64decode(echo["shifted"]) == b"x" + token.encode()
    assert base64.urlsafe_b64decode(echo["url"]) == b"id=" + token.encode()
    assert echo["split"].replace("\n", "") == token and "\n" in echo["split"]
    assert answer["version"] == f"{RELEASE_BEFORE_TOKEN}{token}+final" and len(RELEASE_BEFORE_TOKEN) < VALUE_CHARS < len(RELEASE_BEFORE_TOKEN) + len(token)


@pytest.mark.parametrize("fault, method, retry_after, again", [
    ("first-list-rate-limited", "GET", "soon", 200),
    ("first-delete-rate-limited", "DELETE", None, 200),
    ("deletes-rate-limited", "DELETE", "0", 429),
])
def test_rate_limited_faults_refuse_the_first_call_or_every_call(start_stack, fault, method, retry_after, again):
    stack = start_stack(fault)
    campaign_id = create(stack).json()["data"]["id"]
    path = "/campaigns" if method == "GET" else f"/campaigns/{campaign_id}"
    refused = shopify(stack, method, path)
    assert refused.status_code == 429 and refused.headers.get("Retry-After") == retry_after
    assert shopify(stack, method, path).status_code == again
