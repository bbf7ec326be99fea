"""The API's rate limits: a 429 reads "rate limited", and cleanup waits for Retry-After and tries once more."""
import json

import pytest
from requests.structures import CaseInsensitiveDict

from astronote_smoke import campaigns
from astronote_smoke.config import settings_from
from astronote_smoke.errors import RateLimited
from astronote_smoke.http import Client, Reply
from astronote_smoke.masking import Masker
from astronote_smoke.run import SmokeRun
from astronote_smoke.services import SHOPIFY

CAMPAIGN_CALLS_PER_MINUTE = 40


def test_a_429_fails_with_rate_limited_naming_service_url_and_retry_after(start_stack):
    stack = start_stack()
    client = Client({"shopify": stack.urls["SHOPIFY_API_URL"]}, 5, Masker())
    headers = {"X-Shopify-Shop-Domain": stack.env["SHOPIFY_SHOP_DOMAIN"],
               "Authorization": f"Bearer {stack.env['SHOPIFY_SESSION_TOKEN']}"}
    for _ in range(CAMPAIGN_CALLS_PER_MINUTE):
        assert client.request(SHOPIFY, "GET", "/campaigns/queue/stats", headers=headers).status == 200
    with pytest.raises(RateLimited) as limited:
        client.request(SHOPIFY, "GET", "/campaigns/queue/stats", headers=headers)
    message = str(limited.value)
    assert message.startswith(f"Shopify API GET {stack.urls['SHOPIFY_API_URL']}/campaigns/queue/stats: "
                              "rate limited (429, Retry-After "), message
    assert 0 < limited.value.retry_after <= 60


class ScriptedClient:
    """Answers each request with the next item of a script: a Reply, or an exception to raise."""

    def __init__(self, script):
        self.script = list(script)
        self.requests = []

    def request(self, service, method, path, **options):
        self.requests.append(f"{method} {path}")
        answer = self.script.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def answer(status, body):
    return Reply(SHOPIFY, "GET", "https://api.example/campaigns/c1", status,
                 CaseInsensitiveDict({"Content-Type": "application/json"}), json.dumps(body).encode(), 5.0, False, "")


def test_cleanup_waits_for_retry_after_and_tries_once_more(monkeypatch):
    run = SmokeRun(settings_from({"SHOPIFY_SHOP_DOMAIN": "smoke-test.myshopify.com", "SHOPIFY_SESSION_TOKEN": "tok-1234"}),
                   Masker())
    limited = RateLimited("Shopify API GET https://api.example/campaigns/c1: rate limited (429, Retry-After 7)", 7.0)
    run.client = ScriptedClient([limited, answer(200, {"data": {"status": "draft"}}), answer(200, {"success": True}),
                                 answer(404, {"success": False, "message": "Campaign not found"})])
    waits = []
    monkeypatch.setattr(campaigns.time, "sleep", waits.append)
    outcome = campaigns.clean_up(run, campaigns.Campaign("c1", "smoke-run-I1"))
    assert waits == [7.0]
    assert run.client.requests == ["GET /campaigns/c1", "GET /campaigns/c1", "DELETE /campaigns/c1", "GET /campaigns/c1"]
    assert outcome == "deleted draft campaign smoke-run-I1"


def test_cleanup_refused_twice_reports_rate_limited(monkeypatch):
    run = SmokeRun(settings_from({"SHOPIFY_SHOP_DOMAIN": "smoke-test.myshopify.com", "SHOPIFY_SESSION_TOKEN": "tok-1234"}),
                   Masker())
    limited = RateLimited("Shopify API GET https://api.example/campaigns/c1: rate limited (429, Retry-After 7)", 7.0)
    run.client = ScriptedClient([limited, limited])
    monkeypatch.setattr(campaigns.time, "sleep", lambda seconds: None)
    with pytest.raises(RateLimited, match="rate limited"):
        campaigns.clean_up(run, campaigns.Campaign("c1", "smoke-run-I1"))
    assert len(run.client.requests) == 2
