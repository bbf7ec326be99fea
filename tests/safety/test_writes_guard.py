"""Campaigns are created only where writes are allowed: the configured test shop, with SMOKE_ALLOW_WRITES on."""
import base64
import json
import re

from behave.parser import parse_file

from astronote_smoke.safety.writes import token_shop
from shop_records import campaigns_named, run_id
from suite import run_suite
from tests.support.suite_run import PROJECT_ROOT

WRITES = ("I1", "I2", "I3")
CREATES = re.compile(r"creates? a smoke campaign|has created a smoke campaign")


def session_token(claims: dict) -> str:
    """A token shaped like a Shopify session token (a JWT); only its claims matter here."""
    def part(value):
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'HS256', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


def test_every_scenario_that_creates_a_campaign_is_tagged_writes():
    creating = []
    for path in sorted((PROJECT_ROOT / "features").glob("*.feature")):
        for scenario in parse_file(str(path)).walk_scenarios():
            if any(CREATES.search(step.name) for step in scenario.all_steps):
                creating.append(scenario.name)
                assert "writes" in scenario.effective_tags, f"{scenario.name} creates a campaign but is not @writes"
    assert len(creating) == len(WRITES)


def test_the_shop_a_session_token_was_issued_for_is_read_from_its_claims():
    assert token_shop(session_token({"dest": "https://other-shop.myshopify.com", "iss": "x"})) == "other-shop.myshopify.com"
    assert token_shop(session_token({"iss": "https://Other-Shop.myshopify.com/admin"})) == "other-shop.myshopify.com"
    assert token_shop(session_token({"sub": "42"})) is None
    assert token_shop("shpat_0123456789abcdef") is None
    assert token_shop("a.b.c") is None


def test_writes_switched_off_skip_the_writing_scenarios_and_create_nothing(start_stack, tmp_path):
    stack = start_stack()
    run = run_id()
    finished = run_suite("--tags=@writes", settings={**stack.env, "SMOKE_RUN_ID": run, "SMOKE_ALLOW_WRITES": "no"},
                         folder=tmp_path)
    for case in WRITES:
        outcome = finished.outcome(case)
        assert outcome.status == "skipped", (case, outcome)
        assert "SMOKE_ALLOW_WRITES is no" in finished.skip_reason(case)
    # Blocker checks left unchecked: the verdict is INCOMPLETE, which fails the gate.
    assert finished.exit_code == 1, finished.console[-2000:]
    assert "INCOMPLETE for the selection @writes" in finished.console, finished.console[-2000:]
    assert campaigns_named(stack, f"smoke-{run}-") == {}


def test_a_session_token_of_another_shop_fails_the_writing_scenarios_before_any_request(start_stack, tmp_path):
    token = session_token({"dest": "https://someone-else.myshopify.com"})
    stack = start_stack(seed={"SHOPIFY_SESSION_TOKEN": token})
    run = run_id()
    finished = run_suite("--tags=@writes", settings={**stack.env, "SMOKE_RUN_ID": run}, folder=tmp_path)
    for case in WRITES:
        outcome = finished.outcome(case)
        assert outcome.status == "failed", (case, outcome)
        assert (f"Shopify API {stack.urls['SHOPIFY_API_URL']}/campaigns: refusing to create campaigns: "
                "SHOPIFY_SESSION_TOKEN was issued for someone-else.myshopify.com, not for the test shop "
                f"{stack.env['SHOPIFY_SHOP_DOMAIN']}") in outcome.message, outcome.message
    assert campaigns_named(stack, f"smoke-{run}-") == {}
    assert token not in finished.console
