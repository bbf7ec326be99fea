"""The sign-off summary: GO or NO-GO on one screen, from the Allure results of a smoke run.

Reads `*-result.json` (the latest attempt of each scenario) and the run facts in
`environment.properties`, and writes `summary.md`, fit to paste into a release ticket, and
`summary.json` for machines. NO-GO when any scenario failed or broke, or when nothing ran.
A known red (a failure Allure marks `known`, see `known_issues/reds.py`) counts as "known", not
as a failure; a scenario whose known issue passed is listed to have its entry removed.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from ..known_issues.verdicts import FIXED, REPORT_LABEL
from .categories import CATEGORIES, categorize
from .labels import case_id
from .run_facts import read_run_facts

STATUSES = ("passed", "failed", "broken", "known", "skipped", "unknown")
SHOWN_WHEN_PRESENT = ("known", "unknown")
REASON_CHARS = 240


@dataclass
class Outcome:
    id: str
    name: str
    status: str
    category: str | None
    reason: str
    known_issue: str = ""  # the verdict on its known issue, if one applied: known, fixed, expired, different
    detail: str = ""       # when a known issue applied and it failed: the failure, under the verdict's line


def read_outcomes(results_dir: Path) -> list[Outcome]:
    """One outcome per scenario: of several attempts (a re-run into the same folder) the last one."""
    latest: dict[str, dict] = {}
    for path in sorted(Path(results_dir).glob("*-result.json")):
        result = json.loads(path.read_text(encoding="utf-8"))
        key = result.get("historyId") or result.get("fullName") or result.get("name", path.name)
        if key not in latest or result.get("stop", 0) >= latest[key].get("stop", 0):
            latest[key] = result
    return sorted((_outcome(result) for result in latest.values()), key=lambda o: (o.id or "~", o.name))


def _outcome(result: dict) -> Outcome:
    status = result.get("status") or "unknown"
    details = result.get("statusDetails") or {}
    message = details.get("message") or ""
    labels = result.get("labels", [])
    tags = [label["value"] for label in labels if label.get("name") == "tag"]
    known_issue = next((label["value"] for label in labels if label.get("name") == REPORT_LABEL), "")
    known = details.get("known") is True and status in ("failed", "broken")
    # A passing scenario has no message; the fixed known issue's note is in its description.
    reason = first_line(message) or (first_line(result.get("description") or "") if known_issue == FIXED else "")
    return Outcome(id=case_id(tags) or "", name=result.get("name", ""), status="known" if known else status,
                   category=categorize(status, {label.get("name"): label.get("value") for label in labels}), reason=reason, known_issue=known_issue,
                   detail=_under_verdict(message) if known_issue and known_issue != FIXED else "")


def _under_verdict(message: str) -> str:
    lines = message.strip().split("\n", 1)
    return first_line(lines[1]) if len(lines) > 1 else ""


def first_line(message: str) -> str:
    line = next((line.strip() for line in message.splitlines() if line.strip()), "")
    return line if len(line) <= REASON_CHARS else line[:REASON_CHARS - 1] + "…"


def summarize(results_dir: Path, html_report: Path) -> dict:
    outcomes = read_outcomes(results_dir)
    statuses = Counter(outcome.status for outcome in outcomes)
    categories = Counter(outcome.category for outcome in outcomes if outcome.category)
    no_go = not outcomes or statuses["failed"] or statuses["broken"]
    return {
        "verdict": "NO-GO" if no_go else "GO",
        "total": len(outcomes),
        "statuses": {s: statuses[s] for s in STATUSES if s not in SHOWN_WHEN_PRESENT or statuses[s]},
        "categories": {category.name: categories[category.name] for category in CATEGORIES
                       if categories[category.name] or not category.hide_when_empty},
        "facts": read_run_facts(results_dir),
        "report": str(html_report),
        "failures": [asdict(o) for o in outcomes if o.status in ("failed", "broken")],
        "skipped": [asdict(o) for o in outcomes if o.status == "skipped"],
        "known": [asdict(o) for o in outcomes if o.status == "known"],
        "fixed": [asdict(o) for o in outcomes if o.known_issue == FIXED],
    }


def render_markdown(summary: dict, report_link: str) -> str:
    facts = summary["facts"]
    counts = summary["statuses"]
    lines = [f"# Astronote release smoke: **{summary['verdict']}**", ""]
    if summary["total"] == 0:
        lines.append("No scenario results: the suite did not run.")
    else:
        lines.append(f"{summary['total']} scenarios: " + ", ".join(f"{n} {s}" for s, n in counts.items()) + ".")
    lines.append("")
    lines.append(f"- Target: {facts.get('Target', 'not recorded')}")
    releases = [f"{key.removeprefix('Release ')} {value}" for key, value in facts.items() if key.startswith("Release ")]
    lines.append(f"- Release: {', '.join(releases) if releases else 'not recorded'}")
    lines.append(f"- Suite {facts.get('Suite version', 'unknown')}, started {facts.get('Started at', '?')}"
                 f" by {facts.get('Started by', '?')}")
    if "Warm-up" in facts:
        lines.append(f"- Warm-up: {facts['Warm-up']}")
    lines.append(f"- Full report: [{summary['report']}]({report_link})")
    lines += ["", "| Category | Scenarios |", "|---|---|"]
    lines += [f"| {name} | {count} |" for name, count in summary["categories"].items()]
    if summary["failures"]:
        lines += ["", "## Failures", ""]
        lines += [f"- **{o['id'] or '?'}** {_name(o)} ({o['status']}, {o['category']}): {o['reason'] or 'no message'}"
                  + (f" It fails: {o['detail']}" if o["detail"] else "") for o in summary["failures"]]
    if summary["known"]:
        lines += ["", "## Known issues, still open (they do not block the release)", ""]
        lines += [f"- **{o['id']}** {_name(o)}: {o['reason']}. It fails: {o['detail'] or 'no message'}"
                  for o in summary["known"]]
    if summary["fixed"]:
        lines += ["", "## Known issues that now pass: remove them from the known issues", ""]
        lines += [f"- **{o['id']}** {_name(o)}: {o['reason']}" for o in summary["fixed"]]
    if summary["skipped"]:
        lines += ["", "## Skipped (not checked)", ""]
        by_reason: dict[str, list[str]] = {}
        for o in summary["skipped"]:
            by_reason.setdefault(o["reason"] or "no reason given", []).append(o["id"] or o["name"])
        lines += [f"- {', '.join(ids)}: {reason}" for reason, ids in by_reason.items()]
    return "\n".join(lines) + "\n"


def _name(outcome: dict) -> str:
    # Scenario names start with their id; do not repeat it after the bold id.
    return outcome["name"].removeprefix(outcome["id"]).strip()


def write_summary(results_dir: Path, out_dir: Path, html_report: Path) -> tuple[Path, Path, dict]:
    """Write summary.md and summary.json into `out_dir`; return their paths and the summary."""
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = summarize(results_dir, html_report)
    markdown, data = out_dir / "summary.md", out_dir / "summary.json"
    markdown.write_text(render_markdown(summary, _relative_link(html_report, out_dir)), encoding="utf-8")
    data.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return markdown, data, summary


def _relative_link(target: Path, start: Path) -> str:
    try:
        return target.resolve().relative_to(start.resolve()).as_posix()
    except ValueError:
        return target.resolve().as_uri()
