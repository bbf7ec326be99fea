"""CORS of the healthy APIs, judged as a browser would: the web origin is
admitted (E1 without, E2 with credentials), foreign origins are not (E3, E4)."""

import pytest

from stack_support import browser_admits, get, preflight


def foreign_origins(stack):
    return ["https://evil.example", stack.urls["WEB_URL"] + ".evil.example"]


def test_shopify_api_admits_the_web_origin_without_credentials(healthy):
    origin = healthy.urls["WEB_URL"]
    response = preflight(healthy.urls["SHOPIFY_API_URL"] + "/health", origin)
    assert response.status_code == 204
    assert browser_admits(response, origin, credentials=False)
    assert not browser_admits(response, origin, credentials=True)


def test_retail_api_admits_the_web_origin_with_credentials(healthy):
    origin = healthy.urls["WEB_URL"]
    response = preflight(healthy.urls["RETAIL_API_URL"] + "/healthz", origin)
    assert response.status_code == 204
    assert browser_admits(response, origin, credentials=True)


@pytest.mark.parametrize("api, headers", [
    ("SHOPIFY_API_URL", ("authorization", "content-type", "x-shopify-shop-domain", "idempotency-key")),
    ("RETAIL_API_URL", ("authorization", "content-type", "idempotency-key", "cookie")),
])
def test_preflight_lists_the_tenant_headers_and_methods(healthy, api, headers):
    response = preflight(healthy.urls[api] + "/health", healthy.urls["WEB_URL"], method="DELETE",
                         headers=",".join(headers))
    assert browser_admits(response, healthy.urls["WEB_URL"], credentials=False, method="DELETE", headers=headers)


@pytest.mark.parametrize("api, methods, vary", [
    ("SHOPIFY_API_URL", "GET,POST,PUT,DELETE,PATCH,OPTIONS", "Origin"),
    ("RETAIL_API_URL", "GET, POST, PUT, DELETE, PATCH, OPTIONS", None),
])
def test_preflights_answer_as_the_real_apis(healthy, api, methods, vary):
    response = preflight(healthy.urls[api] + "/health", healthy.urls["WEB_URL"])
    assert (response.status_code, response.headers["Access-Control-Allow-Methods"]) == (204, methods)
    assert response.headers["Access-Control-Max-Age"] == "86400"
    assert "Content-Type" not in response.headers
    assert response.headers.get("Vary") == vary


@pytest.mark.parametrize("api, path", [("SHOPIFY_API_URL", "/health"), ("RETAIL_API_URL", "/healthz")])
def test_foreign_origins_are_refused(healthy, api, path):
    for origin in foreign_origins(healthy):
        response = preflight(healthy.urls[api] + path, origin)
        assert response.status_code == 500
        assert "Access-Control-Allow-Origin" not in response.headers
        assert not browser_admits(response, origin, credentials=False)


def test_actual_responses_carry_the_allowed_origin(healthy):
    origin = healthy.urls["WEB_URL"]
    shopify = get(healthy.urls["SHOPIFY_API_URL"] + "/health", headers={"Origin": origin})
    retail = get(healthy.urls["RETAIL_API_URL"] + "/healthz", headers={"Origin": origin})
    assert shopify.headers["Access-Control-Allow-Origin"] == origin
    assert "Access-Control-Allow-Credentials" not in shopify.headers
    assert retail.headers["Access-Control-Allow-Origin"] == origin
    assert retail.headers["Access-Control-Allow-Credentials"] == "true"
    assert "Origin" in shopify.headers["Vary"]
    assert "Vary" not in retail.headers  # the real retail API leaves Vary: Origin out


def test_calls_without_origin_get_no_cors_headers(healthy):
    response = get(healthy.urls["SHOPIFY_API_URL"] + "/health")
    assert "Access-Control-Allow-Origin" not in response.headers
