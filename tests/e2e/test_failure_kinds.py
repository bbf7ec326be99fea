"""The category of a failure comes from its kind, never from its text, in JUnit and in the Allure results.

A production 500 whose body talks of "unreachable", "timed out" and "configuration" is still a
production defect; a refused connection is a service that could not be reached.
"""
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from astronote_smoke.errors import Kind
from tests.drills.suite_run import DRILL_SETTINGS
from tests.support.results import case_id, junit_cases, problem
from tests.support.suite_run import FEATURES, run_command, suite_command

MISLEADING_BODY = json.dumps({"ok": False, "error": "database unreachable: timed out reading its configuration"})


class _Target(BaseHTTPRequestHandler):
    """Alive, but its full health report is a 500 whose words sound like another category."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        status, body = (500, MISLEADING_BODY) if self.path.startswith("/health/full") else (200, '{"ok": true}')
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def target():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Target)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def run_against(folder, url, tags, runner):
    command = suite_command(str(FEATURES), f"--tags={tags}", "-f", "null", reports=folder, runner=runner)
    settings = {**DRILL_SETTINGS, "SMOKE_WARMUP": "0", "SMOKE_KNOWN_ISSUES": "",
                **{name: url for name in ("WEB_URL", "SHOPIFY_API_URL", "RETAIL_API_URL")}}
    return run_command(command, folder, settings)


def categories_of(run, case):
    """The failure's category in the JUnit file and in the Allure result of `case`."""
    found = [problem(test) for test in junit_cases(run.reports / "junit") if case_id(test.get("name", "")) == case]
    assert found and found[0] is not None, run.describe()
    allure = [result for result in run.allure_results() if case_id(result["name"]) == case]
    labels = [label["value"] for label in allure[0]["labels"] if label["name"] == "failureKind"]
    return found[0].get("type"), labels


@pytest.mark.parametrize("runner", ["behave", "parallel"])
def test_a_500_that_speaks_of_unreachable_and_configuration_is_a_production_defect(tmp_path, target, runner):
    run = run_against(tmp_path, target, "@D2", runner)
    assert run.exit_code == 1, run.describe()
    assert "unreachable" in run.outcome("D2").message and "configuration" in run.outcome("D2").message
    assert categories_of(run, "D2") == (Kind.PRODUCTION_DEFECT.label, [Kind.PRODUCTION_DEFECT.label])


def test_a_refused_connection_is_a_service_unreachable(tmp_path):
    run = run_against(tmp_path, closed_port_url(), "@D1", "behave")
    assert run.exit_code == 1, run.describe()
    assert categories_of(run, "D1") == (Kind.UNREACHABLE.label, [Kind.UNREACHABLE.label])
