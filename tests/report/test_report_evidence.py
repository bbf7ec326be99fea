"""Evidence attachments: readable exchange, a curl line, credential headers masked even if the client slipped."""
from __future__ import annotations

import shlex
from types import SimpleNamespace

from astronote_smoke.report.evidence import BODY_LIMIT, curl_command, format_exchange


def exchange(**overrides):
    values = dict(service="Retail API", method="POST", url="https://retail.example/api/auth/login",
                  request_headers={"Authorization": "Bearer leaked-token", "Content-Type": "application/json",
                                   "cookie": "rt=leaked-cookie"},
                  request_body='{"email": "smoke@example.com"}', status=401,
                  response_headers={"Set-Cookie": "rt=leaked-cookie", "Content-Type": "application/json"},
                  body_excerpt='{"message": "Invalid credentials"}', elapsed_ms=85.2, error=None)
    return SimpleNamespace(**{**values, **overrides})


def test_exchange_shows_request_and_answer_without_credentials():
    text = format_exchange(exchange())
    assert text.startswith("Retail API: POST https://retail.example/api/auth/login\n")
    assert "HTTP 401 in 85 ms" in text
    assert '{"message": "Invalid credentials"}' in text
    assert "Authorization: ••••" in text and "Set-Cookie: ••••" in text and "cookie: ••••" in text
    assert "leaked" not in text


def test_curl_line_reproduces_the_request():
    words = shlex.split(curl_command(exchange()))
    assert words[:6] == ["curl", "-sS", "-i", "-X", "POST", "https://retail.example/api/auth/login"]
    assert "-L" not in words  # the suite never follows redirects
    assert words[words.index("Content-Type: application/json") - 1] == "-H"
    assert words[-2:] == ["--data-raw", '{"email": "smoke@example.com"}']
    assert "leaked" not in curl_command(exchange())


def test_unreachable_service_says_what_happened():
    text = format_exchange(exchange(status=None, response_headers={}, body_excerpt="",
                                    error="connection refused", elapsed_ms=3.0))
    assert "No answer after 3 ms: connection refused" in text


def test_long_bodies_are_cut():
    text = format_exchange(exchange(body_excerpt="x" * (BODY_LIMIT + 10)))
    assert "[... 10 more characters not shown]" in text


def test_attachments_of_a_real_run_never_hold_the_planted_secret(results_dir, results, planted_secret):
    attachments = list(results_dir.glob("*-attachment*"))
    assert attachments, "the sample steps attach their exchanges"
    assert any("curl -sS -i -X GET" in path.read_text(encoding="utf-8") for path in attachments)
    for path in results_dir.iterdir():
        assert planted_secret not in path.read_text(encoding="utf-8"), path.name
    # The exchange is attached to the step that made the request.
    assert results["D2"]["steps"][0]["attachments"][0]["name"] == "Shopify API GET /health/full"
