"""A run leaves nothing open in the test shop, whether it passes, fails or is interrupted.

Ctrl-C, CI's SIGTERM and a closed terminal's SIGHUP all let the cleanups run first.

The `@writes` scenarios run against a stack this test owns (so it outlives the run) with the
worker stopped, so that an enqueued campaign stays `sending` until someone cancels it. The
run is interrupted the moment one of its campaigns is in the state the case names; afterwards
the shop must hold no campaign of the run that is draft, scheduled or sending. Both ways the
suite runs are covered: plain behave, and the main command with its parallel workers, whose
whole process group gets the signal when Ctrl-C is pressed in a terminal.
"""
import re

import pytest

from shop_records import campaigns_named, open_campaigns, run_id
from suite import SIGNALS, interrupt, run_suite, start_suite
from tests.support.stack import eventually

# Each request takes this long, so a campaign stays in each state long enough to be seen.
LATENCY_MS = 150
WAIT_FOR_STATE_S = 30


@pytest.mark.parametrize("runner, signal_name, state, group", [
    ("behave", "SIGINT", "draft", False),
    ("behave", "SIGTERM", "sending", False),
    ("parallel", "SIGTERM", "draft", False),
    ("parallel", "SIGINT", "sending", True),
    ("behave", "SIGHUP", "sending", False),
    ("parallel", "SIGHUP", "draft", True),
])
def test_an_interrupted_run_leaves_no_open_campaign(start_stack, runner, signal_name, state, group, tmp_path):
    stack = start_stack("worker-stopped", latency_ms=LATENCY_MS)
    run = run_id()
    prefix = f"smoke-{run}-"
    process = start_suite("--tags=@writes", settings={**stack.env, "SMOKE_RUN_ID": run}, runner=runner, folder=tmp_path)
    try:
        seen = eventually(lambda: state in campaigns_named(stack, prefix).values(), WAIT_FOR_STATE_S, interval=0.01)
        assert seen, f"no {state} campaign of the run appeared: {campaigns_named(stack, prefix)}"
    finally:
        finished = interrupt(process, SIGNALS[signal_name], tmp_path, group=group)
    assert open_campaigns(stack, prefix) == {}, finished.console[-3000:]
    assert finished.exit_code != 0, finished.console[-3000:]
    cleaned = "deleted draft campaign" if state == "draft" else "deleted sending campaign"
    assert cleaned in finished.console, finished.console[-3000:]
    # The run ends with a sweep of its own name, for what a lost answer may have created.
    assert f"Sweep of {prefix}*" in finished.console, finished.console[-3000:]


@pytest.mark.parametrize("fault, outcomes", [
    ("none", {"I1": "passed", "I2": "passed", "I3": "passed"}),
    ("enqueue-broken", {"I1": "passed", "I2": "failed", "I3": "failed"}),
])
def test_a_run_that_passes_or_fails_leaves_no_open_campaign(start_stack, fault, outcomes, tmp_path):
    stack = start_stack(*([] if fault == "none" else [fault]))
    run = run_id()
    prefix = f"smoke-{run}-"
    finished = run_suite("--tags=@writes", settings={**stack.env, "SMOKE_RUN_ID": run}, folder=tmp_path)
    assert {case: finished.outcome(case).status for case in outcomes} == outcomes, finished.console[-3000:]
    assert open_campaigns(stack, prefix) == {}
    # A sent campaign is the one thing that stays: the run's named record.
    assert set(campaigns_named(stack, prefix).values()) <= {"sent", "completed"}
    # The run counts its /campaigns/* calls, which share the API's rate limit, against the contract's budget.
    calls = re.search(r"Campaign API calls: (\d+) this run, within the budget of 35", finished.console)
    assert calls and 3 <= int(calls[1]) <= 35, finished.console[-2000:]
