"""The behave hooks of the suite, one function per hook that `environment.py` names.

- before_all: the tag check, configuration (exit 2 naming the variable), the target or the local
  reference stack, the known issues, the warm-up (waiting for the expected release too), the run's
  facts; outputs of an earlier run go first.
- before_scenario / after_scenario: the case id on every request; the scenario's known-issue
  verdict and its plain `Outcome`.
- after_step: a known failure excused where behave still lets it be.
- after_all: the known-issue tally, the builds once more (did one switch during the run?) and
  `outcomes.json`; a suite error when a result could not be written.
"""
from __future__ import annotations

import os
import shutil
import time

from behave.fixture import fixture, use_fixture

from ..browser.client import BrowserService
from ..config import ConfigError, check_all, read_environment, settings_from, targets_configured
from ..console import Console, closing_lines
from ..errors import Cause, RunInProgress
from ..findings import RunFindings
from ..masking import Masker
from ..outcome import RunRecord, write_outcomes
from ..fingerprint import read_fingerprints
from ..release import await_release, past_of, release_facts, release_line
from ..report.history import HISTORY_FILE
from ..report.labels import case_id
from ..report.run_facts import executor_facts, write_run_facts
from ..report.withdraw import withdraw_earlier_outputs
from ..run import SmokeRun
from ..safety.run_lock import hold_run_lock
from ..safety.signals import stop_like_ctrl_c
from ..services import SERVICES, base_url
from ..stack import ReferenceStack
from ..sweep import requests_sent, sweep_after_run
from ..verdict import decide
from ..warmup import waited, wake_all
from .allure_formatter import RUN_SETTINGS, allure_results_dir
from .evidence import attach, attach_exchange
from .features import release_set_size
from .junit import use_records_junit
from .known_reds import excuse_known_failure, judge_known_issue, say_tally, start_known_issues, strict_failure
from .records import OutcomeLog, mode_of, now_iso, outcome_of, reports_folder, selected_count, selection_of
from .output import guard_behave_output
from .result_writes import check_result_writes
from .tags import check_tags

STOPPED_BY = "stopped_by"  # the context attribute that holds the configuration error that stopped the run
# How the warm-up words every problem it found (`warmup.Wake.problem`).
WARM_UP_PREFIX = "service unreachable: "


def before_all(context):
    # CI stops a run with SIGTERM, a closed terminal with SIGHUP: both unwind like Ctrl-C, so cleanups still run.
    stop_like_ctrl_c()
    context.console = Console(Masker())
    try:
        _start_run(context)
    except ConfigError as error:
        _stop_run(context, error)


def _start_run(context):
    masker = context.console.masker
    # Before anything is removed or written: a second run in this folder must leave the first one's outputs alone.
    context.run_lock = hold_run_lock(os.getcwd())
    # An earlier run's verdict must never sit beside this run's results: its files go before anything else.
    withdraw_earlier_outputs(allure_results_dir(context.config))
    context.run_started = now_iso()
    context.outcome_log = OutcomeLog()
    use_records_junit(context.config, context.outcome_log)
    guard_behave_output(context, masker, context.console.say)
    # behave has parsed the features by now; a tag none of them has would select nothing without a word.
    check_tags(context.config.tag_expression, parsed_features(context))
    # Counted before any scenario runs: one that skips itself no longer "should run" afterwards.
    context.selected = selected_count(parsed_features(context), context.config)
    context.mode = mode_of(context.config)
    environ = read_environment()
    check_all(environ)  # a malformed value stops us before anything starts
    # The browser first: it takes longest to be ready and needs nothing of the target.
    context.browser = use_fixture(shared_browser, context, settings_from(environ).browser)
    stack = None
    if not targets_configured(environ):
        stack = use_fixture(reference_stack, context, environ)
        environ = {**environ, **stack.env}
    settings = settings_from(environ)
    setattr(context.config, RUN_SETTINGS, settings)
    _start_with_empty_results(context, settings)
    context.embedded = stack is not None
    urls = [base_url(settings, service) for service in SERVICES.values()]
    start_known_issues(context, settings, urls)
    context.smoke = SmokeRun(settings, masker)
    use_fixture(request_tally, context)  # first in, last out: its count comes after the sweep's requests
    # The lists the run's end reads, by name: a parallel run's workers hand theirs back (`findings`).
    context.findings = RunFindings(campaigns_attempted=use_fixture(leftover_sweep, context),
                                   paths_sent=context.smoke.client.paths_sent)
    context.note = lambda text: _note(context, text)
    warm_up_started = time.monotonic()
    _wake_services(context)
    _await_release(context, settings.warmup - (time.monotonic() - warm_up_started))
    _write_run_facts(context, embedded=stack is not None)
    # Evidence belongs to scenarios; the exchanges before the first one have no test to attach to.
    context.smoke.client.on_exchange = attach_exchange


def before_scenario(context, scenario):
    context.case = case_id(scenario.effective_tags) or scenario.name
    context.smoke.client.case = context.case
    context.scenario_started = time.time()
    context.measurements = {}  # what a step measured, carried on the scenario's Outcome


def after_step(context, step):
    excuse_known_failure(context, step)


def after_scenario(context, scenario):
    verdict = judge_known_issue(context, scenario)
    failure = strict_failure(context, verdict)
    context.outcome_log.add(outcome_of(
        scenario, verdict=verdict, missing=getattr(context, "missing_variables", ()),
        started=context.scenario_started, mask=context.smoke.masker.mask, failed_after=failure,
        measurements=context.measurements))
    if failure is not None:
        raise failure


def after_all(context):
    if stopped_by(context) is not None:
        return  # the run checked nothing: no outcomes, no verdict
    # Case order, whatever order parallel workers finished in.
    outcomes = sorted(context.outcome_log.outcomes, key=lambda outcome: outcome.case)
    say_tally(context, outcomes)
    context.smoke.client.on_exchange = None  # the last look at the builds belongs to no scenario
    facts = release_facts(context.release_start, read_fingerprints(context.smoke), context.release_past,
                          context.smoke.settings.expect_release).masked(context.smoke.masker.mask)
    run = _run_record(context, facts)
    # Results that could not all be written give no verdict: no outcomes.json to build one from.
    check_result_writes()
    write_outcomes(reports_folder(allure_results_dir(context.config)), run, outcomes)
    context.decision = decide(run, outcomes)
    context.console.say(f"Run {run.run_id} finished.")
    if not getattr(context.config, "smoke_closing_by_runner", False):
        for line in closing_lines(context.decision):
            context.console.say(line)


def _run_record(context, release) -> RunRecord:
    settings = context.smoke.settings
    executor = executor_facts(settings.ci)
    return RunRecord(
        run_id=settings.run_id, target=_targets(context), selection=selection_of(context.config),
        selected=context.selected, release_set=release_set_size(),
        gate=settings.gate, release=release.shown, started_at=context.run_started, finished_at=now_iso(),
        started_by=executor.get("buildUrl") or executor["name"], warm_up=context.warm_up,
        fingerprints=release.fingerprints, release_problems=release.problems, mode=context.mode)


def _targets(context) -> dict[str, str]:
    settings = context.smoke.settings
    return {} if context.embedded else {service.variable: base_url(settings, service) for service in SERVICES.values()}


@fixture
def reference_stack(context, environ):
    """The local stand-in of Astronote, for runs that name no target."""
    stack = ReferenceStack.from_env(environ)
    with stack:
        context.console.say("Target: local reference stack (no WEB_URL, SHOPIFY_API_URL or RETAIL_API_URL set)")
        for name, url in stack.urls.items():
            context.console.say(f"  {name}={url}")
        yield stack


@fixture
def shared_browser(context, executable):
    """One browser service for the run's @browser scenarios, starting while the stack starts and the
    services warm up; stopped at the end. `executable` is SMOKE_BROWSER's."""
    wanted = any("browser" in scenario.effective_tags and scenario.should_run_with_tags(context.config.tag_expression)
                 for feature in parsed_features(context) for scenario in feature.walk_scenarios())
    browser = BrowserService(executable) if wanted else None
    yield browser
    if browser:
        browser.stop()


@fixture
def request_tally(context):
    """At the very end, how many requests the run's checks, cleanups and sweep sent through the HTTP client."""
    yield
    context.console.say(requests_sent(context.findings.paths_sent))


@fixture
def leftover_sweep(context):
    """Names of the campaigns the run tried to create; what their cleanups missed is swept when it ends."""
    attempted = []
    yield attempted
    if attempted:
        context.console.say(sweep_after_run(context.smoke))


def _wake_services(context):
    settings = context.smoke.settings
    urls = {service: base_url(settings, service) for service in SERVICES.values()}
    context.console.say(f"Waking {len(urls)} services (at most {settings.warmup:g} s)...")
    wakes = wake_all(urls, settings.warmup, settings.timeout, settings.tls_verify)
    for wake in wakes:
        context.console.say(f"  {wake.describe()}")
        if wake.problem:
            # The warm-up words each problem as a down service's requests fail with it; the cause keeps the reason.
            reason = wake.problem.removeprefix(WARM_UP_PREFIX)
            context.smoke.client.mark_down(wake.service, Cause(wake.service.name, reason))
    context.warm_up = waited(wakes)
    context.console.say(f"Warm-up: {context.warm_up}")


def _await_release(context, budget_s):
    """The builds the run starts with, once the release the deploy job expects is served or the warm-up is over."""
    expected = context.smoke.settings.expect_release
    history = reports_folder(allure_results_dir(context.config)) / HISTORY_FILE
    this_run = RunRecord(run_id=context.smoke.settings.run_id, target=_targets(context),
                         selection=selection_of(context.config))
    context.release_past = past_of(history, this_run)
    context.release_start = await_release(lambda: read_fingerprints(context.smoke), expected,
                                          context.release_past, max(budget_s, 0.0), context.console.say)
    context.release = release_facts(context.release_start, None, context.release_past,
                                    expected).masked(context.smoke.masker.mask).shown
    context.console.say(f"Release: {release_line(context.release)}")


def _start_with_empty_results(context, settings):
    """Results of an earlier run would be counted as this run's; a parallel runner clears them once itself."""
    if settings.keep_results:
        return
    for folder in (allure_results_dir(context.config), context.config.junit_directory and
                   context.config.junit and context.config.junit_directory):
        if not folder or not os.path.isdir(folder):
            continue
        # Empty the folder but keep it: the Allure formatter created it already and writes into it.
        for entry in os.scandir(folder):
            if entry.is_dir():
                shutil.rmtree(entry.path)
            else:
                os.remove(entry.path)


def _write_run_facts(context, embedded):
    results = allure_results_dir(context.config)
    if results:
        settings = context.smoke.settings
        targets = None if embedded else {service.variable: base_url(settings, service) for service in SERVICES.values()}
        write_run_facts(results, targets=targets, release=context.release, warm_up=context.warm_up, ci=settings.ci)


def _note(context, text):
    context.console.say(text)
    try:
        attach("note", context.smoke.masker.mask(text))
    except KeyError:
        # An interrupted run closes the scenario's report before its cleanups note what they did: the console has it.
        pass


def parsed_features(context) -> list:
    """Every feature behave parsed for this run, selected or not.

    Measured on behave 1.3.3: hooks get no public way to the runner, whose features are parsed
    before `before_all`, so this reads the private `context._runner` (tests/lint/test_behave_seam.py
    pins it, with every other private member the adapter reads).
    """
    return context._runner.features


def stopped_by(context) -> ConfigError | None:
    """The configuration error that stopped the run before its first request, if one did."""
    return getattr(context, STOPPED_BY, None)


def _stop_run(context, error: ConfigError):
    """Stops the run before any request: the runner runs no feature, and ends the run with exit code 2
    once every cleanup has run (a reference stack already started is stopped and its folder removed)."""
    context.console.say(str(error))
    if not isinstance(error, RunInProgress) and withdraw_earlier_outputs(allure_results_dir(context.config)):
        context.console.say("No verdict: the summary and report of the earlier run were removed, they are not this run's.")
    setattr(context, STOPPED_BY, error)
