"""The fidelity rule for the browser: the stand-in's pages, run in Chromium, make the kinds of
requests the real web app makes (`../shared/real-astronote.md`, "The page's own requests"): RSC
prefetches of the links they show, an RSC navigation after sign-in, images through the image
endpoint, scripts and styles under `/_next/static/`, and API calls with credentials to the API
origins only; and the suite tells the framework's requests from the app's. When the observations
are beside the project, every request kind listed here must be one they name, so a difference
between the two shows here before it shows in production."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from astronote_smoke.browser import cases
from astronote_smoke.browser.traffic import API, FRAMEWORK, kind_of
from astronote_smoke.masking import Masker
from astronote_smoke.services import origin
from browser_support import settings

OBSERVATIONS = Path(__file__).resolve().parents[3] / "shared" / "real-astronote.md"
SIGN_IN_PREFETCHES = {"/", "/auth/retail/register"}
DASHBOARD_PREFETCHES = {f"/app/retail/{name}" for name in (
    "campaigns", "contacts", "templates", "automations", "message-logs", "events", "nfc", "billing", "campaigns/new")}
API_CALLS_AFTER_SIGN_IN = {"/api/me", "/api/billing/balance", "/api/dashboard/kpis"}


def at(requests, wanted):
    """The requests sent to one origin: method, URL parts, resource type, headers."""
    return [(method, urlsplit(url), kind, headers) for method, url, kind, headers in requests if origin(url) == wanted]


def rsc(requests, web, prefetch):
    """The RSC requests to the web origin, prefetches or navigations: (path, Next-Url) each."""
    return {(parts.path, headers.get("next-url")) for _, parts, _, headers in at(requests, web)
            if headers.get("rsc") == "1" and "_rsc" in parse_qs(parts.query)
            and (headers.get("next-router-prefetch") == "1") is prefetch}


def total_campaigns(stack):
    """The test user's "Total campaigns", as the retail API answers it."""
    api = stack.urls["RETAIL_API_URL"]
    login = requests.post(api + "/api/auth/login", timeout=5,
                          json={"email": stack.env["RETAIL_EMAIL"], "password": stack.env["RETAIL_PASSWORD"]})
    token = login.json()["accessToken"]
    return requests.get(api + "/api/dashboard/kpis", headers={"Authorization": f"Bearer {token}"}, timeout=5
                        ).json()["totalCampaigns"]


@pytest.fixture(scope="module")
def signed_in(engine, stack):
    """The retail sign-in page, then the dashboard after signing in through it, as B5 does."""
    session = engine.page(Masker([stack.env["RETAIL_PASSWORD"]]))
    seen = []
    session.page.on("request", lambda request: seen.append(
        (request.method, request.url, request.resource_type, dict(request.headers))))
    try:
        engine.run(cases.visit(session, settings(stack), "/auth/retail/login"))
        engine.run(cases.sign_in_form_appears(session, settings(stack)))
        engine.run(session.page.wait_for_load_state("networkidle"))
        before = len(seen)
        engine.run(cases.sign_in(session, settings(stack), stack.env["RETAIL_EMAIL"], stack.env["RETAIL_PASSWORD"]))
        engine.run(cases.dashboard_shows(session, settings(stack), total_campaigns(stack)))
        engine.run(session.page.wait_for_load_state("networkidle"))
        engine.run(session.page.wait_for_timeout(300))  # the dashboard's prefetches start once its cards are drawn
        yield seen, before, session.recording
    finally:
        engine.run(session.close())


def test_the_sign_in_page_prefetches_its_links_as_rsc_requests(signed_in, stack):
    seen, before, _ = signed_in
    on_sign_in_page = seen[:before]
    assert rsc(on_sign_in_page, origin(stack.urls["WEB_URL"]), prefetch=True) == {
        (path, "/auth/retail/login") for path in SIGN_IN_PREFETCHES}


def test_sign_in_moves_to_the_dashboard_with_an_rsc_navigation(signed_in, stack):
    seen, _, _ = signed_in
    assert rsc(seen, origin(stack.urls["WEB_URL"]), prefetch=False) == {("/app/retail/dashboard", "/auth/retail/login")}


def test_the_dashboard_prefetches_its_links(signed_in, stack):
    seen, _, _ = signed_in
    prefetched = {path for path, current in rsc(seen, origin(stack.urls["WEB_URL"]), prefetch=True)
                  if current == "/app/retail/dashboard"}
    assert prefetched == DASHBOARD_PREFETCHES


def test_images_come_through_the_image_endpoint_and_scripts_from_next_static(signed_in, stack):
    seen, _, _ = signed_in
    at_web = at(seen, origin(stack.urls["WEB_URL"]))
    images = [parts for _, parts, kind, _ in at_web if kind == "image"]
    assert images and all(parts.path == "/_next/image" and parse_qs(parts.query)["url"][0].startswith("/logo/")
                          for parts in images)
    assert {kind for _, parts, kind, _ in at_web if parts.path.startswith("/_next/static/")} == {"script", "stylesheet"}


def test_the_api_calls_carry_a_token_and_go_to_the_retail_api_only(signed_in, stack):
    seen, _, _ = signed_in
    calls = [(method, parts.path, headers) for method, parts, kind, headers in at(seen, origin(stack.urls["RETAIL_API_URL"]))
             if kind in ("fetch", "xhr") and method != "OPTIONS"]
    paths = [path for _, path, _ in calls]
    assert API_CALLS_AFTER_SIGN_IN <= set(paths) and paths.count("/api/me") >= 2
    assert all(headers.get("authorization", "").startswith("Bearer ") for _, path, headers in calls
               if path in API_CALLS_AFTER_SIGN_IN)
    allowed = {origin(stack.urls[name]) for name in ("WEB_URL", "RETAIL_API_URL", "SHOPIFY_API_URL")}
    assert {origin(url) for _, url, _, _ in seen} <= allowed


def test_the_suite_counts_the_framework_requests_apart_from_the_api_calls(signed_in, stack):
    seen, _, recording = signed_in
    kinds = {(kind_of(resource, url, headers), origin(url)) for _, url, resource, headers in seen
             if resource in ("fetch", "xhr")}
    assert kinds == {(FRAMEWORK, origin(stack.urls["WEB_URL"])), (API, origin(stack.urls["RETAIL_API_URL"]))}
    assert {request.origin for request in recording.scripted if request.api} == {origin(stack.urls["RETAIL_API_URL"])}


@pytest.mark.skipif(not OBSERVATIONS.exists(), reason="the observations of the real product are not beside the project")
def test_every_request_kind_of_the_stand_in_is_one_the_real_web_app_makes():
    observed = OBSERVATIONS.read_text(encoding="utf-8")
    own = observed.split("The page's own requests", 1)[1]
    for header in ("`RSC: 1`", "`Next-Router-Prefetch: 1`", "`Next-Url", "`GET /_next/image?url=%2Flogo%2F",
                   "`/_next/static/`", "`GET /app/retail/dashboard?_rsc="):
        assert header in own, header
    prefetched = set(re.findall(r"`GET (/[^`?]*)\?_rsc=", own)) - {"/app/retail/dashboard"}
    listed = re.search(r"eight more\s+\(([^)]*)\)", own).group(1)
    prefetched |= {f"/app/retail/{name.strip()}" for name in " ".join(listed.split()).split(",")}
    assert prefetched == SIGN_IN_PREFETCHES | DASHBOARD_PREFETCHES
    assert re.search(r"calls\s+`/api/me`\s+four\s+times,\s+`/api/billing/balance`\s+and\s+`/api/dashboard/kpis`", observed)
