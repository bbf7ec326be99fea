"""Known reds in a behave run: a known issue's failure stays visible, is reported as known, and passes the gate.

behave 1.3.3 computes its exit code from what `Step.run` returns, and `Step.run` reads the
step's status *after* the `after_step` hook: a failed step then fails its scenario, feature
and run, and nothing later (after_scenario, a formatter) can take that back. So
`excuse_known_failure`, called from after_step, is where a known failure is excused: the step
is marked skipped and the rest of the scenario is skipped, as behave does after any failure.
The step keeps its exception, so the failure is still shown: allure-behave reports the step
failed from that exception (`mark_result` adds Allure's `known` flag and the ticket),
`report.junit_xml` writes `<skipped type="known-issue">` with the failure, and the
console prints it. `judge_known_issue`, called from after_scenario, gives every scenario with a
known issue its verdict and, with the strict option, fails a scenario whose known issue passes.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from allure_commons.model2 import Label, Link, Status as AllureStatus, StatusDetails
from behave.model_type import Status

from ..errors import KnownIssueFixed
from ..known_issues.file import STRICT_VARIABLE, KnownIssues, load_known_issues, target_hosts
from ..known_issues.verdicts import FIXED, REPORT_LABEL, Verdict, judge_failure, judge_pass, tally
from ..outcome import Outcome
from .features import suite_case_ids


# The verdict rides on the scenario within its own process only, from the hook that judges it to the
# Allure formatter that writes it; other processes and reporters get it from the scenario's Outcome.
VERDICT_ATTRIBUTE = "known_issue_verdict"


def verdict_of(scenario) -> Verdict | None:
    return getattr(scenario, VERDICT_ATTRIBUTE, None)


def excused(scenario) -> bool:
    verdict = verdict_of(scenario)
    return verdict is not None and verdict.excuses


def start_known_issues(context, settings, urls) -> KnownIssues:
    """Read the known issues for a run against `urls` (a ConfigError stops the run) and say which apply."""
    known = load_known_issues(settings, target_hosts(urls), suite_case_ids(Path(context.config.base_dir) / "features"))
    context.known_issues = known
    context.console.say(known.describe(today()))
    return known


def excuse_known_failure(context, step) -> None:
    """after_step: excuse the scenario's failure when it is the known issue that applies to this target."""
    known = getattr(context, "known_issues", None)
    if known is None or not step.status.has_failed() or verdict_of(context.scenario):
        return
    issue = known.issue_for(context.case)
    if issue is None:
        return
    verdict = judge_failure(issue, step.exception, today())
    setattr(context.scenario, VERDICT_ATTRIBUTE, verdict)
    if verdict.excuses:
        step.status = Status.skipped
        context.scenario.skip(verdict.headline())


def judge_known_issue(context, scenario) -> Verdict | None:
    """after_scenario: the verdict on this scenario's known issue (None: no issue applies, or it was not checked)."""
    known = getattr(context, "known_issues", None)
    issue = known.issue_for(context.case) if known else None
    if issue is None:
        return None
    verdict = verdict_of(scenario)
    if verdict is None:
        if scenario.status == Status.passed:
            verdict = judge_pass(issue)
        elif scenario.status.has_failed():
            verdict = judge_failure(issue, scenario.exception, today())
        else:
            return None  # skipped: not checked, so nothing is known about the issue
        setattr(scenario, VERDICT_ATTRIBUTE, verdict)
    context.console.say(verdict.console_line())
    return verdict


def strict_failure(context, verdict: Verdict | None) -> KnownIssueFixed | None:
    """With the strict option, a fixed known issue fails its scenario: the entry must go."""
    known = getattr(context, "known_issues", None)
    if verdict is not None and verdict.kind == FIXED and known.strict:
        return KnownIssueFixed(f"{verdict.console_line()} ({STRICT_VARIABLE} is on)")
    return None


def say_tally(context, outcomes: list[Outcome]) -> None:
    """after_all: one line, so that behave's counts (known reds count as skipped) make sense."""
    known = getattr(context, "known_issues", None)
    if known is None:
        return
    verdicts = [Verdict(outcome.known.verdict, known.issue_for(outcome.case)) for outcome in outcomes if outcome.known]
    if known.applicable or verdicts:
        context.console.say(tally(verdicts, known.file))


@contextmanager
def shown_as_failed(scenario):
    """allure-behave drops a skipped scenario when show_skipped is off; a known red is a failure to show."""
    if not excused(scenario):
        yield
        return
    scenario.set_status(Status.failed)
    try:
        yield
    finally:
        scenario.clear_status()  # behave's own status (skipped) again, for the JUnit and summary reporters


def mark_result(result, scenario) -> None:
    """Put the verdict into the Allure result: Allure's `known` flag, the ticket link and the verdict's headline."""
    verdict = verdict_of(scenario)
    if verdict is None:
        return
    result.labels.append(Label(name=REPORT_LABEL, value=verdict.kind))
    result.links.append(Link(type="issue", url=verdict.issue.ticket, name=f"Known issue {verdict.issue.id}"))
    if verdict.kind != FIXED and result.status in (AllureStatus.FAILED, AllureStatus.BROKEN):
        details = result.statusDetails or StatusDetails()
        details.message = f"{verdict.headline()}\n{details.message or ''}".rstrip()
        details.known = True if verdict.excuses else None
        result.statusDetails = details
    elif verdict.kind == FIXED and result.status == AllureStatus.PASSED:
        result.description = "\n\n".join(part for part in (verdict.headline(), result.description) if part)


def today():
    return datetime.now(timezone.utc).date()

