"""The reference stack answers every recorded request the way the real Astronote did: same
status, content type, CORS/Location/Vary/Retry-After headers and JSON type skeleton (HTML as
the recording summarises it). Recordings of a real defect or of a stopped dependency are
compared with the stack under the fault that reproduces them."""
from __future__ import annotations

import itertools
from urllib.parse import urljoin

import pytest
import requests

import recorded
from replay import Replayer, faults_of

from astronote_smoke.stack import ReferenceStack

RECORDINGS = recorded.load()


def groups():
    """Runs of consecutive recordings of one phase under the same faults, in recorded order."""
    key = lambda recording: (recording.phase, faults_of(recording))  # noqa: E731
    return [(phase, faults, list(members)) for (phase, faults), members in itertools.groupby(RECORDINGS, key)]


def compare(replayer: Replayer, recording: recorded.Recording) -> list[str]:
    answer = replayer.send(recording)
    found = recorded.differences(recording, answer, replayer.substitute)
    summary = recording.response.get("body")
    if answer is not None and isinstance(summary, dict) and "has_password_input_in_served_html" in summary:
        if recorded.password_in_served_html(answer.text) != summary["has_password_input_in_served_html"]:
            found.append(f"password input in served HTML, recorded {summary['has_password_input_in_served_html']}")
    if answer is not None and "scripts" in recording.response:
        found += _script_differences(replayer, recording, answer)
    return found


def _script_differences(replayer, recording, page) -> list[str]:
    sources = recorded.script_sources(page.text)
    scripts = [requests.get(urljoin(page.url, source), timeout=5) for source in sources]
    found = [f"script {script.url} answered {script.status_code}" for script in scripts if script.status_code != 200]
    api_origin = replayer.substitute(recording.response["origin_checked"])
    naming = sum(api_origin in script.text for script in scripts)
    if (naming > 0) != (recording.response["n_containing_origin"] > 0):
        found.append(f"{naming} scripts name {api_origin}, recorded {recording.response['n_containing_origin']}")
    return found


def test_the_recordings_cover_every_phase_and_are_all_there():
    assert len(RECORDINGS) >= 140
    assert {recording.phase for recording in RECORDINGS} == {
        "basic", "flow", "list", "misc", "burst", "pgdown", "recovered", "redisdown", "recovered2", "webapp"}


def test_the_stack_answers_every_recorded_request_as_the_real_product(capsys):
    mismatches = {}
    for phase, faults, members in groups():
        with ReferenceStack(faults=faults) as stack:
            replayer = Replayer(stack, phase)
            for recording in members:
                found = compare(replayer, recording)
                if found:
                    mismatches[recording.name] = found
    matched = len(RECORDINGS) - len(mismatches)
    with capsys.disabled():
        print(f"\nfidelity: {matched} of {len(RECORDINGS)} recordings matched "
              f"(read from {recorded.folder()})")
    assert not mismatches, "\n".join(f"{name}: {'; '.join(found)}" for name, found in mismatches.items())


@pytest.mark.parametrize("summary, page, differs", [
    ({"title": "T", "html_class": "dark", "headings_in_served_html": ["Page not found"]},
     "<html class='dark'><title>T</title><h1>Page not found</h1></html>", False),
    ({"title": "T", "html_class": "dark", "headings_in_served_html": []},
     "<html class='dark'><title>T</title><h1>Page not found</h1></html>", True),
    ({"title": "T", "html_class": "dark", "headings_in_served_html": []}, "<html><title>T</title></html>", True),
])
def test_html_is_compared_as_the_recording_summarises_it(summary, page, differs):
    assert bool(recorded._html_differences(summary, page)) is differs


@pytest.mark.parametrize("recorded_body, got, differs", [
    ({"a": {"b": 1}}, {"a": {"b": 2.5, "extra": True}}, False),
    ({"a": {"b": 1}}, {"a": {"b": "1"}}, True),
    ({"id": "<id:3>:number"}, {"id": 7}, False),
    ({"t": "<time:number>"}, {"t": "now"}, True),
    ({"items": [{"id": "x"}]}, {"items": []}, False),
    ({"items": [{"id": "x"}]}, {"items": [{"name": "x"}]}, True),
    ({"when": None}, {"when": "2026-01-01"}, False),
    ({"when": None}, {}, True),
])
def test_the_skeleton_wants_every_recorded_field_with_its_type(recorded_body, got, differs):
    assert bool(recorded.skeleton_differences(recorded_body, got, "body")) is differs


def test_the_project_keeps_a_copy_of_every_recording():
    copied = {path.name: path.read_bytes() for path in recorded.COPY.iterdir()}
    assert "INDEX.md" in copied and len(copied) == len(RECORDINGS) + 1
    if recorded.folder() == recorded.SHARED:
        assert copied == {path.name: path.read_bytes() for path in recorded.SHARED.iterdir()}


def test_a_defect_recording_does_not_match_the_stack_without_its_fault():
    by_name = {recording.name: recording for recording in RECORDINGS}
    with ReferenceStack() as stack:
        replayer = Replayer(stack, "basic")
        race = compare(replayer, by_name["basic-12-D2-GET-health-full-separate-worker-running.json"])
        missing_page = compare(replayer, by_name["basic-45-J2-destination-page-of-the-unknown-link-redirect.json"])
    assert "ok True, recorded False" in race and any("checks.queue.status" in found for found in race)
    assert missing_page[0] == "status 200, recorded 404"
