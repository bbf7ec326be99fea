"""Calls that must be refused (F1, F2, F4), each with what the contract counts as refused.

A step names the call; which answers are a refusal for it is decided here, so no step sets an
expectation of its own.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import retail, shopify
from .checks import expect
from .http import Reply
from .run import SmokeRun

UNAUTHENTICATED = 401


@dataclass(frozen=True)
class Call:
    reply: Reply
    refused_with: tuple[int, ...]  # the statuses that count as refused


def anonymous_dashboard(run: SmokeRun) -> Call:
    """The Shopify dashboard, no shop named and no credentials: 400 (no shop), 401 or 403."""
    return Call(shopify.dashboard(run, headers={}), (400, 401, 403))


def dashboard_with_shop_domain_only(run: SmokeRun, shop: str) -> Call:
    """The Shopify dashboard of a known shop, named without its session token: 401 or 403."""
    return Call(shopify.dashboard(run, {"X-Shopify-Shop-Domain": shop}), (401, 403))


def anonymous_kpis(run: SmokeRun) -> Call:
    """The retail KPIs without a sign-in: 401."""
    return Call(retail.kpis(run, token=None), (UNAUTHENTICATED,))


def refused(call: Call) -> None:
    """The call was answered with one of its refusals, as a JSON error body."""
    expect.json_object(call.reply, *call.refused_with)


def refused_as_unauthenticated(call: Call) -> None:
    """The call was refused because the caller showed no credentials: 401, as a JSON error body."""
    expect.json_object(call.reply, UNAUTHENTICATED)
