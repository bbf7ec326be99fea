"""A failure's cause is data: the transport error's type says what happened, the exception carries
the service and reason, and one grouper lists the checks that share them, for every output."""
from __future__ import annotations

import http.client
import socket

import requests
import urllib3

from astronote_smoke.causes import by_cause
from astronote_smoke.console import closing_lines
from astronote_smoke.errors import Cause, ServiceUnreachable, cause_of
from astronote_smoke.http import transport_reason
from astronote_smoke.outcome import FAILED, Outcome, RunRecord
from astronote_smoke.verdict import decide

HUNG = Cause("Retail API", "it accepted a connection but did not answer within 5 s")


def _wrapped_as_requests_does(inner: BaseException, text: str) -> requests.exceptions.ConnectionError:
    pool = urllib3.exceptions.MaxRetryError(None, "/healthz", reason=inner)
    return requests.exceptions.ConnectionError(pool, text)


def test_a_refused_connection_is_known_by_its_type_whatever_its_text_says():
    refused = urllib3.exceptions.NewConnectionError(None, "Failed to establish a new connection")
    refused.__cause__ = ConnectionRefusedError(111, "no such thing")
    assert transport_reason(_wrapped_as_requests_does(refused, "timed out")) == "connection refused"


def test_text_that_names_a_cause_is_not_taken_for_it():
    # A server can put any words in what a protocol error quotes; only the type counts.
    error = requests.exceptions.ConnectionError("Connection refused, timed out, CERTIFICATE_VERIFY_FAILED")
    assert transport_reason(error) == ("ConnectionError: Connection refused, timed out, "
                                       "CERTIFICATE_VERIFY_FAILED")


def test_each_wrapped_transport_error_reads_as_its_few_words():
    cases = {ConnectionResetError(104, "x"): "connection reset by the server",
             socket.gaierror(-2, "x"): "host name not found",
             http.client.RemoteDisconnected("x"): "the server closed the connection without answering",
             urllib3.exceptions.ReadTimeoutError(None, "/", "x"): "timed out"}
    for inner, words in cases.items():
        protocol = urllib3.exceptions.ProtocolError("Connection aborted.", inner)
        assert transport_reason(requests.exceptions.ConnectionError(protocol)) == words, inner


def test_an_unreachable_failure_carries_its_cause():
    error = ServiceUnreachable("Retail API GET http://r/healthz: service unreachable: …", HUNG)
    assert cause_of(error) == HUNG and cause_of(AssertionError("no")) is None
    assert HUNG.down_text() == "service unreachable: it accepted a connection but did not answer within 5 s"
    assert Cause("Retail API", "timed out after 5 s", "D3").down_text() == (
        "service unreachable (first seen in D3: timed out after 5 s)")


def _failed(case: str, services: tuple[str, ...], cause: Cause | None, severity: str = "critical") -> Outcome:
    return Outcome(case=case, name=f"{case} holds", category="D API health", services=services, severity=severity,
                   protects="", status=FAILED, kind="unreachable" if cause else "production-defect",
                   message=f"{case} failed", cause=cause)


def test_checks_that_share_a_service_and_reason_are_one_group_whichever_services_they_name():
    later = Cause(HUNG.service, HUNG.reason, first_seen="warm-up")
    outcomes = [_failed("L1", ("Shopify API", "Retail API"), later), _failed("B5", ("Web", "Retail API"), HUNG),
                _failed("D3", ("Retail API",), HUNG), _failed("D1", ("Shopify API",), None)]
    [group] = by_cause(outcomes)
    assert group.cases == ("B5", "D3", "L1")
    assert group.cause == ("Retail API unreachable: it accepted a connection but did not answer within 5 s "
                           "(first seen in warm-up)")


def test_the_console_lists_a_group_once_in_the_section_of_its_first_check():
    outcomes = [_failed("B5", ("Web",), HUNG, "blocker"), _failed("D3", ("Retail API",), HUNG),
                _failed("L1", ("Shopify API",), HUNG, "normal")]
    lines = closing_lines(decide(RunRecord("r1", selected=3, release_set=3), outcomes))
    grouped = [line for line in lines if "checks could not run" in line]
    assert grouped == [f"  {HUNG.describe()}: 3 checks could not run (B5, D3, L1)"]
    assert lines.index(grouped[0]) == lines.index("Failures:") + 1
    assert not any(line.startswith("Warnings") for line in lines), lines
