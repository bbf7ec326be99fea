"""Hostile or broken answers fail the scenario with a message naming service, URL and what was wrong.

Each fault breaks every route of the Shopify API. D1 (the Shopify API's liveness, a JSON
endpoint) must fail and say why; D3 (the retail API's) must still pass: one bad service
neither crashes the run nor takes the other scenarios with it.
"""
import pytest

from suite import run_suite

FAULTS = {
    "html-for-json": "expected a JSON answer, got text/html (status 200",
    "invalid-json": "expected valid JSON, got a body that does not parse",
    "huge-body": "expected a JSON answer, got a body larger than 2 MiB",
    "trickle-body": "timed out after 2 s with the body still arriving",
    "redirect-loop": "expected status 200, got 302 redirecting to {url}/health",
    "redirect-other-host": "expected status 200, got 302 redirecting to http://127.0.0.2:",
    "reset-mid-response": "unreachable, the connection broke while reading the body (connection reset by the server)",
    "gzip-bomb": "expected a JSON answer, got a body larger than 2 MiB",
}


def liveness_run(stack, folder, **urls):
    return run_suite("--tags=@D1 or @D3", settings={**stack.env, **urls, "SMOKE_TIMEOUT": "2"}, folder=folder)


def assert_only_shopify_failed(run, url, expected):
    shopify, retail = run.outcome("D1"), run.outcome("D3")
    assert shopify.status == "failed", shopify
    assert shopify.message.startswith(f"Shopify API GET {url}/health"), shopify.message
    assert expected.format(url=url) in shopify.message, shopify.message
    assert retail.status == "passed", retail
    assert run.exit_code == 1 and "Traceback" not in run.console, run.console[-3000:]


@pytest.mark.parametrize("fault", FAULTS)
def test_a_hostile_answer_fails_its_scenario_with_the_reason(start_stack, fault, tmp_path):
    stack = start_stack(fault)
    run = liveness_run(stack, tmp_path)
    assert_only_shopify_failed(run, stack.urls["SHOPIFY_API_URL"], FAULTS[fault])


def test_a_tls_handshake_failure_fails_its_scenario_with_the_reason(start_stack, tmp_path):
    stack = start_stack()
    url = stack.urls["SHOPIFY_API_URL"].replace("http://", "https://")
    run = liveness_run(stack, tmp_path, SHOPIFY_API_URL=url)
    assert_only_shopify_failed(run, url, "TLS handshake failed (the server does not speak TLS)")


def test_headers_with_raw_non_ascii_bytes_are_read_not_a_crash(start_stack, tmp_path):
    stack = start_stack("non-ascii-headers")
    run = liveness_run(stack, tmp_path)
    assert run.outcome("D1").status == "passed" and run.outcome("D3").status == "passed", run.console[-3000:]
    evidence = "".join(path.read_text() for path in (run.reports / "allure").glob("*-attachment.txt"))
    assert "X-Served-By: Z" in evidence
