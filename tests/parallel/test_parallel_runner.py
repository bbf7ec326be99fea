"""The parallel runner on a small project that needs no stack: it must report exactly what plain
behave reports (console, JUnit, Allure results, summary, exit code) for the same selection,
and survive a worker that dies."""
from __future__ import annotations

import re

import pytest

from parallel_support import run
from sample_project import write_sample_project

NOT_DYING = "--tags=not @dies"
# What differs by nature: the runner's name, timings.
RUN_SPECIFIC = re.compile(r"^(USING RUNNER|Took |Ran in )")
STEP_TIME = re.compile(r" in \d+\.\d+s$")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("sample")
    write_sample_project(root)
    return root


def both(project, tmp_path, *args):
    plain = run([*args], tmp_path / "plain", plain_behave=True, cwd=project)
    parallel = run([*args], tmp_path / "parallel", cwd=project)
    return plain, parallel


def console(text: str) -> list[str]:
    return [STEP_TIME.sub(" in (time)", line) for line in text.splitlines() if not RUN_SPECIFIC.match(line)]


@pytest.mark.parametrize("args", [
    ["-f", "pretty", NOT_DYING],
    ["-f", "plain", NOT_DYING, "--tags=@one or @three"],
    ["-f", "pretty", NOT_DYING, "--no-skipped", "--tags=@slow"],
    ["-f", "plain", NOT_DYING, "-n", "outline"],
    ["-f", "plain", NOT_DYING, "features/alpha.feature:15"],
    ["-f", "pretty", NOT_DYING, "--tags=@nothing"],
], ids=["pretty-all", "plain-tags", "pretty-no-skipped", "plain-name", "plain-location", "pretty-none-selected"])
def test_reports_what_plain_behave_reports(project, tmp_path, args):
    plain, parallel = both(project, tmp_path, *args)

    assert parallel.exit_code == plain.exit_code
    assert console(parallel.stdout) == console(plain.stdout)
    assert parallel.junit() == plain.junit()
    assert ({name: result["status"] for name, result in parallel.allure_by_name().items()}
            == {name: result["status"] for name, result in plain.allure_by_name().items()})


def test_behave_runs_it_as_its_runner_too(project, tmp_path):
    plain = run(["-f", "plain", NOT_DYING], tmp_path / "plain", plain_behave=True, cwd=project)
    parallel = run(["-f", "plain", NOT_DYING, "--runner=astronote_smoke.behave_adapter.parallel.runner:ParallelRunner"],
                   tmp_path / "parallel", plain_behave=True, cwd=project)

    assert "USING RUNNER: astronote_smoke.behave_adapter.parallel.runner:ParallelRunner" in parallel.stdout
    assert console(parallel.stdout) == console(plain.stdout)
    assert parallel.exit_code == plain.exit_code


def test_runs_in_parallel_workers_and_says_so(project, tmp_path):
    parallel = run(["-f", "plain", NOT_DYING], tmp_path, cwd=project)

    assert "USING RUNNER: astronote_smoke.behave_adapter.parallel.runner:ParallelRunner" in parallel.stdout
    timing = re.search(r"^Ran in \d+ parallel workers: .* (\d+\.\d) s of scenarios$", parallel.stdout, re.MULTILINE)
    assert timing, parallel.stdout
    # The scenarios' time is read from the workers' records: the sample's steps sleep, so it is never nothing.
    assert float(timing.group(1)) > 0, timing.group(0)
    assert "one after another" not in parallel.stderr


def test_hooks_findings_reach_after_all_in_their_named_record(project, tmp_path):
    run(["-f", "null", NOT_DYING], tmp_path, cwd=project)

    names = ["first", "second", "outline 1 -- @1.1 ", "outline 2 -- @1.2 ", "in rule", "fails", "undefined",
             "skips itself"]
    # Only the named fields of `RunFindings` travel from the workers; a list of the hooks' own stays behind.
    assert (project / "after_all.txt").read_text().splitlines() == [f"findings: {' | '.join(sorted(names))}",
                                                                     "plain list: "]


def test_a_dying_worker_fails_its_scenario_and_the_run_goes_on(project, tmp_path):
    parallel = run(["-f", "plain", "--tags=@dies", "--no-skipped"], tmp_path, cwd=project)

    message = "the worker process running this scenario exited with code 3 before reporting it"
    assert parallel.exit_code == 1
    assert parallel.junit() == {"worker dies": ("error", message), "survives": ("passed", "")}
    results = parallel.allure_by_name()
    assert results["worker dies"]["status"] == "broken"
    assert results["worker dies"]["statusDetails"]["message"] == message
    assert results["survives"]["status"] == "passed"
    assert "1 scenario passed, 0 failed, 1 error" in parallel.stdout
    assert message in parallel.stdout


@pytest.mark.parametrize("args, reason", [
    (["--stop"], "--stop ends the run at the first failure"),
    (["-f", "json", "-o", "run.json"], "the json formatter writing to run.json needs a single process"),
    (["-f", "plain", "-f", "pretty"], "two formatters writing to the console interleave their lines"),
], ids=["stop", "json", "two-consoles"])
def test_options_that_need_one_process_run_sequentially(project, tmp_path, args, reason):
    parallel = run([NOT_DYING, *args], tmp_path, cwd=project)

    assert f"Running the scenarios one after another: {reason}." in parallel.stderr
    assert "Ran in" not in parallel.stdout
    assert parallel.exit_code == 1  # the sample's failures still count


def test_one_worker_is_plain_behave(project, tmp_path):
    parallel = run(["-f", "plain", NOT_DYING], tmp_path, env={"SMOKE_WORKERS": "1"}, cwd=project)

    assert "Running the scenarios one after another: SMOKE_WORKERS is 1." in parallel.stderr
    assert parallel.exit_code == 1


@pytest.mark.parametrize("value", ["0", "two", "-3"])
def test_a_malformed_worker_count_stops_the_run_with_exit_code_2(project, tmp_path, value):
    parallel = run(["-f", "plain"], tmp_path, env={"SMOKE_WORKERS": value}, cwd=project)

    assert parallel.exit_code == 2
    assert f"configuration error: SMOKE_WORKERS must be a whole number of at least 1, got {value!r}" in parallel.stderr
    assert not (tmp_path / "junit").exists()
