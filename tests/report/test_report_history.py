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


HOSTILE_LINES = [
    '{"key": "0123456789abcdef", "run": "r0", "finished": "", "release": "0123456789abcdef", "checks": {"D1": "<b>"}}',
    '{"key": "0123456789abcdef", "run": "<script>", "finished": "", "release": "0123456789abcdef", "checks": {}}',
    '{"key": "0123456789abcdef", "run": "r0", "finished": "", "release": "0123456789abcdef", "checks": {},'
    ' "latency": {"Shopify API": 1e999}}',
    '{"key": "0123456789abcdef", "run": "r0", "finished": "", "release": "0123456789abcdef", "checks": {},'
    ' "verdict": "GO <img src=//evil>"}',
    '{"key": "0123456789abcdef", "run": "r0", "finished": "09:12 <i>", "release": "0123456789abcdef", "checks": {}}',
    '[' * 100_000,
]


def test_a_hostile_line_is_ignored_with_a_warning_and_never_read(tmp_path, capsys):
    path = tmp_path / "history.jsonl"
    path.write_text("\n".join(HOSTILE_LINES) + "\n", encoding="utf-8")
    assert read_history(path) == []
    warnings = capsys.readouterr().err.splitlines()
    assert len(warnings) == len(HOSTILE_LINES) and all("is not a history entry" in line for line in warnings)


def test_each_line_keeps_the_verdict_the_mode_and_l1s_times_as_numbers(tmp_path):
    path = tmp_path / "history.jsonl"
    times = {"Shopify API": 212.5, "Retail API": 48.0}
    record(path, run(run_id="r1", mode="watch", selected=2), [passed("D1"), passed("L1", measurements=times)])
    (line,) = read_history(path)
    assert (line["verdict"], line["mode"], line["latency"]) == ("GO", "watch", times)


def test_the_history_keeps_a_stated_number_of_runs_per_key(tmp_path):
    path = tmp_path / "history.jsonl"
    for number in range(5):
        record(path, run(run_id=f"w{number}", mode="watch"), [passed("D1")], keep_per_key=3)
        record(path, run(run_id=f"p{number}"), [passed("D1")], keep_per_key=3)
    assert [item["run"] for item in read_history(path)] == ["w2", "p2", "w3", "p3", "w4", "p4"]
