"""The sign-off summary: a pure function of the run's records (`RunRecord`, `[Outcome]`).

`summarize` turns the records of `reports/outcomes.json` into the summary's data, headed by the
verdict (`verdict.decide`); `render_markdown` makes `summary.md` of it, fit to paste into a
release ticket, and `write_summary` writes that and `summary.json`, each starting with the
verdict's headline. Everything the target sent (messages, release strings) is made printable
and escaped for Markdown, so a line break in an answer can never forge a line of the summary.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..causes import by_cause
from ..errors import Kind
from ..outcome import PASSED, Outcome, RunRecord, matrix_order
from ..text import escape_unsafe
from ..verdict import RULES, counts_by_severity, counts_by_status, decide
from .history import NEW_FAILURE
from .run_facts import LOCAL_TARGET, without_credentials

REASON_CHARS = 200
SHORTENED = " … (shortened)"
NO_VERDICT = "NONE"

# An exception's class, as str(error) or a traceback's last line put it before the message.
_CLASS_PREFIX = re.compile(r"^(?:HOOK-ERROR in \w+:\s*)?(?:[a-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Violation|Failure|"
                           r"Unreachable|Limited|Configured|Fixed|Interrupt|Exit)\s*:\s*")
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|~])")


def markdown_text(text: str) -> str:
    """Text from the target, safe on one Markdown line: controls shown as escapes, markup characters quoted.

    (The summary's only escaping: a line break, a carriage return or a terminal sequence becomes
    visible `\\x0a`, `\\x0d`, `\\x1b` (`text.escape_unsafe`), and `*`, `[`, `|`, `<`... lose their meaning.)
    """
    return escape_unsafe(_MARKDOWN.sub(r"\\\1", text))


def reason_of(outcome: Outcome, limit: int = REASON_CHARS) -> str:
    """The outcome's one-line reason, without an exception class, shortened at a word boundary if long."""
    line = " ".join((outcome.message or "").split())
    line = _CLASS_PREFIX.sub("", line, count=1) or "no reason given"
    return shorten(line, limit)


def shorten(line: str, limit: int = REASON_CHARS) -> str:
    if len(line) <= limit:
        return line
    cut = line[:limit - len(SHORTENED) + 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + SHORTENED


def describe_target(run: RunRecord) -> str:
    if run.rehearsal:
        return LOCAL_TARGET + " (rehearsal)"
    return ", ".join(f"{name} {without_credentials(url)}" for name, url in run.target.items())


def summarize(run: RunRecord, outcomes: list[Outcome], marks: dict[str, str] | None = None,
              report: str = "") -> dict:
    """The summary's data. `marks` maps case ids to what the history says of them ("new since the last run",
    "flaky: ..."); `report` is the HTML report's file name, linked from the summary."""
    outcomes = sorted(outcomes, key=matrix_order)
    decision = decide(run, outcomes)
    marks = marks or {}

    def line(outcome: Outcome) -> dict:
        return {"id": outcome.case, "name": _name(outcome), "severity": outcome.severity,
                "category": Kind(outcome.kind).label if outcome.kind else "",
                "reason": reason_of(outcome), "protects": outcome.protects, "history": marks.get(outcome.case, "")}

    return {
        "headline": decision.headline(),
        "verdict": decision.word,
        "release_verdict": decision.release_verdict,
        "rehearsal": run.rehearsal,
        "exit_code": decision.exit_code,
        "run": {"id": run.run_id, "target": describe_target(run), "release": dict(run.release),
                "started_at": run.started_at, "finished_at": run.finished_at, "started_by": run.started_by,
                "selection": run.selection or "(none)", "selected": run.selected, "release_set": run.release_set,
                "gate": run.gate, "warm_up": run.warm_up},
        "report": report,
        "total": len(outcomes),
        "statuses": counts_by_status(outcomes),
        "severities": counts_by_severity(outcomes),
        "failures": [line(outcome) for outcome in decision.failures],
        "groups": _groups(decision.failures + decision.missing + decision.warnings),
        "missing": [line(outcome) for outcome in decision.missing],
        "not_run": decision.not_run,
        "to_set": list(decision.to_set),
        "warnings": [line(outcome) for outcome in decision.warnings],
        "known": [{**line(outcome), "ticket": outcome.known.ticket if outcome.known else "",
                   "known_reason": outcome.known.reason if outcome.known else ""} for outcome in decision.known],
        "fixed": [{**line(outcome), "ticket": outcome.known.ticket} for outcome in outcomes
                  if outcome.status == PASSED and outcome.known and outcome.known.verdict == "fixed"],
        "new_failures": sorted(case for case, mark in marks.items() if mark == NEW_FAILURE),
    }


def _groups(outcomes: tuple[Outcome, ...]) -> list[dict]:
    return [{"cause": shorten(group.cause), "ids": list(group.cases)} for group in by_cause(outcomes)]


def render_markdown(summary: dict) -> str:
    if summary["verdict"] == NO_VERDICT:
        return (f"# {markdown_text(summary['headline'])}\n\nNo check results were recorded in "
                f"{markdown_text(summary['folder'])}: nothing here may be read as a verdict.\n")
    run, counts = summary["run"], summary["statuses"]
    lines = [f"# {markdown_text(summary['headline'])}", ""]
    lines.append(f"{summary['total']} checks: " + ", ".join(f"{n} {status}" for status, n in counts.items()) + ".")
    for severity, by_status in summary["severities"].items():
        lines.append(f"- {severity}: " + ", ".join(f"{n} {status}" for status, n in by_status.items() if n))
    lines.append("")
    release = ", ".join(f"{service} {version}" for service, version in run["release"].items()) or "not reported"
    lines += [f"- Run: {markdown_text(run['id'])}, started {run['started_at'] or '?'}, finished "
              f"{run['finished_at'] or '?'}, by {markdown_text(run['started_by'] or '?')}",
              f"- Target: {markdown_text(run['target'])}",
              f"- Release: {markdown_text(release)}",
              f"- Selection: {markdown_text(run['selection'])} ({run['selected']} of {run['release_set']} release "
              f"checks), gate {run['gate']}"]
    if run["warm_up"]:
        lines.append(f"- Warm-up: {markdown_text(run['warm_up'])}")
    if summary["report"]:
        lines.append(f"- Full report: [{markdown_text(summary['report'])}]({summary['report']})")
    if summary.get("report_error"):
        lines.append(f"- {markdown_text(summary['report_error'])}")
    groups = summary["groups"]
    _section(lines, "Failures that stop the release", summary["failures"], groups)
    if summary["missing"] or summary["not_run"]:
        lines += ["", "## Not checked: the verdict is INCOMPLETE without them", ""]
        _items(lines, summary["missing"], groups)
        if summary["not_run"]:
            lines.append(f"- {summary['not_run']} of the {run['selected']} selected checks did not run at all")
        if summary["to_set"]:
            lines.append(f"- To check them, set {', '.join(summary['to_set'])}")
    _section(lines, "Warnings (normal checks: they do not stop the release)", summary["warnings"], groups)
    if summary["known"]:
        lines += ["", "## Known issues, still open (they do not stop the release)", ""]
        lines += [f"- **{item['id']}** ({item['severity']}) {markdown_text(item['name'])}, ticket "
                  f"{markdown_text(item['ticket'])}: {markdown_text(item['known_reason'])}. It fails: "
                  f"{markdown_text(item['reason'])}" for item in summary["known"]]
    if summary["fixed"]:
        lines += ["", "## Known issues that now pass: remove their entries", ""]
        lines += [f"- **{item['id']}** {markdown_text(item['name'])}, ticket {markdown_text(item['ticket'])}"
                  for item in summary["fixed"]]
    lines += ["", "## The verdict rules", ""]
    lines += [f"- **{word}**: {text}" for word, text in RULES]
    return "\n".join(lines) + "\n"


def _section(lines: list[str], title: str, items: list[dict], groups: list[dict]) -> None:
    if items:
        lines += ["", f"## {title}", ""]
        _items(lines, items, groups)


def _items(lines: list[str], items: list[dict], groups: list[dict]) -> None:
    """One line per item; items that share a cause once, under it, in the section of the group's first item."""
    here = {item["id"]: item for item in items}
    grouped = {case for group in groups for case in group["ids"]}
    for group in groups:
        if group["ids"][0] in here:
            lines.append(f"- {markdown_text(group['cause'])}: {len(group['ids'])} checks could not run: "
                         + ", ".join(group["ids"]))
    lines += [_line(item) for item in items if item["id"] not in grouped]


def _line(item: dict) -> str:
    history = f" ({item['history']})" if item["history"] else ""
    category = f", {item['category']}" if item["category"] else ""
    return (f"- **{item['id']}** ({item['severity']}{category}) {markdown_text(item['name'])}: "
            f"{markdown_text(item['reason'])}{markdown_text(history)}")


def _name(outcome: Outcome) -> str:
    # Scenario names start with their id; do not repeat it after the bold id.
    return outcome.name.removeprefix(outcome.case).strip()


def headline_first_json(summary: dict) -> str:
    """JSON with one top-level key a line, so that its first line holds the headline."""
    return "{" + ",\n ".join(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=True)}"
                             for key, value in summary.items()) + "}\n"


def write_summary(folder: Path, summary: dict) -> tuple[Path, Path]:
    """Write summary.md and summary.json into `folder`; return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    markdown, data = folder / "summary.md", folder / "summary.json"
    markdown.write_text(render_markdown(summary), encoding="utf-8")
    data.write_text(headline_first_json(summary), encoding="utf-8")
    return markdown, data


def unfinished(folder: Path, why: str, run_id: str = "") -> dict:
    """The summary of a run that left no outcomes: it did not finish, and gives no verdict."""
    return {"headline": f"NO VERDICT: the run did not finish ({why})", "verdict": NO_VERDICT,
            "release_verdict": False, "exit_code": 1, "run": {"id": run_id}, "folder": str(folder)}
