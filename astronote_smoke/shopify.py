"""The Shopify API as the test shop uses it: dashboard, segments, queue statistics, short links."""
from __future__ import annotations

import secrets
import string
from urllib.parse import urlsplit

from .checks import expect
from .errors import SmokeFailure
from .http import Reply
from .run import SmokeRun
from .services import SHOPIFY, origin

DASHBOARD_COUNTERS = ["credits", "totalCampaigns", "totalContacts", "totalMessagesSent", "activeAutomations"]
LAST_7_DAYS = ["sent", "delivered", "failed", "unsubscribes"]
REPORT_LISTS = ["topCampaigns", "deliveryRateTrend", "creditsUsage"]
DASHBOARD_FIELDS = DASHBOARD_COUNTERS + ["reports"] + LAST_7_DAYS + REPORT_LISTS
SYSTEM_SEGMENTS = ["gender_male", "gender_female", "age_18_24"]
QUEUE_COUNTS = ["waiting", "active", "completed", "delayed", "failed"]


def shop_headers(run: SmokeRun) -> dict[str, str]:
    """The test shop's tenant headers: its domain and its session token."""
    domain, token = run.require_all("SHOPIFY_SHOP_DOMAIN", "SHOPIFY_SESSION_TOKEN")
    return {"X-Shopify-Shop-Domain": domain, "Authorization": f"Bearer {token}"}


def dashboard(run: SmokeRun, headers: dict[str, str]) -> Reply:
    return run.get(SHOPIFY, "/dashboard", headers=headers)


def unknown_shop(run: SmokeRun) -> str:
    return f"nonexistent-{run.settings.run_id}.myshopify.com"


def no_dashboard_data(reply: Reply) -> None:
    """A refusal's JSON body discloses nothing of the dashboard."""
    data = expect.json_object(reply)
    content = data.get("data")
    if content not in (None, {}, []):
        raise expect.fail(reply, "no dashboard data in the refusal", f"`data` holding {expect.shown(content)}")
    leaked = sorted(expect.keys_within(data) & set(DASHBOARD_FIELDS))
    if leaked:
        raise expect.fail(reply, "no dashboard data in the refusal", f"the fields {', '.join(leaked)}")


def store_not_found(reply: Reply) -> None:
    data = expect.json_object(reply, 401)
    expect.equals(reply, data, "code", "STORE_NOT_FOUND")


def dashboard_counters(reply: Reply) -> None:
    data = expect.json_object(reply, 200)
    expect.equals(reply, data, "success", True)
    expect.numbers(reply, data, "data.", DASHBOARD_COUNTERS)


def dashboard_reports(reply: Reply) -> None:
    data = expect.json_object(reply, 200)
    expect.numbers(reply, data, "data.reports.last7Days.", LAST_7_DAYS)
    for name in REPORT_LISTS:
        expect.listing(reply, data, f"data.reports.{name}")


def segments(run: SmokeRun) -> Reply:
    return run.get(SHOPIFY, "/audiences/segments", headers=shop_headers(run))


def segments_listed(reply: Reply) -> None:
    data = expect.json_object(reply, 200)
    expect.equals(reply, data, "success", True)
    expect.listing(reply, data, "data.segments")
    expect.number(reply, data, "data.total")


def system_segments_present(reply: Reply) -> None:
    data = expect.json_object(reply, 200)
    found = {item.get("key") for item in expect.listing(reply, data, "data.segments")
             if isinstance(item, dict) and item.get("type") == "system"}
    missing = [key for key in SYSTEM_SEGMENTS if key not in found]
    if missing:
        raise expect.fail(reply, f"system segments {', '.join(SYSTEM_SEGMENTS)}",
                          f"{', '.join(missing)} missing (system segments: {', '.join(sorted(map(str, found))) or 'none'})")


def queue_stats(run: SmokeRun) -> Reply:
    return run.get(SHOPIFY, "/campaigns/queue/stats", headers=shop_headers(run))


def queue_counts(reply: Reply) -> dict[str, float]:
    data = expect.json_object(reply, 200)
    expect.equals(reply, data, "success", True)
    return expect.numbers(reply, data, "data.counts.", QUEUE_COUNTS)


def queue_backlog(run: SmokeRun) -> str:
    """What the send queue holds now, in words: tells a worker that does not take jobs from one
    that took them but never finished the campaign."""
    try:
        counts = queue_counts(queue_stats(run))
    except SmokeFailure as error:
        return f"the queue stats did not answer ({str(error)[:80]})"
    return f"the send queue has {counts['waiting']:g} waiting and {counts['active']:g} active jobs"


def queue_within(reply: Reply, depth_max: int) -> None:
    counts = queue_counts(reply)
    # Queue stats leave BullMQ's prioritized jobs out of `waiting`; they wait all the same.
    prioritized = expect.lookup(expect.json_object(reply), "data.counts.prioritized")
    waiting = counts["waiting"] + (prioritized if isinstance(prioritized, (int, float)) else 0)
    if waiting > depth_max:
        raise expect.fail(reply, f"at most {depth_max} waiting jobs", f"{waiting:g} waiting")


def follow_short_link(run: SmokeRun, token: str) -> Reply:
    return run.get(SHOPIFY, f"/r/{token}")


def random_token() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(16))


def redirects_to(reply: Reply, destination: str) -> None:
    expect.status(reply, 302)
    location = reply.headers.get("Location")
    if location != destination:
        raise expect.fail(reply, f"Location {destination}", location or "no Location")


def fails_safely(reply: Reply, frontend_url: str) -> None:
    """An unknown link lands on the frontend's error page: never a 5xx, never another host."""
    expect.status(reply, 302)
    location = reply.headers.get("Location", "")
    parts = urlsplit(location)
    if not parts.scheme or not parts.hostname:
        raise expect.fail(reply, "an absolute Location on the frontend", repr(location) if location else "no Location")
    if origin(location) != origin(frontend_url):
        raise expect.fail(reply, f"a Location on {origin(frontend_url)}", f"{location} (another host)")
    if not parts.path.startswith("/error"):
        raise expect.fail(reply, "a Location whose path starts with /error", location)
