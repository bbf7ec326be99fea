"""The suite against the project's own hostile target: it must not leak, write elsewhere, hang or lie.

Each class of hostile answer (stack/hostile.py) is run against both ways the suite runs, plain
behave and the main command with its parallel workers. Every run must end within its bound,
with a verdict, each failure one readable line, and nothing the target sent may reach an
output unescaped or unmasked.
"""
import re
import xml.etree.ElementTree as ElementTree

import pytest

from astronote_smoke.masking import MASK
from astronote_smoke.stack.hostile import HOSTILE_VERSION, RELEASE_BEFORE_TOKEN, TRAP_COOKIE
from canaries import canary, hits, texts
from shop_records import campaigns_named, open_campaigns, run_id
from suite import run_suite

RUNNERS = ["behave", "parallel"]
# Two services of 2 s each, the warm-up's 2 s and a few scenarios: far below this, whatever the target does.
BOUND_S = 60


def hostile_run(stack, tags, tmp_path, runner, **settings):
    # Without the plain formatter, which needs one process, the main command really forks its workers.
    run = run_suite(f"--tags={tags}", settings={**stack.env, **settings}, runner=runner, plain=runner == "behave",
                    folder=tmp_path)
    assert run.seconds < BOUND_S, f"the run took {run.seconds:.0f} s"
    assert "Traceback" not in run.console and "ABORTED" not in run.console, run.console[-3000:]
    return run


def assert_one_readable_line(message):
    assert "\n" not in message and "\x1b" not in message and len(message) < 2000, message


# --- ids are opaque tokens; a cleanup that did not happen is never reported as done

@pytest.mark.parametrize("runner", RUNNERS)
def test_a_created_id_that_points_elsewhere_fails_and_the_campaign_is_swept_by_name(start_stack, runner, tmp_path):
    stack = start_stack("campaign-id-traversal")
    run = run_id()
    finished = hostile_run(stack, "@I1", tmp_path, runner, SMOKE_RUN_ID=run)
    outcome = finished.outcome("I1")
    assert outcome.status == "failed" and "expected `data.id` to be an opaque id" in outcome.message, outcome
    assert_one_readable_line(outcome.message)
    assert "deleted draft campaign" not in finished.console.split("Sweep of")[0]
    assert open_campaigns(stack, f"smoke-{run}-") == {}, finished.console[-3000:]


@pytest.mark.parametrize("fault, says", [
    ("delete-does-nothing", "to be gone after its DELETE (status 404), got status 200"),
    ("campaign-id-mismatch", 'expected the campaign created, "'),
])
@pytest.mark.parametrize("runner", RUNNERS)
def test_a_cleanup_that_did_not_happen_fails_loudly_and_is_never_reported_done(start_stack, fault, says, runner,
                                                                               tmp_path):
    stack = start_stack(fault)
    run = run_id()
    finished = hostile_run(stack, "@I1", tmp_path, runner, SMOKE_RUN_ID=run)
    assert says in finished.console, finished.console[-3000:]
    assert "deleted draft campaign" not in finished.console, finished.console[-3000:]
    assert "could not be cleaned up" in finished.console, finished.console[-3000:]
    assert campaigns_named(stack, f"smoke-{run}-") == {f"smoke-{run}-I1": "draft"}


# --- untrusted text reaches no output unescaped; no secret in any form

@pytest.mark.parametrize("runner", RUNNERS)
def test_terminal_escapes_and_forged_lines_reach_no_output(start_stack, runner, tmp_path):
    stack = start_stack("hostile-text")
    finished = hostile_run(stack, "@D1 or @D2 or @J2", tmp_path, runner)
    outcome = finished.outcome("D1")
    assert outcome.status == "failed" and "\\x1b[2j" in outcome.message, outcome
    for where, text in texts(finished.reports, finished.console).items():
        assert "\x1b" not in text and "\x85" not in text and "\u202e" not in text, where
        assert not re.search(r"^\s*Target: http://evil", text, re.MULTILINE), where
        assert max((len(line) for line in text.splitlines()), default=0) < 20_000 or where.endswith(".html"), where
    for junit in (finished.reports / "junit").glob("*.xml"):
        ElementTree.parse(junit)  # well-formed XML, whatever the target sent
    assert HOSTILE_VERSION not in finished.console


@pytest.mark.parametrize("runner", RUNNERS)
def test_a_secret_echoed_in_escaped_forms_reaches_no_output(start_stack, runner, tmp_path):
    secrets = {"SHOPIFY_SESSION_TOKEN": canary("Shop")}
    stack = start_stack("echo-escaped-secrets", "health-not-ok")
    finished = hostile_run(stack, "@D2 or @G1 or @H1 or @K3", tmp_path, runner, **secrets)
    assert finished.outcome("D2").status == "failed", finished.console[-3000:]
    assert hits(secrets, finished.reports, finished.console) == []


@pytest.mark.parametrize("runner", RUNNERS)
def test_no_cookie_travels_and_a_cookie_a_service_sets_is_masked(start_stack, runner, tmp_path):
    stack = start_stack("cookie-trap")
    finished = hostile_run(stack, "@D1 or @D2 or @G1 or @H1", tmp_path, runner)
    assert {case: finished.outcome(case).status for case in ("D1", "D2", "G1", "H1")} == dict.fromkeys(
        ("D1", "D2", "G1", "H1"), "passed"), finished.console[-3000:]
    assert hits({"COOKIE": TRAP_COOKIE}, finished.reports, finished.console) == []


# --- deadlines, parsing, odd but legal HTTP

@pytest.mark.parametrize("runner", RUNNERS)
def test_headers_that_trickle_cannot_hold_the_run(start_stack, runner, tmp_path):
    stack = start_stack("header-trickle")
    finished = hostile_run(stack, "@D1 or @D3", tmp_path, runner)
    shopify = finished.outcome("D1")
    assert shopify.status == "failed" and "timed out" in shopify.message or "within 2 s" in shopify.message, shopify
    assert finished.outcome("D3").status == "passed"


@pytest.mark.parametrize("fault, reason", [
    ("deep-json", "nested too deeply"),
    ("utf16-body", "not UTF-8"),
    ("nan-numbers", "NaN is not a JSON number"),
])
@pytest.mark.parametrize("runner", RUNNERS)
def test_an_answer_that_does_not_parse_fails_its_scenario_not_the_run(start_stack, fault, reason, runner, tmp_path):
    stack = start_stack(fault)
    finished = hostile_run(stack, "@D1 or @D3 or @K3", tmp_path, runner)
    for case in ("D1", "K3"):
        outcome = finished.outcome(case)
        assert outcome.status == "failed" and reason in outcome.message, outcome
        assert_one_readable_line(outcome.message)
    assert finished.outcome("D3").status == "passed" and finished.exit_code == 1


@pytest.mark.parametrize("runner", RUNNERS)
def test_informational_answers_before_the_final_one_do_not_fail_a_check(start_stack, runner, tmp_path):
    stack = start_stack("early-hints")
    finished = hostile_run(stack, "@D1 or @D2", tmp_path, runner)
    assert finished.outcome("D1").status == "passed" and finished.outcome("D2").status == "passed", \
        finished.console[-3000:]


@pytest.mark.parametrize("runner", RUNNERS)
def test_a_rate_limit_past_the_bound_says_what_is_left_and_how_to_remove_it(start_stack, runner, tmp_path):
    stack = start_stack("odd-retry-after")
    run = run_id()
    finished = hostile_run(stack, "@I1 or @D1", tmp_path, runner, SMOKE_RUN_ID=run)
    assert "rate limited (429, Retry-After \u00b2\u00b3), still after 3 retries" in finished.console, \
        finished.console[-3000:]
    assert f"Sweep of smoke-{run}-* failed: " in finished.console, finished.console[-3000:]
    assert (f"campaigns named smoke-{run}-* may be left: `python -m astronote_smoke sweep --run-id {run} --min-age 0` "
            "removes them") in finished.console, finished.console[-3000:]
    assert "ValueError" not in finished.console and "deleted draft campaign" not in finished.console
    assert finished.outcome("D1").status == "passed"
    # The verdict decides the exit code: the suite's own leftover is said, it does not stop a release.
    assert finished.exit_code == (1 if finished.outcome("I1").status == "failed" else 0)
    assert campaigns_named(stack, f"smoke-{run}-") == {f"smoke-{run}-I1": "draft"}


@pytest.mark.parametrize("runner", RUNNERS)
def test_a_secret_echoed_hex_base64_or_split_reaches_no_output(start_stack, runner, tmp_path):
    secrets = {"SHOPIFY_SESSION_TOKEN": canary("Shop")}
    stack = start_stack("echo-encoded-secrets", seed=secrets)
    finished = hostile_run(stack, "@D2 or @G1 or @H1 or @K3", tmp_path, runner)
    echoed = [where for where, text in texts(finished.reports, finished.console).items()
              if f'"HEX": "{MASK}"' in text and f'"split": "{MASK}' in text]
    assert echoed, "the echo reached no output, so this test proves nothing"
    assert hits(secrets, finished.reports, finished.console) == []


@pytest.mark.parametrize("runner", RUNNERS)
def test_a_release_string_cut_inside_a_token_leaves_no_part_of_it(start_stack, runner, tmp_path):
    token = canary("Rel")
    stack = start_stack("token-in-release", seed={"SHOPIFY_SESSION_TOKEN": token})
    finished = hostile_run(stack, "@D1 or @D3", tmp_path, runner)
    outputs = texts(finished.reports, finished.console)
    release_shown = [where for where, text in outputs.items() if RELEASE_BEFORE_TOKEN in text]
    assert release_shown, "the release string reached no output, so this test proves nothing"
    assert hits({"SHOPIFY_SESSION_TOKEN": token}, finished.reports, finished.console) == []
    for where in release_shown:
        assert token[:4] not in outputs[where], where


@pytest.mark.parametrize("password", ["q7!", "Zx"])
@pytest.mark.parametrize("runner", RUNNERS)
def test_a_short_password_the_suite_sends_is_masked_by_its_field(start_stack, runner, password, tmp_path):
    stack = start_stack(seed={"RETAIL_PASSWORD": password})
    finished = hostile_run(stack, "@G2", tmp_path, runner)
    assert finished.outcome("G2").status == "passed", finished.console[-3000:]
    outputs = texts(finished.reports, finished.console)
    assert any(f'"password": "{MASK}"' in text for text in outputs.values()), "no sign-in request in the report"
    leaks = [where for where, text in outputs.items() if re.search(rf'"password":\s*"{re.escape(password)}"', text)]
    assert leaks == []


@pytest.mark.parametrize("runner", RUNNERS)
def test_a_cleanup_refused_once_by_the_rate_limit_still_deletes(start_stack, runner, tmp_path):
    stack = start_stack("first-delete-rate-limited")
    run = run_id()
    finished = hostile_run(stack, "@I1", tmp_path, runner, SMOKE_RUN_ID=run)
    assert finished.outcome("I1").status == "passed", finished.console[-3000:]
    assert f"deleted draft campaign smoke-{run}-I1" in finished.console, finished.console[-3000:]
    assert campaigns_named(stack, f"smoke-{run}-") == {}
    assert finished.exit_code == 0, finished.console[-3000:]
