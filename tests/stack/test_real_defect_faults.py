"""The faults that reproduce what the real product did when it was run: its
defects (the queue probe race, campaigns stuck in sending, the missing /error
page, a not-found page served with 200), how production runs its worker, and
its answers while PostgreSQL or Redis were stopped."""

import time
import uuid

import pytest
import requests

from stack_support import call, get, retail_headers, shopify_headers
from tests.support.stack import eventually

NOT_FOUND_HEADING = "Page not found</h1>"


def full_health(stack):
    return get(stack.urls["SHOPIFY_API_URL"] + "/health/full").json()


def test_queue_probe_race_makes_the_queue_check_quote_the_locked_job(start_stack):
    body = full_health(start_stack("queue-probe-race"))
    assert body["ok"] is False
    assert body["checks"]["queue"]["status"] == "unhealthy"
    assert body["checks"]["queue"]["error"].endswith("could not be removed because it is locked by another worker")
    assert (body["checks"]["db"]["status"], body["checks"]["workers"]["status"]) == ("healthy", "healthy")


def test_separate_worker_reports_workers_healthy_whatever_runs(start_stack):
    workers = full_health(start_stack("separate-worker", "worker-stopped"))["checks"]["workers"]
    assert (workers["status"], workers["mode"]) == ("healthy", "separate")
    assert workers["note"] == "Workers run in separate process or are disabled"


def test_campaign_stuck_sending_sends_but_never_finishes(start_stack):
    stack = start_stack("campaign-stuck-sending")
    api, tenant = stack.urls["SHOPIFY_API_URL"], shopify_headers(stack)
    body = {"name": "smoke-stuck", "message": "Smoke test", "audience": {"type": "all"}, "scheduleType": "immediate"}
    campaign_id = call("POST", api + "/campaigns", json=body, headers=tenant).json()["data"]["id"]
    call("POST", f"{api}/campaigns/{campaign_id}/enqueue", headers={**tenant, "Idempotency-Key": str(uuid.uuid4())})
    drained = eventually(lambda: get(api + "/campaigns/queue/stats", headers=tenant).json()["data"]["counts"]["waiting"] == 0)
    assert drained
    time.sleep(0.3)  # several worker polls after the last job
    campaign = get(f"{api}/campaigns/{campaign_id}", headers=tenant).json()["data"]
    assert (campaign["status"], campaign["sentCount"], campaign["totalRecipients"]) == ("sending", 0, 3)
    cancelled = call("POST", f"{api}/campaigns/{campaign_id}/cancel", headers=tenant)
    assert cancelled.status_code == 200
    assert call("DELETE", f"{api}/campaigns/{campaign_id}", headers=tenant).status_code == 200


def test_no_error_page_sends_unknown_links_to_the_not_found_page(start_stack):
    stack = start_stack("no-error-page")
    location = get(stack.urls["SHOPIFY_API_URL"] + "/r/UnknownToken0001").headers["Location"]
    assert location == stack.urls["WEB_URL"] + "/error?message=Link%20not%20found"
    page = get(location)
    assert page.status_code == 404 and NOT_FOUND_HEADING in page.text


def test_not_found_200_serves_the_not_found_page_on_deep_links(start_stack):
    stack = start_stack("not-found-200")
    page = get(stack.urls["WEB_URL"] + "/auth/shopify/connect")
    assert page.status_code == 200 and NOT_FOUND_HEADING in page.text
    assert NOT_FOUND_HEADING not in get(stack.urls["WEB_URL"] + "/").text


def test_postgres_down_answers_as_the_real_apis_did(start_stack):
    stack = start_stack("postgres-down")
    shopify, retail = stack.urls["SHOPIFY_API_URL"], stack.urls["RETAIL_API_URL"]
    assert get(shopify + "/health").json()["ok"] is True
    health = full_health(stack)
    assert (health["ok"], health["checks"]["db"]["status"]) == (False, "unhealthy")
    assert "Can't reach database server" in health["checks"]["db"]["error"]
    dashboard = get(shopify + "/dashboard", headers=shopify_headers(stack))
    assert (dashboard.status_code, dashboard.json()["code"]) == (500, "STORE_RESOLUTION_ERROR")
    readiness = get(retail + "/readiness")
    assert (readiness.status_code, readiness.json()["code"]) == (500, "HEALTH_CHECK_ERROR")
    login = call("POST", retail + "/api/auth/login",
                 json={"email": stack.env["RETAIL_EMAIL"], "password": stack.env["RETAIL_PASSWORD"]})
    assert (login.status_code, login.json()["code"]) == (401, "P1001")


def test_redis_down_hangs_the_queue_probes(start_stack):
    stack = start_stack("redis-down")
    with pytest.raises(requests.Timeout):
        requests.get(stack.urls["SHOPIFY_API_URL"] + "/health/full", timeout=1)
    with pytest.raises(requests.Timeout):
        requests.get(stack.urls["RETAIL_API_URL"] + "/api/jobs/health", headers=retail_headers(stack), timeout=1)
    stats = get(stack.urls["SHOPIFY_API_URL"] + "/campaigns/queue/stats", headers=shopify_headers(stack))
    assert (stats.status_code, stats.json()["message"]) == (500, "Connection is closed.")
    assert get(stack.urls["SHOPIFY_API_URL"] + "/health").json()["ok"] is True


def test_redis_not_reconnected_leaves_redis_and_queue_unhealthy(start_stack):
    stack = start_stack("redis-not-reconnected")
    checks = full_health(stack)["checks"]
    assert (checks["redis"]["status"], checks["queue"]["error"]) == ("unhealthy", "Connection is closed.")
    stats = get(stack.urls["SHOPIFY_API_URL"] + "/campaigns/queue/stats", headers=shopify_headers(stack))
    assert stats.status_code == 500
    assert get(stack.urls["RETAIL_API_URL"] + "/api/jobs/health", headers=retail_headers(stack)).status_code == 200
