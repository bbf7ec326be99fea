"""The committed smoke matrix is what the feature files generate, and what it says is what the suite does:
the requests it lists are the requests each case sends, the credentials it lists are the ones whose
absence skips the case."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from behave.parser import parse_file

from astronote_smoke import matrix
from astronote_smoke.report.labels import matrix_link
from astronote_smoke.stack import ReferenceStack
from astronote_smoke.web import PAGES
from suite_runs import PROJECT_ROOT, run_suite

CASES = matrix.read_cases()
EXCHANGE = re.compile(r"^(?P<service>.+) (?P<method>GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD) (?P<path>/\S*)$")
VARIABLE = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")


@pytest.fixture(scope="module")
def run_without_credentials(tmp_path_factory):
    """The whole suite against a healthy stack given by its URLs alone; skipped scenarios are reported."""
    with ReferenceStack() as stack:
        return run_suite(tmp_path_factory.mktemp("no-credentials"), **stack.urls)


def test_the_committed_matrix_is_what_the_features_generate():
    assert matrix.MATRIX_FILE.read_text(encoding="utf-8") == matrix.generate(), (
        "docs/deploy/smoke/smoke-matrix.md is out of date: run `python -m astronote_smoke matrix`")


def test_the_check_command_passes_on_the_committed_matrix_and_fails_on_a_stale_one(tmp_path, capsys):
    assert matrix.main(["--check"]) == 0
    stale = tmp_path / "smoke-matrix.md"
    stale.write_text("# an old matrix\n", encoding="utf-8")
    assert matrix.main(["--check", "--output", str(stale)]) == 1
    assert "out of date" in capsys.readouterr().err
    assert matrix.main(["--output", str(stale)]) == 0
    assert stale.read_text(encoding="utf-8") == matrix.generate()


def test_the_suite_command_line_dispatches_matrix():
    done = subprocess.run([sys.executable, "-m", "astronote_smoke", "matrix", "--check"], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "up to date" in done.stdout


def test_a_step_the_matrix_cannot_describe_stops_the_generator(tmp_path):
    (tmp_path / "x_new.feature").write_text(
        "Feature: X New\n\n  @X1 @web @normal @prod\n  Scenario: X1 Something new\n"
        "    When a visitor does something no step table knows\n    Then it works\n", encoding="utf-8")
    with pytest.raises(matrix.UnknownStep, match="a visitor does something no step table knows"):
        matrix.generate(tmp_path)
    assert matrix.main(["--check", "--features", str(tmp_path)]) == 2


def test_every_case_has_the_anchor_the_report_links_to():
    page = matrix.MATRIX_FILE.read_text(encoding="utf-8")
    for case in CASES:
        link = matrix_link(case.id)
        path, anchor = link.split("#")
        assert path == "docs/deploy/smoke/smoke-matrix.md"
        assert page.count(f'<a id="{anchor}"></a>{case.id} |') == 1, case.id


def test_every_case_shows_its_request_and_what_must_hold():
    for case in CASES:
        assert [request for request in case.requests if not request.optional], case.id
        assert case.holds, case.id
        assert case.severity in matrix.SEVERITIES and case.services, case.id


def test_the_manual_checks_are_listed_with_instructions():
    page = matrix.MATRIX_FILE.read_text(encoding="utf-8")
    assert [check.replaces.split()[0] for check in matrix.MANUAL_CHECKS] == ["K2", "J2"]
    for check in matrix.MANUAL_CHECKS:
        assert f'<a id="{check.id.lower()}"></a>{check.id}' in page
        assert len(check.instructions.split()) > 20, check.id


def test_no_step_table_entry_is_left_over_from_a_removed_step():
    used = {step.name for path in matrix.FEATURES_DIR.glob("*.feature")
            for scenario in parse_file(str(path)).walk_scenarios() for step in scenario.steps}
    # The page table lists every page; a feature opens only some of them.
    from_pages = {key for key in matrix.REQUESTS if key.removeprefix("a visitor opens the ") in PAGES}
    assert set(matrix.REQUESTS) - from_pages - used == set()
    assert set(matrix.NEEDS) - used == set()


def test_the_requests_listed_are_the_requests_each_case_sends(prod_run):
    assert prod_run.returncode == 0, prod_run.output
    for case in CASES:
        sent = {(m["service"], m["method"], m["path"]) for m in map(EXCHANGE.match, prod_run.outcomes[case.id].requests)
                if m}
        by_suite = [request for request in case.requests if not request.in_browser]
        # What a page sends in the browser is not an exchange of the suite's client.
        assert sent or not by_suite, f"{case.id} recorded no exchanges"
        unlisted = {exchange for exchange in sent if not any(_matches(request, exchange) for request in case.requests)}
        assert not unlisted, f"{case.id} sends requests the matrix does not list: {sorted(unlisted)}"
        for request in by_suite:
            assert request.optional or any(_matches(request, exchange) for exchange in sent), (
                f"{case.id} lists {request.shown()} but did not send it; it sent {sorted(sent)}")


def test_the_cases_that_need_credentials_are_exactly_the_ones_skipped_without_them(run_without_credentials):
    run = run_without_credentials
    # Blocker and critical checks skipped for want of credentials leave the verdict INCOMPLETE.
    assert run.returncode == 1, run.output[-3000:]
    assert any(line.startswith("INCOMPLETE: release verdict on ") for line in run.output.splitlines()), \
        run.output[-3000:]
    needing = {case.id for case in CASES if case.needs}
    assert run.ids("skipped") == needing
    assert run.ids("passed") == {case.id for case in CASES} - needing
    for case in CASES:
        if case.needs:
            named = set(VARIABLE.findall(run.outcomes[case.id].message))
            listed = {name for need in case.needs for name in VARIABLE.findall(need)}
            assert named and named <= listed, f"{case.id} skipped naming {named}, the matrix lists {listed}"


def _matches(request: matrix.Request, exchange: tuple[str, str, str]) -> bool:
    service, method, path = exchange
    pattern = re.sub(r"\\\{[^}]*\\\}", ".+", re.escape(request.path))
    return request.service.name == service and request.method == method and re.fullmatch(pattern, path) is not None

