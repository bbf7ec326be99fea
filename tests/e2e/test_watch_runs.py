"""The watch mode against the local reference stack: notify speaks once when the verdict breaks and once when it
recovers, to a webhook receiver on 127.0.0.1; a watch run stays within its stated request budget and sends one
campaign when its send is due, none in between."""
from __future__ import annotations

import json
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from astronote_smoke.outcome import read_outcomes
from astronote_smoke.watch import REQUESTS_PER_RUN
from tests.drills.suite_run import DRILL_SETTINGS
from tests.support.results import allure_results
from tests.support.suite_run import ALLURE_FORMATTER, FEATURES, run_command

SMALL_WATCH = "@D3 or @D4 or @L1"  # D4 fails under retail-db-down
TOKEN = "PLANTEDhooktoken0123456789"


@pytest.fixture
def webhook():
    """A webhook on 127.0.0.1 that keeps what is posted to it."""
    received: list[dict] = []

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hooks/{TOKEN}", received
    server.shutdown()
    server.server_close()


def watch_then_notify(folder: Path, settings: dict, tags: str | None = None):
    """One scheduled step as the workflow runs it: the watch run, its summary (which records the history), notify."""
    reports = folder / "reports"
    options = [f"--tags={tags}"] if tags else []
    watch = run_command([sys.executable, "-m", "astronote_smoke", "watch", str(FEATURES), *options,
                         "-f", ALLURE_FORMATTER, "-o", str(reports / "allure"), "-f", "null"],
                        folder, {**DRILL_SETTINGS, "SMOKE_WORKERS": "1", **settings}, reports=reports / "watch")
    summary = run_command([sys.executable, "-m", "astronote_smoke.report", "summary", "--reports", str(reports)],
                          folder, settings, reports=reports / "summary")
    notify = run_command([sys.executable, "-m", "astronote_smoke", "notify", "--reports", str(reports)],
                         folder, settings, reports=reports / "notify")
    return watch, summary, notify


def test_a_break_and_its_recovery_are_told_once_each_and_equal_verdicts_not_at_all(tmp_path, webhook):
    url, received = webhook
    settings = {"SMOKE_NOTIFY_WEBHOOK": url, "SMOKE_REPORT_URL": "https://ci.example/runs/7"}
    told = []
    for faults in ("", "", "retail-db-down", "retail-db-down", "", ""):
        watch, summary, notify = watch_then_notify(tmp_path, {**settings, "SMOKE_STACK_FAULTS": faults}, SMALL_WATCH)
        assert watch.exit_code == (1 if faults else 0), watch.describe()
        assert summary.exit_code == 0 and notify.exit_code == 0, notify.stdout
        for output in (watch.stdout, summary.stdout, notify.stdout):
            assert TOKEN not in output and "127.0.0.1:" + url.split(":")[2].split("/")[0] not in output
        told.append(len(received))
    assert told == [0, 0, 1, 1, 2, 2]
    broke, recovered = received
    assert (broke["change"], broke["before"], broke["verdict"]) == ("broke", "GO", "NO-GO")
    assert broke["new_failures"][0].startswith("D4 Retail API GET ") and broke["report"] == "https://ci.example/runs/7"
    assert broke["text"].startswith("Astronote smoke broke: Watch: Rehearsal did not pass (NO-GO)")
    assert (recovered["change"], recovered["recovered"]) == ("recovered", ["D4"])


def requests_sent(console: str) -> int:
    return int(re.search(r"Requests sent: (\d+) through the HTTP client", console).group(1))


def campaigns_created(reports: Path) -> int:
    names = [attachment["name"] for result in allure_results(reports / "allure") for attachment in _attachments(result)]
    return names.count("Shopify API POST /campaigns")


def _attachments(node: dict):
    yield from node.get("attachments", [])
    for step in node.get("steps", []):
        yield from _attachments(step)


def test_a_watch_run_stays_within_its_request_budget_and_sends_only_when_due(tmp_path):
    due, _, _ = watch_then_notify(tmp_path, {})
    with_send = (requests_sent(due.stdout), campaigns_created(tmp_path / "reports"))
    between, _, _ = watch_then_notify(tmp_path, {})
    without_send = (requests_sent(between.stdout), campaigns_created(tmp_path / "reports"))
    record, outcomes = read_outcomes(tmp_path / "reports")
    assert due.exit_code == between.exit_code == 0, between.describe()
    assert "the campaign send (I3) is in" in due.stdout and "the campaign send (I3) is left out" in between.stdout
    assert record.mode == "watch" and "I3" not in {outcome.case for outcome in outcomes} and record.selection == "@watch"
    assert with_send[1] == 1 and without_send[1] == 0
    assert max(with_send[0], without_send[0]) <= REQUESTS_PER_RUN, (with_send, without_send)
    print(f"requests per watch run: {with_send[0]} with the send, {without_send[0]} without")
