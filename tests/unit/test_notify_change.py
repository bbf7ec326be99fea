"""notify speaks only on a change: GO to NO-GO and back, a new failure, a recovery; its text is masked and printable."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "report"))
from run_records import failed, passed, run, skipped  # noqa: E402

from astronote_smoke.masking import Masker
from astronote_smoke.notify import BROKE, CHANGED, NEW_FAILURE, RECOVERED, RECOVERY, change_of, message_of
from astronote_smoke.notify import main as notify
from astronote_smoke.outcome import write_outcomes
from astronote_smoke.report.history import entry, record

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


def test_no_go_to_incomplete_is_a_change_too():
    change = change_of(history([failed("D1")]), *now([skipped("D1", "blocker", "SHOPIFY_SESSION_TOKEN")]))
    assert (change.kind, change.before, change.verdict) == (CHANGED, "NO-GO", "INCOMPLETE")


@pytest.mark.parametrize("webhook, code, said", [
    ("http://127.0.0.1:9/hooks/PLANTEDtoken0123", 1, "did not take the message: it could not be reached"),
    ("file:///hooks/PLANTEDtoken0123", 2, "SMOKE_NOTIFY_WEBHOOK must start with http:// or https://"),
])
def test_the_webhook_is_never_printed_even_when_it_fails(tmp_path, monkeypatch, capsys, webhook, code, said):
    for name in ("WEB_URL", "SHOPIFY_API_URL", "RETAIL_API_URL", "SMOKE_REPORT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SMOKE_ENV_FILE", "/dev/null")
    monkeypatch.setenv("SMOKE_NOTIFY_WEBHOOK", webhook)
    record(tmp_path / "history.jsonl", run(run_id="before", selected=1, **WATCH_RUN), [passed("D1")])
    broken, outcomes = run(run_id="next", selected=1, **WATCH_RUN), [failed("D1", message=f"saw {webhook}")]
    write_outcomes(tmp_path, broken, outcomes)
    assert notify(["--reports", str(tmp_path)]) == code
    out, err = capsys.readouterr()
    assert said in err and "PLANTED" not in out + err
