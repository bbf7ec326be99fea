"""SMOKE_EXPECT_RELEASE: what it accepts, what a malformed value says, and whether a target serves it."""
from __future__ import annotations

import pytest

from astronote_smoke.config import ConfigError, settings_from, setting
from astronote_smoke.expectation import Expectation, parse_expectation
from astronote_smoke.fingerprint import Fingerprint
from astronote_smoke.taken_effect import Past, PastRun, rolled_back, unmet

WEB_OLD, WEB_NEW, WEB_OLDER = "aaaaaaaaaaaa", "bbbbbbbbbbbb", "cccccccccccc"
SHOPIFY = "111111111111"
RUNS = (PastRun("r1", "2026-12-04T08:00:00+00:00", {"web": WEB_OLDER, "shopify": SHOPIFY}),
        PastRun("r2", "2026-12-05T09:12:00+00:00", {"web": WEB_OLD, "shopify": SHOPIFY}))
PAST = Past(runs=RUNS, named=RUNS)


def now(web: str, shopify: str = SHOPIFY) -> dict[str, Fingerprint]:
    return {"web": Fingerprint("web", web, f"build id id-{web[:3]}", (f"id-{web[:3]}",)),
            "shopify": Fingerprint("shopify", shopify, "1.0.0", ("1.0.0",)),
            "retail": Fingerprint("retail", "", "reports no version or build")}


@pytest.mark.parametrize(("raw", "expected"), [
    ("changed", Expectation(any_changed=True)),
    (" web=changed , shopify=1.0.1 ", Expectation(services={"web": "changed", "shopify": "1.0.1"})),
    ("retail=2694572a,worker=changed", Expectation(services={"retail": "2694572a", "worker": "changed"})),
    ("run=gh1234-1", Expectation(rollback_to="gh1234-1")),
])
def test_the_expectations_a_deploy_job_can_give(raw, expected):
    assert parse_expectation("SMOKE_EXPECT_RELEASE", raw) == expected


@pytest.mark.parametrize(("raw", "says"), [
    ("web", "must be `changed`, `run=<run id>` or service=value items (web, shopify, retail, worker), got 'web'"),
    ("mobile=1.0", "names an unknown service 'mobile': use web, shopify, retail, worker or run"),
    ("web=1,web=2", "names web twice"),
    ("run=r1,web=changed", "run=<run id> stands alone"),
    ("web=a b", "got 'web=a b'"),
    ("web=\x1b[2J", "got 'web=\\x1b[2J'"),
])
def test_a_malformed_expectation_stops_the_run_naming_the_variable(raw, says):
    with pytest.raises(ConfigError) as error:
        settings_from({"SMOKE_EXPECT_RELEASE": raw})
    assert str(error.value).startswith("configuration error: SMOKE_EXPECT_RELEASE ")
    assert says in str(error.value)
    assert "\n" not in str(error.value)


def test_unset_means_no_expectation():
    assert setting("SMOKE_EXPECT_RELEASE", {}) is None
    assert setting("SMOKE_EXPECT_RELEASE", {"SMOKE_EXPECT_RELEASE": "  "}) is None


def test_a_deploy_that_did_not_take_effect_says_so_naming_the_service():
    assert unmet(Expectation(services={"web": "changed"}), now(WEB_OLD), PAST) == [
        "the web app still serves build aaaaaaaaaaaa, build id id-aaa, the one of the previous run: "
        "this deploy has not taken effect"]
    assert unmet(Expectation(services={"web": "changed"}), now(WEB_NEW), PAST) == []


def test_bare_changed_needs_one_service_to_differ():
    assert unmet(Expectation(any_changed=True), now(WEB_NEW), PAST) == []
    assert unmet(Expectation(any_changed=True), now(WEB_OLD), PAST) == [
        "the web app still serves build aaaaaaaaaaaa, build id id-aaa, the one of the previous run: "
        "this deploy has not taken effect",
        "the Shopify API still serves 1.0.0, the one of the previous run: this deploy has not taken effect"]


def test_a_change_back_to_an_older_build_is_a_rollback_by_the_host():
    assert unmet(Expectation(services={"web": "changed"}), now(WEB_OLDER), PAST) == [
        "the web app serves build cccccccccccc, build id id-ccc, the one of the older run r1: "
        "the host rolled back, this deploy has not taken effect"]


def test_a_named_version_or_build_must_be_the_one_served():
    assert unmet(Expectation(services={"shopify": "1.0.0", "web": "id-bbb"}), now(WEB_NEW), PAST) == []
    assert unmet(Expectation(services={"shopify": "1.0.1"}), now(WEB_NEW), PAST) == [
        "the Shopify API serves 1.0.0, not 1.0.1: this deploy has not taken effect"]
    assert unmet(Expectation(services={"retail": "2694572"}), now(WEB_NEW), PAST) == [
        "the retail API reports no version or build: cannot tell that retail=2694572 took effect"]


def test_a_run_that_found_the_service_down_is_passed_over():
    down = Past(RUNS + (PastRun("r3", "2026-12-05T10:00:00+00:00", {"shopify": SHOPIFY}),))
    assert unmet(Expectation(services={"web": "changed"}), now(WEB_OLD), down) == [
        "the web app still serves build aaaaaaaaaaaa, build id id-aaa, the one of the previous run: "
        "this deploy has not taken effect"]
    assert unmet(Expectation(services={"web": "changed"}), now(WEB_OLDER), down)[0].endswith(
        "the one of the older run r1: the host rolled back, this deploy has not taken effect")


def test_changed_with_no_earlier_run_cannot_be_confirmed():
    assert unmet(Expectation(services={"web": "changed"}), now(WEB_NEW), Past()) == [
        "the web app serves build bbbbbbbbbbbb, build id id-bbb, and no earlier run against this target recorded "
        "a build to compare it with: cannot tell that this deploy took effect"]


def test_a_rollback_is_checked_against_every_build_of_the_run_it_names():
    expected = Expectation(rollback_to="r1")
    assert unmet(expected, now(WEB_OLDER), PAST) == []
    assert rolled_back(expected, now(WEB_OLDER), PAST) == "rolled back to the build of run r1: yes"
    assert unmet(expected, now(WEB_OLD), PAST) == [
        "the web app serves build aaaaaaaaaaaa, build id id-aaa, not the build of run r1: "
        "the rollback has not taken effect"]
    assert rolled_back(expected, now(WEB_OLD), PAST) == "rolled back to the build of run r1: no"
    assert unmet(Expectation(rollback_to="r9"), now(WEB_OLD), PAST) == [
        "run r9 recorded no builds against this target: cannot tell that the rollback took effect"]
    assert rolled_back(Expectation(services={"web": "changed"}), now(WEB_OLD), PAST) == ""
