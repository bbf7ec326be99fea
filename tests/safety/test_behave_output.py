"""A secret in an exception, a log record, printed output or a cleanup error is masked in all behave writes.

A throwaway feature tree wires the suite's safety hooks exactly as `environment.py` does and
runs steps that fail with a secret in their message, by each route behave offers: an
assertion, another exception type, a log record, printed output, an error in a cleanup. The console
formatters, the JUnit XML and the Allure results are then searched for the secret.
"""
import subprocess
import sys
import textwrap

from canaries import canary, hits
from suite import environment
from tests.support.suite_run import PROJECT_ROOT

FEATURE = """\
    Feature: Secrets in failures

      Scenario: S1 An assertion names the secret
        Given a check fails naming the secret

      Scenario: S2 Another exception names the secret
        Given a lookup fails naming the secret

      Scenario: S3 A log record names the secret
        Given a log record names the secret
        And a check fails without naming it

      Scenario: S4 A cleanup fails naming the secret
        Given a cleanup will fail naming the secret

      Scenario: S5 Printed output names the secret
        Given the secret is printed
        And a check fails without naming it
"""

STEPS = """\
    import logging
    import os

    from behave import given

    SECRET = os.environ["SHOPIFY_SESSION_TOKEN"]


    @given("a check fails naming the secret")
    def step_assertion(context):
        raise AssertionError(f"Shopify API GET https://shop.example/dashboard: expected 200, got 401 for {SECRET}")


    @given("a lookup fails naming the secret")
    def step_key_error(context):
        {}[SECRET]


    @given("a log record names the secret")
    def step_log(context):
        logging.getLogger("astronote").warning("sent Authorization: Bearer %s", SECRET)


    @given("a check fails without naming it")
    def step_plain_failure(context):
        raise AssertionError("the failure itself names nothing secret")


    @given("the secret is printed")
    def step_print(context):
        print(f"token {SECRET}")


    @given("a cleanup will fail naming the secret")
    def step_failing_cleanup(context):
        def clean_up():
            raise RuntimeError(f"could not delete the campaign of {SECRET}")
        context.add_cleanup(clean_up)
"""

ENVIRONMENT = """\
    import os

    from astronote_smoke.console import Console
    from astronote_smoke.masking import Masker
    from astronote_smoke.behave_adapter.output import guard_behave_output, mask_step


    def before_all(context):
        context.masker = Masker([os.environ["SHOPIFY_SESSION_TOKEN"]])
        guard_behave_output(context, context.masker, Console(context.masker).say)


    def after_step(context, step):
        mask_step(context.masker, step)
"""


def test_failures_naming_a_secret_are_masked_in_console_junit_and_allure(tmp_path):
    tree = tmp_path / "tree"
    (tree / "steps").mkdir(parents=True)
    (tree / "secrets.feature").write_text(textwrap.dedent(FEATURE))
    (tree / "steps" / "secret_steps.py").write_text(textwrap.dedent(STEPS))
    (tree / "environment.py").write_text(textwrap.dedent(ENVIRONMENT))
    reports = tmp_path / "reports"
    secret = canary("Shop")
    done = subprocess.run(
        [sys.executable, "-m", "behave", str(tree), "--no-color", "--logging-level=INFO",
         "-f", "astronote_smoke.behave_adapter.allure_formatter:SmokeAllureFormatter", "-o", str(reports / "allure-results"),
         "-f", "plain", "-o", str(reports / "plain.txt"), "-f", "pretty",
         "--junit", "--junit-directory", str(reports / "junit")],
        cwd=tmp_path, env=environment({"SHOPIFY_SESSION_TOKEN": secret, "PYTHONPATH": str(PROJECT_ROOT)}),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60)
    assert done.returncode == 1, done.stdout
    junit = "".join(path.read_text() for path in (reports / "junit").glob("*.xml"))
    plain = (reports / "plain.txt").read_text()
    # The failures are reported with their text and type: only the secret is gone.
    for output in (junit, plain, done.stdout):
        assert "expected 200, got 401 for ••••" in output
        assert "KeyError: '••••'" in output
    assert 'type="KeyError"' in junit
    assert "sent Authorization: Bearer ••••" in done.stdout
    for output in (junit, plain, done.stdout):
        assert "token ••••" in output
    assert "CLEANUP-ERROR in clean_up: RuntimeError: could not delete the campaign of ••••" in done.stdout
    # Masked on the way out, not patched up afterwards.
    assert "past the suite's own masking" not in done.stdout, done.stdout
    assert hits({"SHOPIFY_SESSION_TOKEN": secret}, reports, done.stdout) == []
