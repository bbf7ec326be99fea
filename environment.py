"""Behave hooks of the smoke suite: a table of contents. The work is done in `astronote_smoke`."""
import os
import shutil
import signal
import sys

import allure
from behave.fixture import fixture, use_fixture

from astronote_smoke.browser.process import RunBrowser
from astronote_smoke.config import ConfigError, read_environment, settings_from, targets_configured
from astronote_smoke.console import Console
from astronote_smoke.known_issues.reds import excuse_known_failure, judge_known_issue, say_tally, start_known_issues
from astronote_smoke.masking import Masker
from astronote_smoke.report.evidence import attach_exchange
from astronote_smoke.report.labels import case_id
from astronote_smoke.report.run_facts import allure_results_dir, write_run_facts
from astronote_smoke.release import releases
from astronote_smoke.run import SmokeRun
from astronote_smoke.safety.output import guard_behave_output
from astronote_smoke.safety.tags import check_tags
from astronote_smoke.services import SERVICES, base_url
from astronote_smoke.stack import ReferenceStack
from astronote_smoke.sweep import sweep_after_run
from astronote_smoke.warmup import waited, wake_all

CONFIG_EXIT_CODE = 2


def before_all(context):
    # CI stops a run with SIGTERM: make it unwind like Ctrl-C, so cleanups still run.
    signal.signal(signal.SIGTERM, _interrupt)
    masker = Masker()
    context.console = Console(masker)
    guard_behave_output(context, masker, context.console.say)
    # behave has parsed the features by now; a tag none of them has would select nothing without a word.
    _configuration_or_exit(context, check_tags, context.config.tag_expression, context._runner.features)
    _start_with_empty_results(context)
    environ = _configuration_or_exit(context, read_environment)
    stack = None
    if not _configuration_or_exit(context, targets_configured, environ):
        _configuration_or_exit(context, settings_from, environ)  # a malformed value stops us before the stack starts
        stack = use_fixture(reference_stack, context, environ)
        environ = {**environ, **stack.env}
    settings = _configuration_or_exit(context, settings_from, environ)
    urls = [base_url(settings, service) for service in SERVICES.values()]
    _configuration_or_exit(context, start_known_issues, context, environ, urls)
    context.smoke = SmokeRun(settings, masker)
    context.campaigns_attempted = use_fixture(leftover_sweep, context)
    context.note = lambda text: _note(context, text)
    context.browser = use_fixture(shared_browser, context, settings)
    _wake_services(context)
    _write_run_facts(context, embedded=stack is not None)
    # Evidence belongs to scenarios; the exchanges before the first one have no test to attach to.
    context.smoke.client.on_exchange = attach_exchange


def before_scenario(context, scenario):
    context.case = case_id(scenario.effective_tags) or scenario.name
    context.smoke.client.case = context.case


def after_step(context, step):
    excuse_known_failure(context, step)


def after_scenario(context, scenario):
    judge_known_issue(context, scenario)


def after_all(context):
    say_tally(context)
    context.console.say(f"Run {context.smoke.settings.run_id} finished.")


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
                 for feature in context._runner.features for scenario in feature.walk_scenarios())
    browser = RunBrowser(settings.browser) if wanted else None
    yield browser
    if browser:
        browser.stop()


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


def _start_with_empty_results(context):
    """Results of an earlier run would be counted as this run's; a parallel runner clears them once itself."""
    if os.environ.get("SMOKE_KEEP_RESULTS"):
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
        write_run_facts(results, targets=targets, release=releases(context.smoke), warm_up=context.warm_up)


def _note(context, text):
    context.console.say(text)
    try:
        allure.attach(context.smoke.masker.mask(text), name="note", attachment_type=allure.attachment_type.TEXT)
    except KeyError:
        # An interrupted run closes the scenario's report before its cleanups note what they did: the console has it.
        pass


def _configuration_or_exit(context, read, *args):
    try:
        return read(*args)
    except ConfigError as error:
        _exit_with(context, str(error))


def _exit_with(context, message):
    """Stops the run before any request: behave turns an exception in before_all into exit code 1."""
    context.console.say(message)
    sys.stdout.flush()
    os._exit(CONFIG_EXIT_CODE)


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")

