"""The faults that each change one answer: the Shopify API origin built into the
web bundle, a liveness verdict, a CORS admission, a tenant refusal, campaign
create, the Shopify queue depth. Each changes what its description says, and
the answers next to it still hold."""

from stack_support import browser_admits, bundle, call, get, preflight, retail_headers, shopify_headers


def test_wrong_shopify_api_url_is_built_into_the_bundle(start_stack):
    stack = start_stack("wrong-shopify-api-url")
    scripts = bundle(stack.urls["WEB_URL"], "/auth/shopify/connect")
    assert "http://localhost:3000" in scripts
    assert stack.urls["SHOPIFY_API_URL"] not in scripts
    assert stack.urls["RETAIL_API_URL"] in scripts


def test_shopify_liveness_not_ok_answers_200_with_ok_false(start_stack):
    stack = start_stack("shopify-liveness-not-ok")
    response = get(stack.urls["SHOPIFY_API_URL"] + "/health")
    assert response.status_code == 200
    assert response.json()["ok"] is False and isinstance(response.json()["t"], int)
    assert get(stack.urls["SHOPIFY_API_URL"] + "/health/full").json()["ok"] is True


def test_retail_liveness_not_ok_answers_200_with_status_degraded(start_stack):
    stack = start_stack("retail-liveness-not-ok")
    response = get(stack.urls["RETAIL_API_URL"] + "/healthz")
    assert (response.status_code, response.json()["status"]) == (200, "degraded")
    assert get(stack.urls["RETAIL_API_URL"] + "/readiness").json()["status"] == "ready"


def test_retail_cors_without_credentials_admits_the_web_origin_without_them_only(start_stack):
    stack = start_stack("retail-cors-without-credentials")
    origin = stack.urls["WEB_URL"]
    response = preflight(stack.urls["RETAIL_API_URL"] + "/healthz", origin)
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert browser_admits(response, origin, credentials=False)
    assert not browser_admits(response, origin, credentials=True)
    assert preflight(stack.urls["RETAIL_API_URL"] + "/healthz", "https://evil.example").status_code == 500


def test_shopify_cors_reflects_any_origin(start_stack):
    stack = start_stack("shopify-cors-reflects-any-origin")
    shopify = stack.urls["SHOPIFY_API_URL"] + "/health"
    for origin in ("https://evil.example", stack.urls["WEB_URL"]):
        assert browser_admits(preflight(shopify, origin), origin, credentials=False)
    assert preflight(stack.urls["RETAIL_API_URL"] + "/healthz", "https://evil.example").status_code == 500


def test_shopify_auth_open_serves_the_first_store_to_callers_who_name_no_shop(start_stack):
    stack = start_stack("shopify-auth-open")
    api = stack.urls["SHOPIFY_API_URL"]
    response = get(api + "/dashboard")
    assert response.status_code == 200 and response.json()["data"]["credits"] == 1250
    assert get(api + "/dashboard", headers=shopify_headers(stack, token=False)).status_code == 401
    unknown = get(api + "/dashboard", headers={"X-Shopify-Shop-Domain": "nonexistent.myshopify.com"})
    assert unknown.json()["code"] == "STORE_NOT_FOUND"


def test_store_lookup_crash_answers_500_for_an_unknown_shop_only(start_stack):
    stack = start_stack("store-lookup-crash")
    api = stack.urls["SHOPIFY_API_URL"]
    unknown = get(api + "/dashboard", headers={"X-Shopify-Shop-Domain": "nonexistent.myshopify.com"})
    assert (unknown.status_code, unknown.json()["code"]) == (500, "STORE_RESOLUTION_ERROR")
    assert get(api + "/dashboard").json()["code"] == "INVALID_SHOP_DOMAIN"
    assert get(api + "/dashboard", headers=shopify_headers(stack)).status_code == 200


def test_create_broken_answers_500_and_creates_nothing(start_stack):
    stack = start_stack("create-broken")
    campaigns = stack.urls["SHOPIFY_API_URL"] + "/campaigns"
    body = {"name": "smoke-fault", "message": "Smoke test", "audience": {"type": "all"}, "scheduleType": "immediate"}
    response = call("POST", campaigns, json=body, headers=shopify_headers(stack))
    assert (response.status_code, response.json()["error"]) == (500, "app_error")
    assert get(campaigns, headers=shopify_headers(stack)).json()["data"]["pagination"]["total"] == 0


def test_shopify_queue_backlog_reports_5000_waiting(start_stack):
    stack = start_stack("shopify-queue-backlog")
    stats = get(stack.urls["SHOPIFY_API_URL"] + "/campaigns/queue/stats", headers=shopify_headers(stack)).json()
    assert stats["data"]["counts"]["waiting"] == 5000
    retail = get(stack.urls["RETAIL_API_URL"] + "/api/jobs/health", headers=retail_headers(stack)).json()
    assert retail["sms"]["counts"]["waiting"] == 0
