"""The healthy Shopify API: health (D1, D2, K2), tenant authentication (F1, F3),
dashboard (G1), segments (H1), campaigns and their queue (I1-I3, K3), short links (J1, J2).

This module makes fewer /campaigns calls than the production limit of 40 a
minute per shop, and fewer than 5 enqueues."""

import sqlite3
import uuid

import pytest

from stack_support import call, get, shopify_headers
from tests.support.stack import eventually

G1_COUNTERS = ["credits", "totalCampaigns", "totalContacts", "totalMessagesSent", "activeAutomations"]


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@pytest.fixture(scope="module")
def api(healthy):
    return healthy.urls["SHOPIFY_API_URL"]


@pytest.fixture(scope="module")
def tenant(healthy):
    return shopify_headers(healthy)


def create_campaign(api, tenant, name):
    body = {"name": name, "message": "Smoke test", "audience": {"type": "all"}, "scheduleType": "immediate"}
    response = call("POST", api + "/campaigns", json=body, headers=tenant)
    assert response.status_code == 201, response.text
    return response.json()["data"]


def test_health_is_ok_with_a_timestamp(api):
    response = get(api + "/health")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and is_number(body["t"])
    assert body["apiVersion"] and body["timestamp"]


def test_full_health_reports_every_check_healthy(api):
    body = get(api + "/health/full").json()
    assert body["ok"] is True
    assert {name: check["status"] for name, check in body["checks"].items() if "status" in check} == dict.fromkeys(
        ["db", "redis", "workers", "queue", "cache", "mitto"], "healthy"
    )
    workers = body["checks"]["workers"]
    assert (workers["mode"], workers["started"]) == ("embedded", True)
    assert body["version"] == "1.0.0" and is_number(body["uptime"]) and "memory" in body["metrics"]


@pytest.mark.parametrize("headers, status, code", [
    ({}, 400, "INVALID_SHOP_DOMAIN"),
    ({"X-Shopify-Shop-Domain": "nonexistent-1234.myshopify.com"}, 401, "STORE_NOT_FOUND"),
    ("shop only", 401, None),
    ("wrong token", 401, None),
])
def test_tenant_calls_need_shop_and_token(healthy, api, headers, status, code):
    if headers == "shop only":
        headers = shopify_headers(healthy, token=False)
    elif headers == "wrong token":
        headers = {**shopify_headers(healthy), "Authorization": "Bearer not-the-token"}
    response = get(api + "/dashboard", headers=headers)
    assert response.status_code == status
    body = response.json()
    assert (body["success"], body.get("code")) == (False, code)
    assert isinstance(body["error"], str) and isinstance(body["message"], str)
    assert "data" not in body


def test_dashboard_embeds_its_reports(api, tenant):
    response = get(api + "/dashboard", headers=tenant)
    assert response.status_code == 200
    data = response.json()["data"]
    assert all(is_number(data[counter]) for counter in G1_COUNTERS)
    reports = data["reports"]
    assert all(is_number(value) for value in reports["last7Days"].values())
    assert set(reports["last7Days"]) == {"sent", "delivered", "failed", "unsubscribes"}
    assert all(isinstance(reports[name], list) for name in ("topCampaigns", "deliveryRateTrend", "creditsUsage"))


def test_system_segments_exist(api, tenant):
    body = get(api + "/audiences/segments", headers=tenant).json()
    assert body["success"] is True and is_number(body["data"]["total"])
    system = {segment["key"] for segment in body["data"]["segments"] if segment["type"] == "system"}
    assert {"gender_male", "gender_female", "age_18_24"} <= system
    assert any(segment["type"] == "custom" for segment in body["data"]["segments"])


def test_a_draft_is_created_found_and_deleted(api, tenant):
    campaign = create_campaign(api, tenant, "smoke-test-draft")
    assert (campaign["status"], campaign["audience"], campaign["priority"]) == ("draft", "all", "normal")
    found = get(f"{api}/campaigns/{campaign['id']}", headers=tenant).json()["data"]
    assert (found["name"], found["statusRaw"], found["audience"]) == ("smoke-test-draft", "draft", "all")
    deleted = call("DELETE", f"{api}/campaigns/{campaign['id']}", headers=tenant)
    assert (deleted.status_code, deleted.json()["message"]) == (200, "Campaign deleted successfully")
    response = get(f"{api}/campaigns/{campaign['id']}", headers=tenant)
    assert (response.status_code, response.json()["error"]) == (404, "not_found")
    assert "code" not in response.json()


def test_create_validates_its_input(api, tenant):
    response = call("POST", api + "/campaigns", json={"name": "no message"}, headers=tenant)
    assert (response.status_code, response.json()["error"]) == (400, "validation_error")


def test_a_cancelled_campaign_can_be_deleted_and_a_draft_not_cancelled(healthy, api, tenant):
    campaign = create_campaign(api, tenant, "smoke-test-cancel")
    url = f"{api}/campaigns/{campaign['id']}"
    refused = call("POST", url + "/cancel", headers=tenant)
    assert refused.status_code == 409
    assert refused.json() | {"apiVersion": None, "timestamp": None} == {
        "ok": False, "message": "Campaign cannot be cancelled in draft status", "code": "INVALID_STATUS",
        "reason": "invalid_status:draft", "apiVersion": None, "timestamp": None}
    with sqlite3.connect(healthy.db_path) as db:
        db.execute("UPDATE campaigns SET status = 'cancelled' WHERE id = ?", (campaign["id"],))
    assert call("DELETE", url, headers=tenant).status_code == 200


def test_the_list_ignores_search_and_pages_newest_first(api, tenant):
    prefix = f"smoke-{uuid.uuid4().hex[:8]}"
    created = [create_campaign(api, tenant, f"{prefix}-{n}")["id"] for n in range(3)]
    body = get(api + "/campaigns", params={"search": "zzzz-nomatch", "pageSize": 2}, headers=tenant).json()
    assert body["data"]["items"] == body["data"]["campaigns"]
    assert [item["id"] for item in body["data"]["items"]] == created[::-1][:2]
    pagination = body["data"]["pagination"]
    assert (pagination["page"], pagination["pageSize"], pagination["hasNextPage"], pagination["hasPrevPage"]) == (
        1, 2, True, False)
    assert pagination["totalPages"] == -(-pagination["total"] // 2)
    second = get(api + "/campaigns", params={"page": 2, "pageSize": 2}, headers=tenant).json()["data"]
    assert [item["id"] for item in second["items"]][:1] == created[:1]
    assert get(api + "/campaigns", headers=tenant).json()["data"]["pagination"]["pageSize"] == 20


@pytest.mark.parametrize("query", ["pageSize=101", "pageSize=500", "page=0", "status=completed",
                                   "status=bogus", "sortBy=bogus"])
def test_the_list_refuses_what_the_real_one_refuses(api, tenant, query):
    response = get(f"{api}/campaigns?{query}", headers=tenant)
    assert (response.status_code, response.json()["message"]) == (400, "Query validation failed")


def test_enqueue_needs_an_idempotency_key(api, tenant):
    campaign = create_campaign(api, tenant, "smoke-test-no-key")
    response = call("POST", f"{api}/campaigns/{campaign['id']}/enqueue", headers=tenant)
    assert (response.status_code, response.json()["error"]) == (400, "validation_error")


def test_enqueued_campaign_is_sent_once_and_kept(healthy, api, tenant):
    campaign = create_campaign(api, tenant, "smoke-test-I2")
    url = f"{api}/campaigns/{campaign['id']}"
    headers = {**tenant, "Idempotency-Key": str(uuid.uuid4())}

    first = call("POST", url + "/enqueue", headers=headers)
    assert first.status_code == 200
    answer = first.json()
    assert answer["ok"] is True and answer["campaignId"] == campaign["id"]
    assert answer["queued"] == answer["enqueuedJobs"] == 3

    again = call("POST", url + "/enqueue", headers=headers)
    assert again.status_code == 200
    assert {key: again.json()[key] for key in ("ok", "queued", "enqueuedJobs", "campaignId")} == {
        key: answer[key] for key in ("ok", "queued", "enqueuedJobs", "campaignId")
    }
    with sqlite3.connect(healthy.db_path) as db:
        jobs = db.execute("SELECT count(*) FROM jobs WHERE campaign_id = ?", (campaign["id"],)).fetchone()[0]
    assert jobs == 3

    # The worker drains the jobs in the background.
    status = eventually(lambda: get(url, headers=tenant).json()["data"]["status"] == "completed", interval=0.2)
    assert status, get(url, headers=tenant).json()
    sent = get(api + "/campaigns", params={"status": "sent", "pageSize": 100}, headers=tenant).json()["data"]
    assert campaign["id"] in [item["id"] for item in sent["items"]]

    refused = call("DELETE", url, headers=tenant)
    assert refused.status_code == 400
    assert refused.json()["message"] == "Cannot delete a campaign that is sent or currently sending"
    assert call("POST", url + "/cancel", headers=tenant).json()["reason"] == "invalid_status:completed"
    again = call("POST", url + "/enqueue", headers={**tenant, "Idempotency-Key": str(uuid.uuid4())})
    assert (again.status_code, again.json()["code"]) == (409, "INVALID_STATUS")


def test_the_worker_beats_its_heartbeat(healthy):
    def heartbeat():
        with sqlite3.connect(healthy.db_path) as db:
            return db.execute("SELECT at FROM heartbeats WHERE name = 'worker'").fetchone()[0]

    first = heartbeat()
    assert eventually(lambda: heartbeat() > first)


def test_queue_stats_count_jobs(api, tenant):
    body = get(api + "/campaigns/queue/stats", headers=tenant).json()
    assert body["success"] is True
    counts = body["data"]["counts"]
    assert set(counts) == {"waiting", "active", "completed", "delayed", "failed", "total"}
    assert all(is_number(count) for count in counts.values())
    assert set(body["data"]["processing"]) == {"jobsPerHour", "recentCompleted", "recentFailed"}
    assert body["data"]["health"]["status"] in ("idle", "active")


def test_known_short_link_redirects_to_its_destination(healthy, api):
    response = get(f"{api}/r/{healthy.env['SHORT_LINK_TOKEN']}")
    assert response.status_code == 302
    assert response.headers["Location"] == healthy.env["SHORT_LINK_DESTINATION"]
    with sqlite3.connect(healthy.db_path) as db:
        assert db.execute("SELECT clicks FROM short_links").fetchone()[0] >= 1


def test_unknown_short_link_leads_to_a_web_error_page(healthy, api):
    response = get(f"{api}/r/0123456789abcdef")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(healthy.urls["WEB_URL"] + "/error")


def test_unknown_route_is_a_json_404(api):
    response = get(api + "/nothing")
    assert (response.status_code, response.json()["error"]) == (404, "not_found")
