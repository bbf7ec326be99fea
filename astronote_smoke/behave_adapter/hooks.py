"""The behave hooks of the suite, one function per hook that `environment.py` names.

- before_all: the tag check, configuration (exit 2 naming the variable), the target or the local
  reference stack, the known issues, the warm-up, the run's facts; outputs of an earlier run go first.
- before_scenario / after_scenario: the case id on every request; the scenario's known-issue
  verdict and its plain `Outcome`.
- after_step: a known failure excused where behave still lets it be.
- after_all: the known-issue tally and `outcomes.json`.
"""
from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

from behave.fixture import fixture, use_fixture

from ..browser.client import BrowserService
from ..config import ConfigError, read_environment, setting, settings_from, targets_configured
from ..console import Console, closing_lines
from ..masking import Masker
from ..outcome import RunRecord, write_outcomes
from ..release import releases
from ..report.labels import case_id
from ..report.run_facts import allure_results_dir, executor_facts, write_run_facts
from ..report.withdraw import withdraw_earlier_outputs
from ..run import SmokeRun
from ..safety.run_lock import RunInProgress, hold_run_lock
from ..safety.signals import stop_like_ctrl_c
from ..services import SERVICES, base_url
from ..stack import ReferenceStack
from ..sweep import requests_sent, sweep_after_run
from ..verdict import decide
from ..warmup import waited, wake_all
from .evidence import attach, attach_exchange
from .features import release_set_size
from .junit import use_outcomes_junit
from .known_reds import excuse_known_failure, judge_known_issue, say_tally, start_known_issues, strict_failure
from .outcomes import OutcomeLog, mode_of, now_iso, outcome_of, reports_folder, selected_count, selection_of
from .output import guard_behave_output
from .tags import check_tags

CONFIG_EXIT_CODE = 2


def before_all(context):
    # CI stops a run with SIGTERM, a closed terminal with SIGHUP: both unwind like Ctrl-C, so cleanups still run.
    stop_like_ctrl_c()
    masker = Masker()
    context.console = Console(masker)
    # Before anything is removed or written: a second run in this folder must leave the first one's outputs alone.
    try:
        context.run_lock = hold_run_lock(os.getcwd())
    except RunInProgress as error:
        _exit_with(context, str(error), withdraw=False)
    # An earlier run's verdict must never sit beside this run's results: its files go before anything else.
    withdraw_earlier_outputs(allure_results_dir(context.config))
    context.run_started = now_iso()
    context.outcome_log = OutcomeLog()
    use_outcomes_junit(context.config, context.outcome_log)
    guard_behave_output(context, masker, context.console.say)
    # behave has parsed the features by now; a tag none of them has would select nothing without a word.
    _configuration_or_exit(context, check_tags, context.config.tag_expression, parsed_features(context))
    # Counted before any scenario runs: one that skips itself no longer "should run" afterwards.
    context.selected = selected_count(parsed_features(context), context.config)
    context.mode = _configuration_or_exit(context, mode_of, context.config)
    environ = _configuration_or_exit(context, read_environment)
    _start_with_empty_results(context, environ)
    stack = None
    if not _configuration_or_exit(context, targets_configured, environ):
        _configuration_or_exit(context, settings_from, environ)  # a malformed value stops us before the stack starts
        stack = use_fixture(reference_stack, context, environ)
        environ = {**environ, **stack.env}
    settings = _configuration_or_exit(context, settings_from, environ)
    context.environ = environ
    context.embedded = stack is not None
    urls = [base_url(settings, service) for service in SERVICES.values()]
    _configuration_or_exit(context, start_known_issues, context, environ, urls)
    context.smoke = SmokeRun(settings, masker)
    context.paths_sent = context.smoke.client.paths_sent  # a run list: a parallel run's workers hand theirs back
    use_fixture(request_tally, context)  # first in, last out: its count comes after the sweep's requests
    context.campaigns_attempted = use_fixture(leftover_sweep, context)
    context.note = lambda text: _note(context, text)
    context.browser = use_fixture(shared_browser, context, settings)
    _wake_services(context)
    context.release = releases(context.smoke)
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
    # Case order, whatever order parallel workers finished in.
    outcomes = sorted(context.outcome_log.outcomes, key=lambda outcome: outcome.case)
    say_tally(context, outcomes)
    run = _run_record(context)
    write_outcomes(reports_folder(allure_results_dir(context.config)), run, outcomes)
    context.decision = decide(run, outcomes)
    context.console.say(f"Run {run.run_id} finished.")
    if not getattr(context.config, "smoke_closing_by_runner", False):
        for line in closing_lines(context.decision):
            context.console.say(line)


def _run_record(context) -> RunRecord:
    settings = context.smoke.settings
    targets = {} if context.embedded else {service.variable: base_url(settings, service)
                                           for service in SERVICES.values()}
    executor = executor_facts(context.environ)
    return RunRecord(
        run_id=settings.run_id, target=targets, selection=selection_of(context.config),
        selected=context.selected, release_set=release_set_size(),
        gate=settings.gate, release=context.release, started_at=context.run_started, finished_at=now_iso(),
        started_by=executor.get("buildUrl") or executor["name"], warm_up=context.warm_up, mode=context.mode)


@fixture
def reference_stack(context, environ):
    """The local stand-in of Astronote, for runs that name no target."""
    try:
        stack = ReferenceStack.from_env(environ)
    except ValueError as error:
        _exit_with(context, f"configuration error: {error}")
    with stack:
        context.console.say("Target: local reference stack (no WEB_URL, SHOPIFY_API_URL or RETAIL_API_URL set)")
        for name, url in stack.urls.items():
            context.console.say(f"  {name}={url}")
        yield stack


@fixture
def shared_browser(context, settings):
    """One browser for the run's @browser scenarios, starting while the services warm up; stopped at the end."""
    wanted = any("browser" in scenario.effective_tags and scenario.should_run_with_tags(context.config.tag_expression)
                 for feature in parsed_features(context) for scenario in feature.walk_scenarios())
    browser = BrowserService(settings.browser) if wanted else None
    yield browser
    if browser:
        browser.stop()


@fixture
def request_tally(context):
    """At the very end, how many requests the run's checks, cleanups and sweep sent through the HTTP client."""
    yield
    context.console.say(requests_sent(context.paths_sent))


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
            context.smoke.client.mark_down(wake.service, wake.problem)
    context.warm_up = waited(wakes)
    context.console.say(f"Warm-up: {context.warm_up}")


def _start_with_empty_results(context, environ):
    """Results of an earlier run would be counted as this run's; a parallel runner clears them once itself."""
    if setting("SMOKE_KEEP_RESULTS", environ):
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
        write_run_facts(results, targets=targets, release=context.release, warm_up=context.warm_up)


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
    before `before_all`; `context._runner` is the one private member read (a test in
    tests/lint/test_behave_seam.py fails when it goes).
    """
    return context._runner.features


def _configuration_or_exit(context, read, *args):
    try:
        return read(*args)
    except ConfigError as error:
        _exit_with(context, str(error))


def _exit_with(context, message, withdraw=True):
    """Stops the run before any request: behave turns an exception in before_all into exit code 1."""
    context.console.say(message)
    if withdraw and withdraw_earlier_outputs(allure_results_dir(context.config)):
        context.console.say("No verdict: the summary and report of the earlier run were removed, they are not this run's.")
    sys.stdout.flush()
    os._exit(CONFIG_EXIT_CODE)

