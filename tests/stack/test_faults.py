"""Each named fault that breaks a release, or that production has today,
changes what its description says, and the cases next to it still hold."""

import concurrent.futures
import re
import sqlite3
import time
import uuid

import pytest
import requests

from stack_support import browser_admits, bundle, call, get, preflight, retail_headers, shopify_headers
from tests.support.stack import eventually


def create_campaign(stack, name="smoke-fault"):
    body = {"name": name, "message": "Smoke test", "audience": {"type": "all"}, "scheduleType": "immediate"}
    response = call("POST", stack.urls["SHOPIFY_API_URL"] + "/campaigns", json=body, headers=shopify_headers(stack))
    assert response.status_code == 201
    return response.json()["data"]["id"]


def enqueue(stack, campaign_id):
    headers = {**shopify_headers(stack), "Idempotency-Key": str(uuid.uuid4())}
    return call("POST", f"{stack.urls['SHOPIFY_API_URL']}/campaigns/{campaign_id}/enqueue", headers=headers)


def full_health(stack):
    return get(stack.urls["SHOPIFY_API_URL"] + "/health/full").json()


def test_web_down_refuses_connections(start_stack):
    stack = start_stack("web-down")
    with pytest.raises(requests.ConnectionError):
        get(stack.urls["WEB_URL"] + "/")
    assert get(stack.urls["SHOPIFY_API_URL"] + "/health").status_code == 200


def test_deep_links_404_serve_the_not_found_page(start_stack):
    stack = start_stack("deep-links-404")
    response = get(stack.urls["WEB_URL"] + "/auth/retail/login")
    assert response.status_code == 404
    assert "Page not found</h1>" in response.text
    assert get(stack.urls["WEB_URL"] + "/").status_code == 200


def test_light_theme_drops_only_the_html_dark_class(start_stack):
    page = get(start_stack("light-theme").urls["WEB_URL"] + "/").text
    assert re.search(r"<html[^>]*>", page).group(0) == '<html lang="en">'
    assert "dark:bg-neutral-950" in page


def test_wrong_public_api_url_is_built_into_the_bundle(start_stack):
    stack = start_stack("wrong-public-api-url")
    scripts = bundle(stack.urls["WEB_URL"], "/auth/retail/login")
    assert "http://localhost:3001" in scripts
    assert stack.urls["RETAIL_API_URL"] not in scripts
    assert stack.urls["SHOPIFY_API_URL"] in scripts


def test_health_not_ok_reports_redis_unhealthy(start_stack):
    body = full_health(start_stack("health-not-ok"))
    assert body["ok"] is False
    statuses = {name: check["status"] for name, check in body["checks"].items() if "status" in check}
    assert statuses == {"db": "healthy", "redis": "unhealthy", "workers": "healthy", "queue": "healthy",
                        "cache": "healthy", "mitto": "healthy"}


def test_retail_db_down_fails_readiness_and_data_only(start_stack):
    stack = start_stack("retail-db-down")
    api = stack.urls["RETAIL_API_URL"]
    signed_in = retail_headers(stack)
    assert get(api + "/healthz").json()["status"] == "ok"
    assert get(api + "/readiness").status_code == 500
    db = get(api + "/health/db")
    assert db.status_code == 503 and db.json()["database"] == "disconnected"
    assert get(api + "/api/dashboard/kpis", headers=signed_in).status_code == 500
    assert get(api + "/api/lists", headers=signed_in).status_code == 500
    assert get(api + "/api/jobs/health", headers=signed_in).status_code == 200


def test_cors_allowlist_reverted_refuses_the_web_origin(start_stack):
    stack = start_stack("cors-allowlist-reverted")
    origin = stack.urls["WEB_URL"]
    shopify = preflight(stack.urls["SHOPIFY_API_URL"] + "/health", origin)
    assert shopify.status_code == 500 and not browser_admits(shopify, origin, credentials=False)
    assert browser_admits(preflight(stack.urls["RETAIL_API_URL"] + "/healthz", origin), origin, credentials=True)


def test_cors_reflects_any_origin_with_credentials(start_stack):
    stack = start_stack("cors-reflects-any-origin")
    response = preflight(stack.urls["RETAIL_API_URL"] + "/healthz", "https://evil.example")
    assert browser_admits(response, "https://evil.example", credentials=True)
    assert preflight(stack.urls["SHOPIFY_API_URL"] + "/health", "https://evil.example").status_code == 500


def test_cors_prefix_match_admits_look_alike_origins(start_stack):
    stack = start_stack("cors-prefix-match")
    look_alike = stack.urls["WEB_URL"] + ".evil.example"
    assert browser_admits(preflight(stack.urls["RETAIL_API_URL"] + "/healthz", look_alike), look_alike, credentials=True)
    assert preflight(stack.urls["RETAIL_API_URL"] + "/healthz", "https://evil.example").status_code == 500
    assert preflight(stack.urls["SHOPIFY_API_URL"] + "/health", look_alike).status_code == 500


def test_auth_open_serves_kpis_to_anonymous_callers(start_stack):
    stack = start_stack("auth-open")
    response = get(stack.urls["RETAIL_API_URL"] + "/api/dashboard/kpis")
    assert response.status_code == 200 and isinstance(response.json()["sentRate"], float)
    assert get(stack.urls["RETAIL_API_URL"] + "/api/lists").status_code == 401


def test_reports_not_embedded_keeps_the_old_dashboard_shape(start_stack):
    stack = start_stack("reports-not-embedded")
    data = get(stack.urls["SHOPIFY_API_URL"] + "/dashboard", headers=shopify_headers(stack)).json()["data"]
    assert "reports" not in data
    assert isinstance(data["credits"], int)


def test_system_segments_missing(start_stack):
    stack = start_stack("system-segments-missing")
    body = get(stack.urls["SHOPIFY_API_URL"] + "/audiences/segments", headers=shopify_headers(stack)).json()
    assert [segment["type"] for segment in body["data"]["segments"]] == ["custom"]
    assert body["data"]["total"] == 1


def test_enqueue_broken_answers_queue_unavailable(start_stack):
    stack = start_stack("enqueue-broken")
    campaign_id = create_campaign(stack)
    response = enqueue(stack, campaign_id)
    assert (response.status_code, response.json()["code"]) == (503, "QUEUE_UNAVAILABLE")
    campaign = get(f"{stack.urls['SHOPIFY_API_URL']}/campaigns/{campaign_id}", headers=shopify_headers(stack))
    assert campaign.json()["data"]["status"] == "draft"


def test_worker_stopped_leaves_jobs_waiting_until_cancelled(start_stack):
    stack = start_stack("worker-stopped")
    health = full_health(stack)
    assert health["checks"]["workers"]["status"] == "unhealthy"
    assert health["checks"]["queue"]["status"] == "healthy" and health["ok"] is True
    campaign_id = create_campaign(stack)
    assert enqueue(stack, campaign_id).json()["queued"] == 3
    url = f"{stack.urls['SHOPIFY_API_URL']}/campaigns/{campaign_id}"
    time.sleep(0.5)  # ten polls of a running worker
    assert get(url, headers=shopify_headers(stack)).json()["data"]["status"] == "sending"
    stats = get(stack.urls["SHOPIFY_API_URL"] + "/campaigns/queue/stats", headers=shopify_headers(stack)).json()
    assert stats["data"]["counts"]["waiting"] == 3
    cancelled = call("POST", url + "/cancel", headers=shopify_headers(stack))
    assert cancelled.status_code == 200 and cancelled.json()["data"]["cancelledRecipients"] == 3
    assert get(url, headers=shopify_headers(stack)).json()["data"]["status"] == "cancelled"
    with sqlite3.connect(stack.db_path) as db:
        assert db.execute("SELECT count(*) FROM jobs WHERE status = 'waiting'").fetchone()[0] == 0


@pytest.mark.parametrize("age, status", [(10, "unhealthy"), (0, "healthy")])
def test_workers_are_healthy_while_the_heartbeat_is_under_3_s_old(start_stack, age, status):
    stack = start_stack("worker-stopped")
    with sqlite3.connect(stack.db_path) as db:
        db.execute("INSERT INTO heartbeats VALUES ('worker', ?)", (time.time() - age,))
    assert full_health(stack)["checks"]["workers"]["status"] == status


def test_queue_backlog_reports_5000_waiting(start_stack):
    stack = start_stack("queue-backlog")
    body = get(stack.urls["RETAIL_API_URL"] + "/api/jobs/health", headers=retail_headers(stack)).json()
    assert body["sms"]["counts"]["waiting"] == 5000


def test_shortener_off_answers_404(start_stack):
    stack = start_stack("shortener-off")
    assert get(f"{stack.urls['SHOPIFY_API_URL']}/r/{stack.env['SHORT_LINK_TOKEN']}").status_code == 404


def test_slow_delays_every_health_endpoint(start_stack):
    stack = start_stack("slow")
    urls = [stack.urls["SHOPIFY_API_URL"] + path for path in ("/health", "/health/full")]
    urls += [stack.urls["RETAIL_API_URL"] + path for path in ("/healthz", "/readiness", "/health/db")]

    def timed(url):
        began = time.monotonic()
        assert get(url).status_code == 200
        return time.monotonic() - began

    with concurrent.futures.ThreadPoolExecutor(len(urls)) as pool:
        assert min(pool.map(timed, urls)) >= 1.5


def test_cold_start_answers_503_then_recovers(start_stack):
    stack = start_stack("cold-start=2")
    urls = [stack.urls["WEB_URL"] + "/", stack.urls["SHOPIFY_API_URL"] + "/health",
            stack.urls["RETAIL_API_URL"] + "/healthz"]
    cold = [get(url) for url in urls]
    assert [response.status_code for response in cold] == [503, 503, 503]
    assert all(1 <= int(response.headers["Retry-After"]) <= 2 for response in cold)
    assert eventually(lambda: [get(url).status_code for url in urls] == [200, 200, 200], timeout=5, interval=0.2)


def test_no_health_db_answers_404(start_stack):
    stack = start_stack("no-health-db")
    assert get(stack.urls["RETAIL_API_URL"] + "/health/db").status_code == 404
    assert get(stack.urls["RETAIL_API_URL"] + "/readiness").status_code == 200


def test_shop_domain_is_credential_accepts_the_header_alone(start_stack):
    stack = start_stack("shop-domain-is-credential")
    api = stack.urls["SHOPIFY_API_URL"]
    response = get(api + "/dashboard", headers=shopify_headers(stack, token=False))
    assert response.status_code == 200 and "credits" in response.json()["data"]
    wrong = {**shopify_headers(stack), "Authorization": "Bearer wrong"}
    assert get(api + "/dashboard", headers=wrong).status_code == 200  # as the real defect: the token is not read
    assert get(api + "/dashboard").json()["code"] == "INVALID_SHOP_DOMAIN"


def test_latency_delays_every_response(start_stack):
    stack = start_stack(latency_ms=300)
    began = time.monotonic()
    assert get(stack.urls["WEB_URL"] + "/").status_code == 200
    assert time.monotonic() - began >= 0.3
