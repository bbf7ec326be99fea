"""`python -m astronote_smoke notify`: one message to a webhook when the verdict changed, none otherwise.

It reads this run's records (`reports/outcomes.json`) and the history, finds the previous
comparable run (same target, selection and mode) and compares: the verdict word, and each check
against the last comparable run that ran it (a watch run without the hourly send is not a
recovery of the send). A change is one of:
- broke: the verdict was GO and is not any more;
- recovered: the verdict is GO again;
- new failure: a check fails that did not fail before, the verdict word unchanged;
- recovery: a check that failed passes now, the verdict word unchanged;
- changed: the verdict word changed otherwise (NO-GO to INCOMPLETE, or back).

The message is JSON (`text` for chat webhooks, and the same facts as fields): the headline, what
changed with each new failure's one-line reason, and the report link (SMOKE_REPORT_URL). Reasons
hold what a target sent: they go through `text.printable` and then masking, like every output.
The webhook URL (SMOKE_NOTIFY_WEBHOOK) is a secret: never printed, not even in an error.
Exit codes: 0 sent or nothing to send, 1 the webhook refused it or the run has no records, 2 configuration.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import requests

from .config import ConfigError, read_environment, setting, settings_from
from .masking import Masker
from .outcome import FAILED, OUTCOMES_FILE, PASSED, Outcome, RunRecord, read_outcomes
from .report.history import HISTORY_FILE, comparison_key, read_history
from .text import printable
from .verdict import GO, decide

BROKE, RECOVERED, NEW_FAILURE, RECOVERY, CHANGED = "broke", "recovered", "new failure", "recovery", "changed"
SEND_TIMEOUT_S = 10.0
REASON_CHARS = 160
LINE_CHARS = 1000  # the headline and the report link: ours, never cut short in practice


@dataclass(frozen=True)
class Change:
    kind: str
    verdict: str
    before: str
    new_failures: tuple[Outcome, ...] = ()
    recovered: tuple[str, ...] = ()


def change_of(history: list[dict], run: RunRecord, outcomes: list[Outcome]) -> Change | None:
    """What changed since the previous comparable run, or None: no change, or nothing to compare with."""
    earlier = earlier_runs(history, run)
    if not earlier:
        return None
    before = earlier[-1].get("verdict")
    verdict = decide(run, outcomes).word
    last_status = {}
    for item in earlier:
        last_status.update(item["checks"])
    new_failures = tuple(outcome for outcome in outcomes
                         if outcome.status == FAILED and last_status.get(outcome.case) != FAILED)
    recovered = tuple(outcome.case for outcome in outcomes
                      if outcome.status == PASSED and last_status.get(outcome.case) == FAILED)
    if before == GO and verdict != GO:
        kind = BROKE
    elif before not in (None, GO) and verdict == GO:
        kind = RECOVERED
    elif new_failures:
        kind = NEW_FAILURE
    elif recovered:
        kind = RECOVERY
    elif before is not None and before != verdict:
        kind = CHANGED
    else:
        return None
    return Change(kind, verdict, before or "unknown", new_failures, recovered)


def earlier_runs(history: list[dict], run: RunRecord) -> list[dict]:
    """The history's runs comparable with `run`, oldest first, without `run` itself."""
    key = comparison_key(run)
    return [item for item in history if item["key"] == key and item["run"] != run.run_id]


def message_of(change: Change, headline: str, report_url: str | None, mask) -> dict:
    """The JSON the webhook gets; every text in it printable and masked."""
    def safe(text: str, limit: int = LINE_CHARS) -> str:
        return mask(printable(text, limit))
    failures = [f"{outcome.case} {safe(outcome.message or 'no reason recorded', REASON_CHARS)}"
                for outcome in change.new_failures]
    lines = [f"Astronote smoke {change.kind}: {safe(headline)}",
             f"Verdict: {change.before} -> {change.verdict}"]
    lines += [f"New failure: {line}" for line in failures]
    if change.recovered:
        lines.append("Passing again: " + ", ".join(change.recovered))
    if report_url:
        lines.append(f"Report: {safe(report_url)}")
    return {"text": "\n".join(lines), "change": change.kind, "verdict": change.verdict, "before": change.before,
            "new_failures": failures, "recovered": list(change.recovered), "report": safe(report_url or "")}


def send(webhook: str, message: dict) -> str | None:
    """Post the message; None when the webhook took it, else why not, in words that never hold its URL."""
    session = requests.Session()
    session.trust_env = False  # no proxy or .netrc from the environment: the message goes where it is told
    try:
        reply = session.post(webhook, json=message, timeout=SEND_TIMEOUT_S, allow_redirects=False)
    except requests.RequestException as error:
        return f"it could not be reached ({error.__class__.__name__})"
    finally:
        session.close()
    return None if 200 <= reply.status_code < 300 else f"it answered HTTP {reply.status_code}"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m astronote_smoke notify", description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=Path, default=Path("reports"),
                        help="where the run wrote outcomes.json and the history is (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        environ = read_environment()
        settings = settings_from(environ)
        webhook = settings.notify_webhook
        report_url = setting("SMOKE_REPORT_URL", environ)
    except ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    masker = Masker(settings.secrets)
    try:
        run, outcomes = read_outcomes(args.reports)
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"notify: {args.reports / OUTCOMES_FILE} cannot be read ({error.__class__.__name__}): "
              "the run did not finish, there is nothing to compare", file=sys.stderr)
        return 1
    history = read_history(args.reports / HISTORY_FILE)
    change = change_of(history, run, outcomes)
    if change is None:
        why = "no change since the previous comparable run" if earlier_runs(history, run) else \
            "no earlier comparable run to compare with"
        print(f"notify: nothing sent: {why}")
        return 0
    message = message_of(change, decide(run, outcomes).headline(), report_url, masker.mask)
    if not webhook:
        print(masker.mask(f"notify: SMOKE_NOTIFY_WEBHOOK is not set; the message would be:\n{message['text']}"))
        return 0
    problem = send(webhook, message)
    if problem:
        print(f"notify: the webhook (SMOKE_NOTIFY_WEBHOOK) did not take the message: {problem}", file=sys.stderr)
        return 1
    print(f"notify: sent \"{change.kind}\" ({change.before} -> {change.verdict}) to SMOKE_NOTIFY_WEBHOOK")
    return 0
