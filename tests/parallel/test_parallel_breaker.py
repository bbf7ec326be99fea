"""The circuit breaker shared by the worker processes of a parallel run, and the HTTP client in a
forked process. Nothing runs but a listening socket that never answers."""
from __future__ import annotations

import multiprocessing
import socket

import pytest

from astronote_smoke.errors import Cause, ServiceUnreachable
from astronote_smoke.http import Client
from astronote_smoke.masking import Masker
from astronote_smoke.behave_adapter.parallel.breaker import SharedBreaker
from astronote_smoke.services import SHOPIFY

FORK = multiprocessing.get_context("fork")


def in_child(target, *args) -> int:
    """Run `target(*args)` in a forked process; its exit code."""
    process = FORK.Process(target=target, args=args)
    process.start()
    process.join(timeout=30)
    return process.exitcode


@pytest.fixture
def silent_service():
    """A port that accepts connections and never answers: a hung service."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


def test_the_first_reason_recorded_by_any_process_wins(tmp_path):
    breaker = SharedBreaker(tmp_path / "down")

    first = Cause("Shopify API", "timed out after 10 s", "D1")
    assert in_child(breaker.setdefault, "shopify", first) == 0
    assert breaker.setdefault("shopify", Cause("Shopify API", "connection refused", "G1")) == first
    breaker["shopify"] = Cause("Shopify API", "connection refused", "H1")
    assert dict(breaker) == {"shopify": first}
    assert "retail" not in breaker


def test_it_starts_with_what_the_warm_up_found(tmp_path):
    asleep = Cause("Web", "did not wake within 90 s")
    breaker = SharedBreaker(tmp_path / "down", {"web": asleep})

    assert breaker == {"web": asleep}
    assert len(breaker) == 1


def _time_out_as(client: Client, case: str) -> None:
    client.case = case
    try:
        client.request(SHOPIFY, "GET", "/health")
    except ServiceUnreachable:
        return
    raise AssertionError("the silent service answered")


def test_a_timeout_in_one_worker_fails_the_others_at_once(tmp_path, silent_service):
    client = Client({"shopify": silent_service}, timeout=0.3, masker=Masker())
    client.down = SharedBreaker(tmp_path / "down", client.down)

    assert in_child(_time_out_as, client, "D1") == 0
    client.case = "G1"
    with pytest.raises(ServiceUnreachable) as failure:
        client.request(SHOPIFY, "GET", "/dashboard")

    assert str(failure.value) == (f"Shopify API GET {silent_service}/dashboard: "
                                  "service unreachable (first seen in D1: timed out after 0.3 s)")
    assert failure.value.cause == Cause("Shopify API", "timed out after 0.3 s", first_seen="D1")


def _exit_with_pool_size(client: Client) -> None:
    pools = sum(len(adapter.poolmanager.pools) for adapter in client.session.adapters.values())
    raise SystemExit(pools)


def test_a_forked_process_does_not_reuse_the_parents_connections(silent_service):
    client = Client({"shopify": silent_service}, timeout=0.3, masker=Masker())
    with pytest.raises(ServiceUnreachable):
        client.request(SHOPIFY, "GET", "/health")  # leaves a pooled connection behind
    assert sum(len(adapter.poolmanager.pools) for adapter in client.session.adapters.values()) == 1

    assert in_child(_exit_with_pool_size, client) == 0
