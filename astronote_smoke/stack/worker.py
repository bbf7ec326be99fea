"""The worker of the reference stack: drains the Shopify send queue in safe
mode (a job is marked active, then completed; nothing is delivered) and beats
a heartbeat the Shopify API's /health/full reads."""

import sys
import time

from . import campaigns, store

POLL_INTERVAL = 0.05
HEARTBEAT_INTERVAL = 0.5


def run(ctx, announce):
    db = store.connect(ctx.db_path)
    store.beat(db, "worker")
    announce()
    next_beat = time.monotonic() + HEARTBEAT_INTERVAL
    while True:
        if time.monotonic() >= next_beat:
            store.beat(db, "worker")
            next_beat = time.monotonic() + HEARTBEAT_INTERVAL
        job = campaigns.claim_next_job(db)
        if job is None:
            time.sleep(POLL_INTERVAL)
            continue
        # campaign-stuck-sending: the message log write names a column the table lacks, so the
        # send goes out but the campaign is never marked done.
        campaigns.complete_job(db, job, logged=not ctx.has("campaign-stuck-sending"))
        if ctx.log_requests:
            print(f"[worker] job {job['id']} of campaign {job['campaign_id']} completed", file=sys.stderr)
