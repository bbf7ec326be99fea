"""The run history: a regression after a healthy run is new, never flaky; comparable runs only; no secret kept."""
from __future__ import annotations

from astronote_smoke.report.history import FLAKY, NEW_FAILURE, STILL_FAILING, entry, marks, read_history, record

from run_records import TARGET, failed, passed, run


def history_of(*runs) -> list[dict]:
    return [entry(run_record, outcomes) for run_record, outcomes in runs]


def test_a_failure_after_a_pass_is_new_even_after_an_earlier_outage():
    outage, healthy = run(run_id="r1"), run(run_id="r2")
    history = history_of((outage, [failed("D1")]), (healthy, [passed("D1")]))
    assert marks(history, run(run_id="r3"), [failed("D1")]) == {"D1": NEW_FAILURE}


def test_a_check_that_alternates_on_one_release_is_flaky():
    history = history_of((run(run_id="r1"), [passed("D1")]), (run(run_id="r2"), [failed("D1")]),
                         (run(run_id="r3"), [failed("D1")]))
    assert marks(history, run(run_id="r4"), [passed("D1")]) == {"D1": FLAKY}


def test_a_release_between_the_changes_is_no_flake():
    old = {"Shopify API": "2026.11.2"}
    history = history_of((run(run_id="r1", release=old), [passed("D1")]), (run(run_id="r2", release=old), [failed("D1")]),
                         (run(run_id="r3"), [failed("D1")]))
    assert marks(history, run(run_id="r4"), [failed("D1")]) == {"D1": STILL_FAILING}


def test_runs_of_another_selection_or_target_are_not_compared():
    subset = run(run_id="r1", selection="@D1", selected=1)
    staging = run(run_id="r2", target={**TARGET, "WEB_URL": "https://staging.astronote.example"})
    history = history_of((subset, [passed("D1")]), (staging, [passed("D1")]))
    assert marks(history, run(run_id="r3"), [failed("D1")]) == {}


def test_history_keeps_no_message_url_or_version_and_one_line_per_run(tmp_path):
    path = tmp_path / "history.jsonl"
    secret = "shpat_PLANTED0123456789abcdef"
    leaky = run(run_id="r1", release={"Shopify API": f"2026.11.3 {secret}"},
                target={**TARGET, "WEB_URL": f"https://user:{secret}@astronote.example"})
    outcomes = [failed("D1", message=f"got {secret}"), passed(f"A1")]
    record(path, leaky, outcomes)
    record(path, leaky, outcomes)  # a rebuild of the same run
    text = path.read_text(encoding="utf-8")
    assert secret not in text and "astronote.example" not in text and "2026.11" not in text
    assert len(read_history(path)) == 1
    assert read_history(path)[0]["checks"] == {"D1": "failed", "A1": "passed"}


def test_a_damaged_line_is_ignored(tmp_path):
    path = tmp_path / "history.jsonl"
    path.write_text('{"uuid": "allure point"}\nnot json\n', encoding="utf-8")
    record(path, run(run_id="r1"), [passed("D1")])
    assert [item["run"] for item in read_history(path)] == ["r1"]
