"""Evidence for the report: one HTTP exchange as readable text with a `curl` line.

`format_exchange(exchange)` takes the suite client's recorded exchange (duck-typed: service,
method, url, request_headers, request_body, status, response_headers, body_excerpt,
elapsed_ms, error), whose values the client has already masked. The credential headers are
masked here once more, because a report leaves the building and a second lock costs nothing.
"""
from __future__ import annotations

import shlex

from ..masking import MASK, SENSITIVE_HEADERS

BODY_LIMIT = 4096


def format_exchange(exchange) -> str:
    lines = [f"{exchange.service}: {exchange.method} {exchange.url}", ""]
    lines += _headers(exchange.request_headers)
    if exchange.request_body:
        lines += ["", _cut(exchange.request_body)]
    lines.append("")
    if exchange.status is None:
        lines.append(f"No answer after {exchange.elapsed_ms:.0f} ms: {exchange.error or 'unknown error'}")
    else:
        lines.append(f"HTTP {exchange.status} in {exchange.elapsed_ms:.0f} ms")
        lines += _headers(exchange.response_headers)
        lines += ["", _cut(exchange.body_excerpt or "")]
    lines += ["", "Reproduce (masked values " + MASK + " must be filled in):", curl_command(exchange)]
    return "\n".join(lines) + "\n"


def curl_command(exchange) -> str:
    """A shell-quoted curl line sending the same request, not following redirects, like the suite."""
    words = ["curl", "-sS", "-i", "-X", exchange.method, exchange.url]
    for name, value in masked_headers(exchange.request_headers).items():
        words += ["-H", f"{name}: {value}"]
    if exchange.request_body:
        words += ["--data-raw", exchange.request_body]
    return " ".join(shlex.quote(word) for word in words)


def masked_headers(headers) -> dict[str, str]:
    return {name: MASK if name.lower() in SENSITIVE_HEADERS else str(value)
            for name, value in dict(headers or {}).items()}


def _headers(headers) -> list[str]:
    return [f"{name}: {value}" for name, value in masked_headers(headers).items()]


def _cut(text: str) -> str:
    if len(text) <= BODY_LIMIT:
        return text
    return f"{text[:BODY_LIMIT]}\n[... {len(text) - BODY_LIMIT} more characters not shown]"
