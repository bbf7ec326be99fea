"""Services that answer 503 while they wake: the suite waits for them, within SMOKE_WARMUP,
passes, and says how long it waited on the console and in the report."""
import re

import pytest

from astronote_smoke.report.run_facts import read_run_facts
from drill_plan import all_cases

WAITED = re.compile(r"waited (\d+\.\d) s for 3 services to wake")


@pytest.mark.parametrize("drill", ["cold-start"])
def test_the_suite_waits_out_a_cold_start_and_passes(run):
    assert run.passed == all_cases(), run.describe()
    assert run.exit_code == 0, run.describe()


@pytest.mark.parametrize("drill", ["cold-start"])
def test_the_console_and_the_report_say_how_long_the_suite_waited(run):
    console = WAITED.search(run.console)
    report = WAITED.search(read_run_facts(run.folder / "allure").get("Warm-up", ""))
    assert console and report, run.console
    assert console.group(0) == report.group(0)
    # The services were cold for 5 s from the stack's start: the warm-up saw some of that.
    assert float(console.group(1)) > 0.5, console.group(0)
