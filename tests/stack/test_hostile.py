"""Targets that are not Astronote, or are hostile to the client: each fault
does what it says, on every Shopify API route (or every service)."""

import gzip
import json
import socket
import time
import urllib.parse
import zlib

import pytest
import requests

from stack_support import call, get, shopify_headers

SERVICES = ["WEB_URL", "SHOPIFY_API_URL", "RETAIL_API_URL"]


def raw_exchange(url, path="/health", limit=1 << 20):
    """Send a bare GET; return the bytes received and how the connection ended."""
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as connection:
        connection.sendall(f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n".encode())
        received = b""
        try:
            while len(received) < limit:
                chunk = connection.recv(65536)
                if not chunk:
                    return received, "closed"
                received += chunk
        except ConnectionResetError:
            return received, "reset"
        return received, "open"


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE", "OPTIONS"])
def test_empty_200_answers_everything_with_an_empty_200(start_stack, method):
    stack = start_stack("empty-200")
    for name in SERVICES:
        response = call(method, stack.urls[name] + "/anything")
        assert (response.status_code, response.content) == (200, b"")
        assert "Content-Type" not in response.headers


def test_refuse_all_starts_nothing(start_stack):
    stack = start_stack("refuse-all")
    for name in SERVICES:
        with pytest.raises(requests.ConnectionError):
            get(stack.urls[name] + "/")


@pytest.mark.parametrize("fault, hung, other, other_health", [
    ("hung-shopify", "SHOPIFY_API_URL", "RETAIL_API_URL", "/healthz"),
    ("hung-retail", "RETAIL_API_URL", "SHOPIFY_API_URL", "/health"),
])
def test_a_hung_api_accepts_and_never_answers(start_stack, fault, hung, other, other_health):
    stack = start_stack(fault)
    with pytest.raises(requests.ReadTimeout):
        get(stack.urls[hung] + "/health", timeout=0.5)
    assert get(stack.urls[other] + other_health).status_code == 200


def test_html_for_json(start_stack):
    stack = start_stack("html-for-json")
    response = get(stack.urls["SHOPIFY_API_URL"] + "/dashboard", headers=shopify_headers(stack))
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.text.startswith("<!DOCTYPE html>")


def test_invalid_json(start_stack):
    response = get(start_stack("invalid-json").urls["SHOPIFY_API_URL"] + "/health")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/json"
    with pytest.raises(ValueError):
        json.loads(response.content)


def test_huge_body_is_50_mb(start_stack):
    stack = start_stack("huge-body")
    with get(stack.urls["SHOPIFY_API_URL"] + "/health", stream=True) as response:
        assert response.headers["Content-Length"] == str(50 * 1024 * 1024)
        assert sum(len(chunk) for chunk in response.iter_content(1 << 20)) == 50 * 1024 * 1024


def test_trickle_body_sends_a_byte_a_second(start_stack):
    stack = start_stack("trickle-body")
    with get(stack.urls["SHOPIFY_API_URL"] + "/health", stream=True) as response:
        assert response.status_code == 200
        assert response.raw.read(1) == b"{"
        began = time.monotonic()
        assert response.raw.read(1) == b'"'
        assert time.monotonic() - began >= 0.9


def test_redirect_loop_points_at_itself(start_stack):
    url = start_stack("redirect-loop").urls["SHOPIFY_API_URL"] + "/health"
    response = get(url)
    assert (response.status_code, response.headers["Location"]) == (302, url)


def test_redirect_other_host(start_stack):
    api = start_stack("redirect-other-host").urls["SHOPIFY_API_URL"]
    response = get(api + "/health?x=1")
    location = urllib.parse.urlsplit(response.headers["Location"])
    assert response.status_code == 302
    assert (location.hostname, location.path, location.query) == ("127.0.0.2", "/health", "x=1")


def test_reset_mid_response_sends_part_then_a_reset(start_stack):
    received, ending = raw_exchange(start_stack("reset-mid-response").urls["SHOPIFY_API_URL"])
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
    assert 0 < len(body) < length
    assert ending == "reset"


def test_gzip_bomb_inflates_to_gigabytes(start_stack):
    stack = start_stack("gzip-bomb")
    with get(stack.urls["SHOPIFY_API_URL"] + "/health", stream=True) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        wire = response.raw.read(decode_content=False)
    assert len(wire) < 8 * 1024 * 1024
    inflater = zlib.decompressobj(wbits=31)
    first_member = inflater.decompress(wire)
    assert first_member == bytes(16 * 1024 * 1024)
    member_size = len(wire) - len(inflater.unused_data)
    assert len(wire) // member_size * len(first_member) >= 4 * 1024**3
    assert gzip.decompress(wire[:member_size]) == first_member


def test_non_ascii_headers_are_raw_bytes(start_stack):
    received, _ = raw_exchange(start_stack("non-ascii-headers").urls["SHOPIFY_API_URL"])
    assert b"\r\nX-Served-By: Z\xc3\xbcrich-1\r\n" in received


def test_echo_secrets_leaks_authorization_and_known_tokens(start_stack):
    stack = start_stack("echo-secrets")
    headers = shopify_headers(stack)
    dashboard = get(stack.urls["SHOPIFY_API_URL"] + "/dashboard", headers=headers)
    assert dashboard.json()["debug"]["authorization"] == headers["Authorization"]
    assert dashboard.headers["X-Debug-Authorization"] == headers["Authorization"]
    health = get(stack.urls["SHOPIFY_API_URL"] + "/health")
    assert stack.env["SHOPIFY_SESSION_TOKEN"] in health.json()["debug"]["tokens"]
    assert stack.env["SHOPIFY_SESSION_TOKEN"] in health.headers["X-Debug-Tokens"]
    retail = get(stack.urls["RETAIL_API_URL"] + "/healthz")
    assert stack.env["RETAIL_PASSWORD"] in retail.json()["debug"]["tokens"]
    assert stack.env["RETAIL_PASSWORD"] in retail.headers["X-Debug-Tokens"]
