"""How this target has been, for the report's first screen: the last verdicts, since when each check
is red, and L1's response times over the last runs.

`trend_section(history, key)` renders, from the validated history lines of one comparison key
(`history.read_history`, this run included), one static HTML block: a strip of the last
`STRIP_RUNS` verdicts as coloured marks with their times, "red since 09:12 (5 runs)" for each
check failing in the latest run, and an inline SVG line chart of L1's times per API. No script,
no outside reference; the history holds no target text, and every value is escaped all the same.
"""
from __future__ import annotations

from datetime import datetime

from ..outcome import FAILED
from ..verdict import GO, INCOMPLETE, NO_GO
from .first_screen import COLOURS, text

STRIP_RUNS = 20
SYMBOLS = {GO: "✓", NO_GO: "✗", INCOMPLETE: "?"}
LINE_COLOURS = ("#0969da", "#8250df", "#bf3989", "#1a7f37")
# The chart's own units: the SVG scales to the width it is given (at most 640 px), its text with it,
# so a phone shows it about at these sizes.
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 360, 140, 24, 8, 14, 18

STYLE = """
.trend .strip { display: flex; flex-wrap: wrap; gap: 3px; margin: 4px 0; padding: 0; list-style: none; }
.trend .strip li { width: 40px; text-align: center; font-size: 11px; color: #59636e; }
.trend .mark { display: block; height: 20px; border-radius: 3px; color: #fff; font-weight: 700; line-height: 20px; }
.trend .legend { margin: 2px 0; font-size: 13px; }
.trend .legend span { margin-right: 12px; white-space: nowrap; }
.trend svg { display: block; width: 100%; max-width: 640px; height: auto; }
"""


def trend_section(history: list[dict], key: str) -> str:
    """The block for the runs of `key`, oldest first; "" when there is no earlier run to show."""
    runs = [item for item in history if item["key"] == key]
    if len(runs) < 2:
        return ""
    recent = runs[-STRIP_RUNS:]
    parts = [f'<div class="trend"><style>{STYLE}</style>',
             f"<h1>The last {len(recent)} runs of this target and selection</h1>", _strip(recent)]
    parts += _red_since(runs)
    parts.append(_chart(recent))
    return "".join(parts) + "</div>"


def clock(finished: str) -> str:
    """HH:MM of a history time, or "?" when it has none."""
    try:
        return datetime.fromisoformat(finished).strftime("%H:%M")
    except ValueError:
        return "?"


def _strip(runs: list[dict]) -> str:
    marks = []
    for item in runs:
        verdict = item.get("verdict", "")
        colour = COLOURS.get(verdict, "#59636e")
        label = f"{verdict or 'no verdict recorded'} at {item['finished'] or 'an unknown time'}"
        marks.append(f'<li title="{text(label)}"><span class="mark" style="background:{colour}" aria-label="{text(label)}">'
                     f"{text(SYMBOLS.get(verdict, '·'))}</span>{text(clock(item['finished']))}</li>")
    return f'<ul class="strip" aria-label="verdicts, oldest first">{"".join(marks)}</ul>'


def red_since(runs: list[dict]) -> dict[str, tuple[str, int]]:
    """Each check failing in the latest run: the time of the first run of its unbroken failing streak,
    and how many runs that ran it the streak spans (runs that left the check out do not break it)."""
    latest = runs[-1]["checks"]
    found = {}
    for case in sorted(case for case, status in latest.items() if status == FAILED):
        streak = []
        for item in reversed(runs):
            status = item["checks"].get(case)
            if status is None:
                continue
            if status != FAILED:
                break
            streak.append(item)
        found[case] = (clock(streak[-1]["finished"]), len(streak))
    return found


def _red_since(runs: list[dict]) -> list[str]:
    red = red_since(runs)
    if not red:
        return []
    items = "".join(f"<li><b>{text(case)}</b> red since {text(since)} ({count} run{'s' if count != 1 else ''})</li>"
                    for case, (since, count) in red.items())
    return [f'<ul class="red-since">{items}</ul>']


def _chart(runs: list[dict]) -> str:
    """L1's times per API as lines over the runs (a run without L1 leaves a gap); "" when none was measured."""
    names = sorted({name for item in runs for name in item.get("latency", {})})
    if not names:
        return "<p>L1's response times: none measured in these runs.</p>"
    top = max(item["latency"][name] for item in runs for name in item.get("latency", {}) if name in names)
    top = _round_up(top)
    span_x = (WIDTH - LEFT - RIGHT) / max(len(runs) - 1, 1)

    def point(index: int, ms: float) -> str:
        return f"{LEFT + index * span_x:.1f},{TOP + (HEIGHT - TOP - BOTTOM) * (1 - ms / top):.1f}"

    base = HEIGHT - BOTTOM
    parts = [f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="L1 response times in ms, oldest run first" font-family="system-ui, sans-serif" font-size="10">',
             f'<line x1="{LEFT}" y1="{base}" x2="{WIDTH - RIGHT}" y2="{base}" stroke="#d0d7de"/>',
             f'<line x1="{LEFT}" y1="{TOP}" x2="{WIDTH - RIGHT}" y2="{TOP}" stroke="#d0d7de" stroke-dasharray="3 3"/>',
             f'<text x="{LEFT + 2}" y="{TOP - 2}" fill="#59636e">{top:g} ms</text>',
             f'<text x="{LEFT - 4}" y="{base + 4}" text-anchor="end" fill="#59636e">0</text>',
             f'<text x="{LEFT}" y="{base + 13}" fill="#59636e">{text(clock(runs[0]["finished"]))}</text>',
             f'<text x="{WIDTH - RIGHT}" y="{base + 13}" text-anchor="end" fill="#59636e">'
             f'{text(clock(runs[-1]["finished"]))}</text>']
    legend = []
    for number, name in enumerate(names):
        colour = LINE_COLOURS[number % len(LINE_COLOURS)]
        points = [(index, item["latency"][name]) for index, item in enumerate(runs) if name in item.get("latency", {})]
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" '
                     f'points="{" ".join(point(index, ms) for index, ms in points)}"/>')
        parts += [f'<circle cx="{point(index, ms).split(",")[0]}" cy="{point(index, ms).split(",")[1]}" r="2.5" '
                  f'fill="{colour}"><title>{text(name)}: {ms:g} ms</title></circle>' for index, ms in points]
        legend.append(f'<span style="color:{colour}">■ {text(name)} (last {points[-1][1]:g} ms)</span>')
    return ("<h1>L1 response times</h1>" + "".join(parts) + "</svg>"
            + f'<p class="legend">{" ".join(legend)}</p>')


def _round_up(ms: float) -> float:
    """A readable top for the axis: 1, 2 or 5 times a power of ten, at least 10 ms."""
    step = 10.0
    while True:
        for factor in (1, 2, 5):
            if ms <= step * factor:
                return step * factor
        step *= 10
