"""notify speaks only on a change: GO to NO-GO and back, a new failure, a recovery; its text is masked and printable."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "report"))
from run_records import failed, passed, run  # noqa: E402

from astronote_smoke.masking import Masker
from astronote_smoke.notify import BROKE, NEW_FAILURE, RECOVERED, RECOVERY, change_of, message_of
from astronote_smoke.report.history import entry

WATCH_RUN = {"mode": "watch", "selection": "@watch"}


def history(*runs) -> list[dict]:
    return [entry(run(run_id=f"r{number}", selected=len(outcomes), **WATCH_RUN), outcomes)
            for number, outcomes in enumerate(runs, 1)]


def now(outcomes):
    return run(run_id="now", selected=len(outcomes), **WATCH_RUN), outcomes


def test_go_to_no_go_is_broke_and_back_is_recovered():
    change = change_of(history([passed("D1")]), *now([failed("D1")]))
    assert (change.kind, change.before, change.verdict) == (BROKE, "GO", "NO-GO")
    assert [outcome.case for outcome in change.new_failures] == ["D1"]
    change = change_of(history([failed("D1")]), *now([passed("D1")]))
    assert (change.kind, change.recovered) == (RECOVERED, ("D1",))


def test_equal_verdicts_say_nothing_and_a_first_run_has_nothing_to_compare():
    assert change_of(history([passed("D1")]), *now([passed("D1")])) is None
    assert change_of(history([failed("D1")]), *now([failed("D1")])) is None
    assert change_of([], *now([failed("D1")])) is None


def test_a_new_failure_or_a_recovery_under_an_unchanged_no_go_is_told():
    change = change_of(history([failed("D1"), passed("D2")]), *now([failed("D1"), failed("D2")]))
    assert change.kind == NEW_FAILURE and [outcome.case for outcome in change.new_failures] == ["D2"]
    change = change_of(history([failed("D1"), failed("D2")]), *now([failed("D1"), passed("D2")]))
    assert (change.kind, change.recovered) == (RECOVERY, ("D2",))


def test_a_check_left_out_of_the_previous_run_is_compared_with_the_last_run_that_ran_it():
    # I3 runs once an hour: the watch runs in between leave it out; failing again is no news.
    runs = history([failed("D1"), failed("I1")], [failed("D1")])
    assert change_of(runs, *now([failed("D1"), failed("I1")])) is None


def test_release_runs_are_not_compared_with_watch_runs():
    release = [entry(run(run_id="r1", selected=1), [passed("D1")])]
    assert change_of(release, *now([failed("D1")])) is None


def test_the_message_masks_secrets_and_escapes_what_the_target_sent():
    secret = "shpat_PLANTED0123456789abcdef"
    hostile = f"got {secret}\x1b[2J\nforged line\u202e"
    change = change_of(history([passed("D1")]), *now([failed("D1", message=hostile)]))
    message = message_of(change, "Watch: NO-GO", "https://ci.example/runs/1", Masker([secret]).mask)
    text = repr(message)
    assert secret not in text and "\x1b" not in text and "\u202e" not in text
    assert "\\x1b" in message["text"] and message["text"].count("\n") == 3
    assert message["text"].startswith("Astronote smoke broke: Watch: NO-GO")
    assert message["report"] == "https://ci.example/runs/1" and message["change"] == BROKE
