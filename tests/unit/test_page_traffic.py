"""Which requests of a page are its API calls: Next.js's RSC requests and `/_next/` files to the
web origin are the framework's; a call of the page's code to the web origin (a relative
`/api/…`) or to another host is judged, and fails B5's promise."""
import pytest

from astronote_smoke.browser.traffic import (API, FRAMEWORK, OTHER, Request, api_problem, kind_of, origin_of,
                                             page_failures)

WEB, RETAIL = "https://app.example", "https://retail.example"
RSC_PREFETCH = {"rsc": "1", "next-router-prefetch": "1", "next-url": "/app/retail/dashboard"}


def seen(url, resource="fetch", headers=None, problem=None):
    return Request("GET", url, problem, kind_of(resource, url, headers or {}), origin_of(url))


@pytest.mark.parametrize("url, resource, headers, kind", [
    (f"{WEB}/app/retail/campaigns?_rsc=1mygj", "fetch", RSC_PREFETCH, FRAMEWORK),
    (f"{WEB}/app/retail/dashboard?_rsc=1fg3q", "fetch", {"rsc": "1", "next-url": "/auth/retail/login"}, FRAMEWORK),
    (f"{WEB}/_next/static/chunks/app.js", "fetch", {}, FRAMEWORK),
    (f"{WEB}/_next/image?url=%2Flogo%2Fa.png&w=48&q=75", "image", {}, OTHER),
    (f"{WEB}/_next/static/chunks/app.js", "script", {}, OTHER),
    (f"{RETAIL}/api/me", "xhr", {"authorization": "Bearer x"}, API),
    # Either half of an RSC request alone is not one: a call that borrows the parameter or the header is the app's.
    (f"{WEB}/api/me?_rsc=abc", "fetch", {}, API),
    (f"{WEB}/api/me", "fetch", {"rsc": "1"}, API),
])
def test_a_request_is_the_framework_s_by_what_it_carries_not_by_its_path(url, resource, headers, kind):
    assert kind_of(resource, url, headers) == kind


def test_a_page_whose_only_other_requests_are_rsc_prefetches_and_navigations_keeps_the_promise():
    calls = [seen(f"{WEB}/?_rsc=o4bu2", headers=RSC_PREFETCH),
             seen(f"{WEB}/app/retail/dashboard?_rsc=1fg3q", headers={"rsc": "1"}),
             seen(f"{RETAIL}/api/auth/login", "xhr"), seen(f"{RETAIL}/api/me"), seen(f"{RETAIL}/api/me")]
    failed = [seen(f"{WEB}/app/retail/nfc?_rsc=x1", headers=RSC_PREFETCH, problem="500")]
    assert api_problem(calls, failed, RETAIL, WEB) is None


@pytest.mark.parametrize("url, headers", [
    (f"{WEB}/api/auth/login", {}),  # a relative /api/… call: the bundle lost its API base
    ("http://localhost:3001/api/auth/login", {}),  # a stale host the bundle was built with
    ("https://evil.example/app?_rsc=1", {"rsc": "1"}),  # an RSC request leaving the web origin is no longer Next's
])
def test_an_api_call_anywhere_but_the_retail_api_breaks_the_promise(url, headers):
    calls = [seen(f"{WEB}/?_rsc=o4bu2", headers=RSC_PREFETCH), seen(url, headers=headers)]
    assert api_problem(calls, [], RETAIL, WEB) == f"the page called GET {url}, not the retail API at {RETAIL}"


def test_a_failed_api_call_breaks_the_promise_a_failed_prefetch_does_not():
    failed = [seen(f"{WEB}/?_rsc=o4bu2", headers=RSC_PREFETCH, problem="404"),
              seen(f"{RETAIL}/api/me", problem="net::ERR_FAILED")]
    assert api_problem([], failed, RETAIL, WEB) == f"the browser blocked or failed GET {RETAIL}/api/me (net::ERR_FAILED)"
    assert page_failures(failed) == failed[1:]


def test_a_failed_framework_request_is_evidence_that_says_what_it_was():
    request = seen(f"{WEB}/?_rsc=o4bu2", headers=RSC_PREFETCH, problem="404")
    assert request.describe() == f"GET {WEB}/?_rsc=o4bu2 (404, a Next.js request)"
