"""The verdict above everything else in the HTML report: what a release manager reads first.

Allure 3.18 has no place that states a release verdict: its headline is a success ring, its
quality gate is not evaluated by `allure generate` and counts failures, not severities. So
`first_screen` renders the summary's data (`summary.summarize`) as one static HTML section
(no script, inline style only) and `inject` puts it right after `<body>`, before Allure's app,
with a viewport so that it reads on a phone. Every value is HTML-escaped, control characters
shown as escapes, and links are only to the smoke matrix file beside the checkout.
"""
from __future__ import annotations

import html
import re

from ..text import escape_unsafe
from ..verdict import GO, INCOMPLETE, NO_GO, REHEARSAL, RULES

SECTION_ID = "smoke-verdict"
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'
COLOURS = {GO: "#116329", NO_GO: "#a40e26", INCOMPLETE: "#7d4e00", REHEARSAL: "#0a3069", "NONE": "#a40e26"}

STYLE = f"""
#{SECTION_ID} {{ font: 15px/1.4 system-ui, sans-serif; color: #1f2328; background: #fff; padding: 12px 16px;
  border-bottom: 1px solid #d0d7de; overflow-wrap: anywhere; }}
#{SECTION_ID} .word {{ display: inline-block; color: #fff; font-weight: 700; font-size: 28px; padding: 2px 12px;
  border-radius: 6px; margin-right: 8px; }}
#{SECTION_ID} h1 {{ font-size: 17px; margin: 6px 0; font-weight: 600; }}
#{SECTION_ID} ul {{ margin: 4px 0; padding-left: 20px; }}
#{SECTION_ID} .facts {{ color: #59636e; font-size: 13px; }}
#{SECTION_ID} details {{ font-size: 13px; margin-top: 6px; }}
"""


def text(value) -> str:
    """Escape for HTML text and attributes; controls become visible escapes."""
    return html.escape(escape_unsafe(value), quote=True)


def run_attribute(run_id: str) -> str:
    """The attribute that names the run a report belongs to (see `belongs_to`)."""
    return f'data-run="{text(run_id)}"'


def belongs_to(page: str, run_id: str) -> bool:
    return run_attribute(run_id) in page


def tone_of(summary: dict) -> str:
    if summary.get("rehearsal"):
        return REHEARSAL
    return summary["verdict"]


def first_screen(summary: dict, matrix: str = "", trend: str = "") -> str:
    """The section, from the summary's data; `matrix` is the smoke matrix's address relative to the report;
    `trend` is the history block (`trend.trend_section`), already escaped."""
    tone = tone_of(summary)
    word = "REHEARSAL" if tone == REHEARSAL else summary["verdict"]
    if word == "NONE":
        word = "NO VERDICT"
    parts = [f'<section id="{SECTION_ID}" {run_attribute(summary["run"].get("id", ""))} '
             f'data-verdict="{text(summary["verdict"])}" data-tone="{text(tone)}">',
             f"<style>{STYLE}</style>",
             f'<span class="word" style="background:{COLOURS[tone]}">{text(word)}</span>',
             # A rehearsal shows how it came out beside its word, in the outcome's own colour.
             f'<span class="word outcome" style="background:{COLOURS[summary["verdict"]]}">{text(summary["verdict"])}'
             '</span>' if tone == REHEARSAL else "",
             f"<h1>{text(summary['headline'])}</h1>"]
    if summary["verdict"] == "NONE":
        parts.append(f"<p>No check results were recorded in {text(summary['folder'])}: nothing here is a verdict.</p>")
        return "".join(parts) + "</section>"
    run = summary["run"]
    release = ", ".join(f"{service} {version}" for service, version in run["release"].items()) or "not reported"
    severities = "; ".join(f"{severity}: " + ", ".join(f"{n} {status}" for status, n in counts.items() if n)
                           for severity, counts in summary["severities"].items())
    parts.append('<ul class="facts">'
                 f"<li>Target: {text(run['target'])}</li>"
                 f"<li>Release: {text(release)}</li>"
                 f"<li>Run {text(run['id'])}, {text(run['started_at'] or '?')} to {text(run['finished_at'] or '?')},"
                 f" by {text(run['started_by'] or '?')}</li>"
                 f"<li>Selection: {text(run['selection'])} ({run['selected']} of {run['release_set']} release checks),"
                 f" gate {text(run['gate'])}</li>"
                 f"<li>{summary['total']} checks: " + ", ".join(f"{n} {status}" for status, n in
                                                                summary["statuses"].items()) + "</li>"
                 f"<li>By severity: {text(severities)}</li></ul>")
    parts += _items("Stops the release", summary["failures"], summary["groups"], matrix)
    parts += _items("Not checked", summary["missing"], summary["groups"], matrix)
    if summary["to_set"]:
        parts.append(f"<p>To check them, set {text(', '.join(summary['to_set']))}.</p>")
    if summary["not_run"]:
        parts.append(f"<p>{summary['not_run']} of the {run['selected']} selected checks did not run.</p>")
    if summary["warnings"]:
        parts.append(f"<p>Warnings (normal checks): {text(', '.join(item['id'] for item in summary['warnings']))}</p>")
    if summary["known"]:
        parts.append("<p>Known issues: " + text(", ".join(f"{item['id']} ({item['ticket']})"
                                                           for item in summary["known"])) + "</p>")
    if summary.get("report_error"):
        parts.append(f"<p>{text(summary['report_error'])}</p>")
    parts.append(trend)
    parts.append("<details><summary>The verdict rules</summary><ul>"
                 + "".join(f"<li><b>{text(word)}</b>: {text(rule)}</li>" for word, rule in RULES) + "</ul></details>")
    return "".join(parts) + "</section>"


def _items(title: str, items: list[dict], groups: list[dict], matrix: str) -> list[str]:
    """The section's items; those that share a cause once, under it, in the section of the group's first item."""
    if not items:
        return []
    here = {item["id"] for item in items}
    grouped = {case for group in groups for case in group["ids"]}
    lines = [f"<li><b>{text(group['cause'])}</b>: {len(group['ids'])} checks could not run: "
             f"{text(', '.join(group['ids']))}</li>" for group in groups if group["ids"][0] in here]
    shown = [item for item in items if item["id"] not in grouped]
    for item in shown:
        case = text(item["id"])
        label = f'<a href="{text(matrix)}#{case.lower()}">{case}</a>' if matrix else case
        history = f" <i>({text(item['history'])})</i>" if item["history"] else ""
        lines.append(f"<li><b>{label}</b> ({text(item['severity'])}) {text(item['name'])}: {text(item['reason'])}"
                     f"{history}<br><span class=\"facts\">Protects: {text(item['protects'])}</span></li>")
    return [f"<h1>{text(title)}</h1><ul>"] + lines + ["</ul>"]


def inject(page: str, section: str) -> str:
    """The page with a viewport in its head and the section first in its body."""
    if 'name="viewport"' not in page:
        page = re.sub(r"<head>", lambda match: match.group(0) + VIEWPORT, page, count=1, flags=re.IGNORECASE)
    page, found = re.subn(r"<body[^>]*>", lambda match: match.group(0) + section, page, count=1, flags=re.IGNORECASE)
    if not found:
        raise ValueError("the report page has no <body>")
    return page
