"""The APIs' health endpoints and what each must report (cases D1–D5, K2, L1)."""
from __future__ import annotations

from .checks import expect
from .http import Reply
from .run import SmokeRun
from .services import RETAIL, SHOPIFY

ENDPOINTS = {
    "Shopify liveness": (SHOPIFY, "/health"),
    "Shopify full health": (SHOPIFY, "/health/full"),
    "retail liveness": (RETAIL, "/healthz"),
    "retail readiness": (RETAIL, "/readiness"),
    "retail database health": (RETAIL, "/health/db"),
}


def ask(run: SmokeRun, endpoint: str) -> Reply:
    service, path = ENDPOINTS[endpoint]
    return run.get(service, path)


def shopify_alive(reply: Reply) -> None:
    data = expect.json_object(reply, 200)
    expect.equals(reply, data, "ok", True)
    expect.number(reply, data, "t")


def shopify_healthy(reply: Reply) -> None:
    # /health/full answers 200 even when unhealthy: `ok` is the verdict, not the status code.
    data = expect.json_object(reply, 200)
    expect.equals(reply, data, "ok", True)


def shopify_dependencies_healthy(reply: Reply) -> None:
    data = expect.json_object(reply, 200)
    expect.equals(reply, data, "checks.db.status", "healthy")
    expect.equals(reply, data, "checks.redis.status", "healthy")


def shopify_workers_healthy(reply: Reply) -> str | None:
    """Checks worker and queue; returns a note when the API cannot see a separate worker."""
    data = expect.json_object(reply, 200)
    expect.equals(reply, data, "checks.workers.status", "healthy")
    expect.equals(reply, data, "checks.queue.status", "healthy")
    mode = expect.lookup(data, "checks.workers.mode")
    if mode != "embedded":
        return (f"The Shopify API runs its worker in mode {expect.shown(mode)}, not embedded: it cannot see a "
                "separate worker and reports it healthy regardless. I3 is the real proof that a worker runs.")
    return None


def retail_alive(reply: Reply) -> None:
    expect.equals(reply, expect.json_object(reply, 200), "status", "ok")


def retail_ready(reply: Reply) -> None:
    expect.equals(reply, expect.json_object(reply, 200), "status", "ready")


def retail_database_connected(reply: Reply) -> None:
    data = expect.json_object(reply, 200)
    expect.equals(reply, data, "status", "ok")
    expect.equals(reply, data, "database", "connected")


def within_budget(replies: list[Reply], budget_ms: float) -> None:
    """Each liveness answer, body included, came within the budget."""
    # A fast answer that is not a liveness answer (an error page, an empty 200) times nothing.
    for reply in replies:
        expect.json_object(reply, 200)
    slow = [reply for reply in replies if reply.elapsed_ms > budget_ms]
    if slow:
        raise expect.fail(slow[0], f"an answer within {budget_ms:g} ms",
                          "; ".join(f"{reply.service.name} {reply.elapsed_ms:.0f} ms" for reply in slow))
