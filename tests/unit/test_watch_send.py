"""The watch mode's send: at most one per SMOKE_WATCH_WRITES_EVERY minutes, tracked in history, the key unchanged."""
from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "report"))
from run_records import passed, run  # noqa: E402

from astronote_smoke.report.history import comparison_key, read_history, record, target_key
from astronote_smoke.watch import SEND_FEATURE, last_send, send_due, watch_options, watch_selection

START = datetime(2026, 12, 6, 9, 0, tzinfo=timezone.utc)
SCHEDULE_MINUTES = 10  # the workflow's watch schedule


def watch_run(number: int, finished: datetime, cases):
    record_ = run(run_id=f"w{number}", target={}, selection="@watch", mode="watch", finished_at=finished.isoformat())
    return record_, [passed(case) for case in cases]


def test_a_day_of_watch_runs_every_ten_minutes_sends_at_most_once_an_hour(tmp_path):
    history_path = tmp_path / "history.jsonl"
    key = target_key({}, "@watch", "watch")
    sends = []
    for number in range(24 * 60 // SCHEDULE_MINUTES):
        now = START + timedelta(minutes=SCHEDULE_MINUTES * number, seconds=number % 7)  # runs start a little late
        due = send_due(last_send(read_history(history_path), key), 60, now)
        sends += [now] if due else []
        finished = now + timedelta(seconds=90)
        record(history_path, *watch_run(number, finished, ["D1", "I3"] if due else ["D1"]))
    gaps = [later - earlier for earlier, later in zip(sends, sends[1:])]
    assert all(gap >= timedelta(minutes=60) for gap in gaps)
    # Counted from the end of the run that sent, the hour is over only at the seventh run: every 70 minutes.
    assert set(gaps) == {timedelta(minutes=70)} and len(sends) == 21


def test_the_comparison_key_is_the_same_whether_the_send_was_due_or_not():
    with_send, without = watch_run(1, START, ["D1", "I3"]), watch_run(2, START, ["D1"])
    assert comparison_key(with_send[0]) == comparison_key(without[0]) == target_key({}, "@watch", "watch")
    assert comparison_key(run(selection="@watch", target={})) != comparison_key(with_send[0])


def test_a_watch_run_in_between_leaves_the_send_feature_out(tmp_path, monkeypatch):
    monkeypatch.setenv("SMOKE_ENV_FILE", "/dev/null")
    for name in ("WEB_URL", "SHOPIFY_API_URL", "RETAIL_API_URL", "SMOKE_WATCH_WRITES_EVERY"):
        monkeypatch.delenv(name, raising=False)
    history_path = tmp_path / "history.jsonl"
    options, said = watch_options([], history_path, now=START)
    assert "--exclude" not in options and "is in" in said
    assert options[-3:] == ["--tags=@watch", "-D", "smoke_mode=watch"]
    record(history_path, *watch_run(1, START, ["D1", "I3"]))
    options, said = watch_options([], history_path, now=START + timedelta(minutes=59))
    assert options[options.index("--exclude") + 1] == r"i_campaigns\.feature$" and "left out" in said
    assert "last at 09:00" in said
    options, _ = watch_options([], history_path, now=START + timedelta(minutes=60))
    assert "--exclude" not in options


def test_bad_configuration_names_the_variable(monkeypatch):
    from astronote_smoke.config import ConfigError
    monkeypatch.setenv("SMOKE_ENV_FILE", "/dev/null")
    monkeypatch.setenv("SMOKE_WATCH_WRITES_EVERY", "hourly")
    with pytest.raises(ConfigError, match="SMOKE_WATCH_WRITES_EVERY"):
        watch_options([], Path("/nonexistent/history.jsonl"))


def test_the_selection_recorded_is_the_one_behave_will_write():
    assert watch_selection([]) == "@watch"
    assert watch_selection(["--tags=@D1 or @L1"]) == "(@D1 or @L1) and (@watch)"
    assert SEND_FEATURE.endswith(".feature")


def test_a_watch_run_says_so_in_its_headline():
    from astronote_smoke.verdict import decide
    record, outcomes = run(target={}, selected=1, mode="watch"), [passed("D1")]
    assert decide(record, outcomes).headline().startswith("Watch: Rehearsal passed (GO)")
    assert decide(run(target={}, selected=1), outcomes).headline().startswith("Rehearsal passed (GO)")


@pytest.mark.parametrize("given, expected", [({}, "release"), ({"smoke_mode": "watch"}, "watch")])
def test_the_mode_comes_from_the_command_s_option(given, expected):
    from types import SimpleNamespace
    from astronote_smoke.behave_adapter.records import mode_of
    assert mode_of(SimpleNamespace(userdata=given)) == expected


def test_an_unknown_mode_is_a_configuration_error():
    from types import SimpleNamespace
    from astronote_smoke.behave_adapter.records import mode_of
    from astronote_smoke.config import ConfigError
    with pytest.raises(ConfigError, match="smoke_mode must be release or watch"):
        mode_of(SimpleNamespace(userdata={"smoke_mode": "nightly"}))
