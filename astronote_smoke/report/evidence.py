"""Evidence for the report: one HTTP exchange as a readable text attachment with a `curl` line,
and what a browser scenario saw (`attach_page`).

`attach_exchange(exchange)` takes the suite client's recorded exchange (duck-typed: service,
method, url, request_headers, request_body, status, response_headers, body_excerpt,
elapsed_ms, error), whose values the client has already masked. The credential headers are
masked here once more, because a report leaves the building and a second lock costs nothing.
"""
from __future__ import annotations

import shlex
from urllib.parse import urlsplit

import allure

from ..masking import MASK, SENSITIVE_HEADERS
BODY_LIMIT = 4096


def attach_exchange(exchange) -> None:
    """Attach the exchange to the running Allure step (or the scenario, outside a step)."""
    path = urlsplit(exchange.url).path or "/"
    allure.attach(format_exchange(exchange), name=f"{exchange.service} {exchange.method} {path}",
                  attachment_type=allure.attachment_type.TEXT)


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


def attach_page(evidence) -> None:
    """Attach a browser scenario's evidence (a `PageEvidence`, masked by the session): the page as
    judged, the console errors and failed requests it saw, and its Playwright trace when kept."""
    if evidence.screenshot:
        allure.attach(evidence.screenshot, name=f"page {evidence.url}", attachment_type=allure.attachment_type.PNG)
    lines = [f"Page: {evidence.url}", "", "Console errors:"] + [f"  {line}" for line in evidence.console_errors or ["none"]]
    lines += ["", "Failed requests:"] + [f"  {line}" for line in evidence.failed_requests or ["none"]]
    allure.attach("\n".join(lines) + "\n", name="browser console and failed requests",
                  attachment_type=allure.attachment_type.TEXT)
    if evidence.trace:
        allure.attach(evidence.trace, name="Playwright trace (npx playwright show-trace)",
                      attachment_type="application/zip", extension="zip")
