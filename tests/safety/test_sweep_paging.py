"""The sweep against a campaign list that answers as the real one does (`real-astronote/list-*`).

The real list ignores `search`, answers 20 campaigns by default and at most 100 a page
(101 is refused with 400), newest first on `sortBy=createdAt&sortOrder=desc`, with a
`pagination` object. The sweep must page through it, find a leftover behind 40 newer
campaigns, stop at campaigns older than its window, and read a bounded number of pages.
"""
import datetime
import json
from urllib.parse import parse_qs, urlsplit

from requests.structures import CaseInsensitiveDict

from astronote_smoke import sweep
from astronote_smoke.config import settings_from
from astronote_smoke.http import Reply
from astronote_smoke.masking import Masker
from astronote_smoke.run import SmokeRun
from astronote_smoke.services import SHOPIFY

NOW = datetime.datetime.now(datetime.timezone.utc)


def made(name, minutes_ago, status="draft", campaign_id=None):
    created = (NOW - datetime.timedelta(minutes=minutes_ago)).isoformat().replace("+00:00", "Z")
    return {"id": campaign_id or f"cm{abs(hash(name)) % 10**12}", "name": name, "status": status, "createdAt": created}


class RealList:
    """The real campaign list and deletes, in memory; counts every request."""

    def __init__(self, campaigns):
        self.campaigns = list(campaigns)
        self.requests = []

    def request(self, service, method, path, **options):
        self.requests.append(f"{method} {path}")
        url = urlsplit(path)
        if method == "GET" and url.path == "/campaigns":
            query = {key: values[0] for key, values in parse_qs(url.query).items()}
            page, size = int(query.get("page", 1)), int(query.get("pageSize", 20))
            if size > 100 or page < 1:
                return reply(400, {"success": False, "message": "Query validation failed"})
            ordered = sorted(self.campaigns, key=lambda item: item["createdAt"], reverse=True)
            items = ordered[(page - 1) * size: page * size]
            total_pages = max(1, -(-len(ordered) // size))
            return reply(200, {"success": True, "data": {"items": items, "campaigns": items, "pagination": {
                "page": page, "pageSize": size, "total": len(ordered), "totalPages": total_pages,
                "hasNextPage": page < total_pages, "hasPrevPage": page > 1}}})
        campaign_id = url.path.split("/")[2]
        found = next((item for item in self.campaigns if item["id"] == campaign_id), None)
        if found is None:
            return reply(404, {"success": False, "message": "Campaign not found"})
        if method == "DELETE":
            self.campaigns.remove(found)
            return reply(200, {"success": True, "data": None})
        return reply(200, {"success": True, "data": found})


def reply(status, body):
    return Reply(SHOPIFY, "GET", "https://api.example/campaigns", status,
                 CaseInsensitiveDict({"Content-Type": "application/json"}), json.dumps(body).encode(), 5.0, False, "")


def run_against(api):
    run = SmokeRun(settings_from({"SHOPIFY_SHOP_DOMAIN": "smoke-test.myshopify.com",
                                  "SHOPIFY_SESSION_TOKEN": "tok-1234"}), Masker())
    run.client = api
    return run


def merchants(count, start_minutes=1):
    return [made(f"Summer promo {index}", start_minutes + index) for index in range(count)]


def test_a_leftover_behind_forty_newer_campaigns_is_found_and_deleted():
    api = RealList([*merchants(45), made("smoke-old1-I1", 60)])
    result = sweep.sweep(run_against(api), "smoke-")
    assert result.deleted == ["smoke-old1-I1 (draft)"], result.describe()
    assert [item["name"] for item in api.campaigns if item["name"].startswith("smoke-")] == []


def test_the_sweep_pages_beyond_one_page_and_never_asks_for_more_than_a_hundred():
    api = RealList([*merchants(150), made("smoke-old2-I2", 400, status="cancelled")])
    result = sweep.sweep(run_against(api), "smoke-")
    assert result.deleted == ["smoke-old2-I2 (cancelled)"], result.describe()
    pages = [request for request in api.requests if request.startswith("GET /campaigns?")]
    assert len(pages) == 2 and all("pageSize=100" in page and "search" not in page for page in pages), pages


def test_the_sweep_stops_at_campaigns_older_than_its_window():
    api = RealList([*merchants(30), made("smoke-ancient-I1", 60 * 24 * 40), *merchants(300, start_minutes=60 * 24 * 41)])
    result = sweep.sweep(run_against(api), "smoke-", window_s=30 * 86400)
    assert result.found == 0 and result.pages == 1, result.describe()


def test_the_pages_read_are_bounded_and_the_rest_is_said():
    api = RealList([*merchants(sweep.PAGE_SIZE * sweep.MAX_PAGES + 5), made("smoke-far-I1", 60 * 24 * 20)])
    result = sweep.sweep(run_against(api), "smoke-")
    assert result.pages == sweep.MAX_PAGES and result.more_beyond
    assert "more campaigns beyond the 10 pages read" in result.describe()


def test_a_leftover_whose_id_is_not_an_opaque_token_is_reported_and_left_alone():
    api = RealList([made("smoke-evil1-I1", 30, campaign_id="../../dashboard"), made("smoke-fine1-I1", 31)])
    result = sweep.sweep(run_against(api), "smoke-")
    assert result.deleted == ["smoke-fine1-I1 (draft)"]
    assert len(result.failed) == 1 and "smoke-evil1-I1" in result.failed[0] and "is not an id" in result.failed[0]
    assert not any("dashboard" in request for request in api.requests), api.requests


def test_the_after_run_sweep_states_the_runs_campaign_calls():
    run = run_against(RealList([made("smoke-r1-I1", 1)]))
    run.client.paths_sent = ["/campaigns", "/campaigns/cm1", "/campaigns/queue/stats", "/health"]
    run.client.calls_under = lambda prefix: sum(1 for path in run.client.paths_sent if path.startswith(prefix))
    assert sweep.campaign_calls(run) == ("Campaign API calls: 3 this run, within the budget of 35 "
                                         "(all /campaigns/* calls share a rate limit of 40 a minute).")
