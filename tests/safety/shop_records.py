"""What the reference stack's test shop holds, read straight from its database, and leftovers planted in it."""
from __future__ import annotations

import sqlite3
import uuid

import requests

TIMEOUT = 5
OPEN = ("draft", "scheduled", "sending")


def campaigns_named(stack, prefix: str) -> dict[str, str]:
    """Status by name of the test shop's campaigns whose names start with `prefix`."""
    with sqlite3.connect(f"file:{stack.db_path}?mode=ro", uri=True, timeout=5) as db:
        rows = db.execute("SELECT name, status FROM campaigns WHERE substr(name, 1, ?) = ?",
                          (len(prefix), prefix)).fetchall()
    return dict(rows)


def open_campaigns(stack, prefix: str) -> dict[str, str]:
    return {name: status for name, status in campaigns_named(stack, prefix).items() if status in OPEN}


def run_id() -> str:
    return f"safety{uuid.uuid4().hex[:10]}"


def plant(stack, name: str, *, enqueue: bool = False, status: str | None = None) -> str:
    """Creates a campaign in the test shop as the suite would; optionally enqueues it or forces its status."""
    api = stack.urls["SHOPIFY_API_URL"]
    headers = {"X-Shopify-Shop-Domain": stack.env["SHOPIFY_SHOP_DOMAIN"],
               "Authorization": f"Bearer {stack.env['SHOPIFY_SESSION_TOKEN']}"}
    created = requests.post(f"{api}/campaigns", headers=headers, timeout=TIMEOUT, json={
        "name": name, "message": "planted", "audience": {"type": "all"}, "scheduleType": "immediate"})
    assert created.status_code == 201, created.text
    campaign_id = created.json()["data"]["id"]
    if enqueue:
        queued = requests.post(f"{api}/campaigns/{campaign_id}/enqueue", timeout=TIMEOUT,
                               headers={**headers, "Idempotency-Key": uuid.uuid4().hex})
        assert queued.status_code == 200, queued.text
    if status:
        # What a worker would have done by now: finish the send.
        with sqlite3.connect(stack.db_path, timeout=5) as db:
            db.execute("UPDATE campaigns SET status = ? WHERE id = ?", (status, campaign_id))
    return campaign_id
