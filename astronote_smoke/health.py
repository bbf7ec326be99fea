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
    if expect.lookup(data, "ok") is not True:
        reasons = "; ".join(f"checks.{name} unhealthy: {reason}" for name, reason in _unhealthy(data))
        raise expect.fail(reply, "`ok` to be true",
                          f"{expect.shown(expect.lookup(data, 'ok'))}" + (f" ({reasons})" if reasons else ""))


def shopify_dependencies_healthy(reply: Reply) -> None:
    data = expect.json_object(reply, 200)
    _check_healthy(reply, data, "db")
    _check_healthy(reply, data, "redis")


def shopify_workers_healthy(reply: Reply) -> str | None:
    """Checks worker and queue; returns a note when the API cannot see a separate worker."""
    data = expect.json_object(reply, 200)
    _check_healthy(reply, data, "workers")
    _check_healthy(reply, data, "queue")
    mode = expect.lookup(data, "checks.workers.mode")
    if mode != "embedded":
        return (f"The Shopify API runs its worker in mode {expect.shown(mode)}, not embedded: it cannot see a "
                "separate worker and reports it healthy regardless. I3 is the real proof that a worker runs.")
    return None


def _check_healthy(reply: Reply, data: dict, name: str) -> None:
    """`checks.<name>.status` is healthy; otherwise the failure quotes the check's own error."""
    status = expect.lookup(data, f"checks.{name}.status")
    if status != "healthy":
        error = expect.lookup(data, f"checks.{name}.error")
        reason = f": {_quoted(error)}" if isinstance(error, str) and error.strip() else ""
        raise expect.fail(reply, f'`checks.{name}.status` to be "healthy"', f"{expect.shown(status)}{reason}")


def _unhealthy(data: dict) -> list[tuple[str, str]]:
    """The checks that report unhealthy, each with its own error (or "no reason given")."""
    checks = data.get("checks")
    if not isinstance(checks, dict):
        return []
    found = []
    for name, check in checks.items():
        if isinstance(check, dict) and check.get("status") not in (None, "healthy"):
            error = check.get("error")
            found.append((str(name)[:40], _quoted(error) if isinstance(error, str) and error.strip() else "no reason given"))
    return found


def _quoted(reason: str) -> str:
    """A service's own reason, on one line, cut to a readable length."""
    return expect.shown(" ".join(reason.split()))


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


def response_times_ms(replies: list[Reply]) -> dict[str, float]:
    """Each service's answer time, by the service's name, as numbers for the history."""
    return {reply.service.name: round(reply.elapsed_ms, 1) for reply in replies}
