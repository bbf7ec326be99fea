"""The API's rate limits: a 429 reads "rate limited", and cleanup waits for Retry-After (or a stated back-off
when there is none it can read) and tries again, within a stated bound."""
import json

import pytest
from requests.structures import CaseInsensitiveDict

from astronote_smoke import campaigns, rate_limit
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


def shop_run():
    return SmokeRun(settings_from({"SHOPIFY_SHOP_DOMAIN": "smoke-test.myshopify.com", "SHOPIFY_SESSION_TOKEN": "tok-1234"}),
                    Masker())


def limited(retry_after):
    shown = "not given" if retry_after is None else f"{retry_after:g}"
    return RateLimited(f"Shopify API GET https://api.example/campaigns/c1: rate limited (429, Retry-After {shown})",
                       retry_after)


@pytest.mark.parametrize("retry_after, waits", [(7.0, [7.0, 7.0, 7.0]), (None, list(rate_limit.BACKOFF_S))])
def test_cleanup_refused_past_the_bound_says_so_and_names_the_campaign_left(monkeypatch, retry_after, waits):
    run = shop_run()
    run.client = ScriptedClient([limited(retry_after)] * (rate_limit.RETRIES + 1))
    slept = []
    monkeypatch.setattr(rate_limit.time, "sleep", slept.append)
    with pytest.raises(RateLimited) as raised:
        campaigns.clean_up(run, campaigns.Campaign("c1", "smoke-run-I1"))
    assert slept == waits
    assert len(run.client.requests) == rate_limit.RETRIES + 1
    assert str(raised.value).endswith(f"rate limited (429, Retry-After {'not given' if retry_after is None else '7'}), "
                                      f"still after {rate_limit.bound()}: campaign smoke-run-I1 is left"), raised.value


@pytest.mark.parametrize("retry_afters, waits", [((None, None), [1.0, 2.0]), ((0.0, 3.0), [0.0, 3.0])])
def test_cleanup_after_two_refusals_still_deletes(monkeypatch, retry_afters, waits):
    run = shop_run()
    run.client = ScriptedClient([*(limited(seconds) for seconds in retry_afters), answer(200, {"data": {"status": "draft"}}),
                                 answer(200, {"success": True}), answer(404, {"success": False})])
    slept = []
    monkeypatch.setattr(rate_limit.time, "sleep", slept.append)
    assert campaigns.clean_up(run, campaigns.Campaign("c1", "smoke-run-I1")) == "deleted draft campaign smoke-run-I1"
    assert slept == waits


def test_the_wait_in_all_stays_within_the_budget(monkeypatch):
    # Two full windows would hold a run for two minutes: the second 60 s Retry-After is past the budget.
    slept = []
    calls = []

    def refused():
        calls.append(1)
        raise limited(60.0)

    with pytest.raises(RateLimited):
        rate_limit.retrying(refused, sleep=slept.append)
    assert slept == [60.0] and len(calls) == 2 and sum(slept) <= rate_limit.WAIT_BUDGET_S
