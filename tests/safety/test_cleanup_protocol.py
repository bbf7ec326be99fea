"""Cleanup as the real API allows it, and never reported as done when it was not.

The answers are those of the recorded real product (`real-astronote/flow-*`, `misc-*`):
draft, scheduled, cancelled and failed campaigns are deleted, a sending one is cancelled and
then deleted, sent and completed ones are kept; a deletion counts only when a GET then
answers 404; an answer about another campaign than the one created fails loudly.
"""
import pytest

from astronote_smoke import campaigns
from astronote_smoke.config import settings_from
from astronote_smoke.errors import ContractViolation
from astronote_smoke.masking import Masker
from astronote_smoke.run import SmokeRun
from test_rate_limited_cleanup import ScriptedClient, answer

GONE = answer(404, {"success": False, "error": "not_found", "message": "Campaign not found"})
DELETED = answer(200, {"success": True, "data": None, "message": "Campaign deleted successfully"})
CAMPAIGN = campaigns.Campaign("cm1abc", "smoke-run-I2")


def scripted_run(*script):
    run = SmokeRun(settings_from({"SHOPIFY_SHOP_DOMAIN": "smoke-test.myshopify.com",
                                  "SHOPIFY_SESSION_TOKEN": "tok-1234"}), Masker())
    run.client = ScriptedClient(script)
    return run


def state(status, campaign_id="cm1abc"):
    return answer(200, {"success": True, "data": {"id": campaign_id, "status": status}})


@pytest.mark.parametrize("status", ["draft", "scheduled", "cancelled", "failed"])
def test_what_the_api_lets_us_delete_is_deleted_and_seen_gone(status):
    run = scripted_run(state(status), DELETED, GONE)
    assert campaigns.clean_up(run, CAMPAIGN) == f"deleted {status} campaign smoke-run-I2"
    assert run.client.requests == ["GET /campaigns/cm1abc", "DELETE /campaigns/cm1abc", "GET /campaigns/cm1abc"]


def test_a_sending_campaign_is_cancelled_then_deleted():
    cancelled = answer(200, {"success": True, "data": {"ok": True, "campaignId": "cm1abc", "cancelledRecipients": 1}})
    run = scripted_run(state("sending"), cancelled, DELETED, GONE)
    assert campaigns.clean_up(run, CAMPAIGN) == "deleted sending campaign smoke-run-I2 after cancelling it"
    assert run.client.requests == ["GET /campaigns/cm1abc", "POST /campaigns/cm1abc/cancel",
                                   "DELETE /campaigns/cm1abc", "GET /campaigns/cm1abc"]


@pytest.mark.parametrize("status", ["sent", "completed"])
def test_sent_and_completed_campaigns_stay_as_the_record(status):
    run = scripted_run(state(status))
    assert campaigns.clean_up(run, CAMPAIGN).startswith(f"kept {status} campaign smoke-run-I2 as this run's record")


@pytest.mark.parametrize("after_delete", [state("draft"), answer(200, {"success": True, "data": None})])
def test_a_delete_that_answers_success_but_leaves_the_campaign_fails(after_delete):
    run = scripted_run(state("draft"), DELETED, after_delete)
    with pytest.raises(ContractViolation, match="to be gone after its DELETE .*the campaign is still there"):
        campaigns.clean_up(run, CAMPAIGN)


@pytest.mark.parametrize("other", ["cm2other", "cm1abc/../cm2"])
def test_an_answer_about_another_campaign_fails_and_nothing_is_deleted(other):
    run = scripted_run(state("draft", campaign_id=other))
    with pytest.raises(ContractViolation, match="expected the campaign created, \"cm1abc\", got campaign"):
        campaigns.clean_up(run, CAMPAIGN)
    assert run.client.requests == ["GET /campaigns/cm1abc"]


@pytest.mark.parametrize("hostile_id", ["../dashboard", "cm1/cancel", "cm1?x=1", "cm1%2F..", "c" * 200])
def test_a_created_id_that_is_not_an_opaque_token_fails_before_any_url_holds_it(hostile_id):
    created = answer(201, {"success": True, "data": {"id": hostile_id, "status": "draft"}})
    run = scripted_run(created)
    with pytest.raises(ContractViolation, match="expected `data.id` to be an opaque id, got .*left to the sweep"):
        campaigns.create(run, "I1")
    assert run.client.requests == ["POST /campaigns"]
    with pytest.raises(ValueError, match="is not an id"):
        campaigns.Campaign(hostile_id, "smoke-run-I1").path


def test_a_campaign_already_gone_is_not_deleted_again():
    run = scripted_run(GONE)
    assert campaigns.clean_up(run, CAMPAIGN).startswith("gone:")
