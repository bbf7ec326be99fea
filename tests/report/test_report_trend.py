"""The first screen's history: the last 20 verdicts as marks with times, "red since" per failing check, L1's chart."""
from __future__ import annotations

import re

from astronote_smoke.report.first_screen import COLOURS
from astronote_smoke.report.history import comparison_key, read_history
from astronote_smoke.report.trend import STRIP_RUNS, red_since, trend_section

from trend_history import BROKE_AT, RUNS, watch_record, write_history


def trend(tmp_path, runs: int = RUNS) -> str:
    path = tmp_path / "history.jsonl"
    write_history(path, runs)
    return trend_section(read_history(path), comparison_key(watch_record(0)))


def test_the_strip_holds_the_last_twenty_verdicts_with_their_times(tmp_path):
    html = trend(tmp_path)
    marks = re.findall(r'<span class="mark" style="background:(#[0-9a-f]{6})"[^>]*>([^<]*)</span>(\d\d:\d\d)', html)
    assert len(marks) == STRIP_RUNS
    assert marks[0][2] == "08:40" and marks[-1][2] == "11:50"  # runs 4 to 23
    assert [colour for colour, _, _ in marks].count(COLOURS["NO-GO"]) == 2 + RUNS - BROKE_AT
    assert {symbol for _, symbol, _ in marks} == {"✓", "✗"}


def test_red_since_counts_the_unbroken_streak_of_each_failing_check(tmp_path):
    path = tmp_path / "history.jsonl"
    write_history(path)
    assert red_since(read_history(path)) == {"D4": ("11:10", RUNS - BROKE_AT)}
    assert "<b>D4</b> red since 11:10 (5 runs)" in trend(tmp_path)


def test_l1_times_are_an_inline_svg_chart_with_one_line_per_api(tmp_path):
    html = trend(tmp_path)
    chart = html[html.index("<svg"):html.index("</svg>")]
    assert chart.count("<polyline") == 2 and chart.count("<circle") == 2 * STRIP_RUNS and "1000 ms" in chart
    assert "■ Shopify API (last 900 ms)" in html[html.index("</svg>"):]
    assert "<script" not in html and "http" not in html and "href" not in html


def test_a_first_run_has_no_trend_yet(tmp_path):
    assert trend(tmp_path, runs=1) == ""


def test_a_history_line_cannot_bring_markup_into_the_trend(tmp_path):
    path = tmp_path / "history.jsonl"
    write_history(path, 3)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(1, lines[1].replace('"Retail API"', '"<img src=x onerror=alert(1)>"'))
    lines.insert(1, lines[1].replace('"verdict": "GO"', '"verdict": "<script>"'))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    html = trend_section(read_history(path), comparison_key(watch_record(0)))
    assert "<img" not in html and "<script" not in html and html.count('class="mark"') == 3
