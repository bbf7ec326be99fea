"""The sending queues of both APIs (K1, K3): their job counts and the alert threshold.

Steps say "its jobs" whichever API answered; which field names and which rules apply is decided
here, from the service that sent the reply.
"""
from __future__ import annotations

from . import retail, shopify
from .http import Reply
from .services import RETAIL


def job_counts(reply: Reply) -> dict[str, float]:
    """The waiting, active, completed, failed and delayed counts the queue reports, each a finite number."""
    return retail.job_counts(reply) if reply.service.key == RETAIL.key else shopify.queue_counts(reply)


def waiting_within(reply: Reply, depth_max: int) -> None:
    """The queue's waiting jobs are at most `depth_max` (the alert threshold)."""
    if reply.service.key == RETAIL.key:
        retail.job_counts_within(reply, depth_max)
    else:
        shopify.queue_within(reply, depth_max)
