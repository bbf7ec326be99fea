"""Production rate limits of the Shopify API (contract section I): 40
/campaigns calls a minute per shop, 5 enqueues of its own, 100 short-link
visits a minute per IP; then 429 with Retry-After."""

import pytest

from stack_support import call, get

from astronote_smoke.stack import ReferenceStack


@pytest.fixture(scope="module")
def api():
    with ReferenceStack() as stack:
        yield stack.urls["SHOPIFY_API_URL"]


def assert_rate_limited(response):
    assert response.status_code == 429
    assert response.json()["error"] == "rate_limit_exceeded"
    assert 1 <= int(response.headers["Retry-After"]) <= 60


def test_campaign_calls_share_40_a_minute_per_shop(api):
    shop = {"X-Shopify-Shop-Domain": "rate-limited.myshopify.com"}
    answers = [get(api + "/campaigns", headers=shop).status_code for _ in range(40)]
    assert 429 not in answers
    assert_rate_limited(get(api + "/campaigns/queue/stats", headers=shop))
    other_shop = {"X-Shopify-Shop-Domain": "another.myshopify.com"}
    assert get(api + "/campaigns", headers=other_shop).status_code != 429


def test_enqueue_has_5_a_minute_of_its_own(api):
    shop = {"X-Shopify-Shop-Domain": "enqueue-limited.myshopify.com"}
    answers = [call("POST", api + "/campaigns/x/enqueue", headers=shop).status_code for _ in range(5)]
    assert 429 not in answers
    assert_rate_limited(call("POST", api + "/campaigns/x/enqueue", headers=shop))
    assert get(api + "/campaigns", headers=shop).status_code != 429


def test_short_links_allow_100_a_minute_per_ip(api):
    answers = [get(api + "/r/unknown").status_code for _ in range(100)]
    assert set(answers) == {302}
    assert_rate_limited(get(api + "/r/unknown"))
    assert get(api + "/health").status_code == 200
