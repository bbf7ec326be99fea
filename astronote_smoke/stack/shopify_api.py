"""The Shopify API of the reference stack: health, tenant authentication
(bearer session token plus shop domain header), dashboard, audience segments,
campaigns and their queue, the /r/ shortener, production rate limits, CORS,
and the faults that change them."""

import hmac
import math
import sqlite3
import time

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Response

from . import campaigns, cors, hostile, store
from .campaigns import CampaignError
from .ratelimit import SlidingWindow
from .service import RELEASE, Refused, common_layers, edit_json, json_response, layered

URLS = Map([
    Rule("/health", endpoint="health", methods=["GET"]),
    Rule("/health/full", endpoint="health_full", methods=["GET"]),
    Rule("/r/<token>", endpoint="short_link", methods=["GET"]),
    Rule("/dashboard", endpoint="dashboard", methods=["GET"]),
    Rule("/audiences/segments", endpoint="segments", methods=["GET"]),
    Rule("/campaigns", endpoint="list_campaigns", methods=["GET"]),
    Rule("/campaigns", endpoint="create_campaign", methods=["POST"]),
    Rule("/campaigns/queue/stats", endpoint="queue_stats", methods=["GET"]),
    Rule("/campaigns/<campaign_id>", endpoint="get_campaign", methods=["GET"]),
    Rule("/campaigns/<campaign_id>", endpoint="delete_campaign", methods=["DELETE"]),
    Rule("/campaigns/<campaign_id>/cancel", endpoint="cancel_campaign", methods=["POST"]),
    Rule("/campaigns/<campaign_id>/enqueue", endpoint="enqueue_campaign", methods=["POST"]),
])

HEALTH_PATHS = ("/health", "/health/full")
API_VERSION = "v1"
SHOP_HEADER = "X-Shopify-Shop-Domain"
HEARTBEAT_MAX_AGE = 3.0  # seconds after which the embedded worker counts as down
# The allowlist before the web app moved to its current origin.
PREVIOUS_ALLOWLIST = ("https://astronote-shopify-frontend.onrender.com",)

SYSTEM_SEGMENTS = [
    {"id": "sys_gender_male", "key": "gender_male", "name": "Men", "type": "system", "estimatedCount": 1},
    {"id": "sys_gender_female", "key": "gender_female", "name": "Women", "type": "system", "estimatedCount": 2},
    {"id": "sys_age_18_24", "key": "age_18_24", "name": "Age 18–24", "type": "system", "estimatedCount": 1},
    {"id": "sys_age_25_34", "key": "age_25_34", "name": "Age 25–34", "type": "system", "estimatedCount": 1},
    {"id": "sys_age_35_plus", "key": "age_35_plus", "name": "Age 35+", "type": "system", "estimatedCount": 1},
]
CUSTOM_SEGMENTS = [
    {"id": "seg_vip", "key": None, "name": "VIP customers", "type": "custom", "estimatedCount": 2},
]


def create_app(ctx):
    api = ShopifyApi(ctx)
    if ctx.has("shopify-cors-reflects-any-origin"):
        admits = cors.any_origin
    elif ctx.has("cors-allowlist-reverted"):
        admits = cors.exactly(*PREVIOUS_ALLOWLIST)
    else:
        admits = cors.exactly(ctx.web_origin)
    policy = cors.Policy(admits=admits, credentials=False, on_actual_responses=not ctx.has("shopify-cors-preflight-only"))
    refusal = {"success": False, "code": "INTERNAL_ERROR", "message": "Not allowed by CORS"}
    echo = [hostile.echo_secrets(api.known_tokens)] if ctx.has("echo-secrets") else []
    return layered(api.route, [
        *common_layers(ctx, HEALTH_PATHS),
        *hostile.layers(ctx),
        envelope,
        *echo,
        cors.layer(policy, refusal),
        api.limit_rate,
    ])


def envelope(request, inner):
    """The real API adds apiVersion and timestamp to every JSON body."""
    return edit_json(inner(request), lambda body: body.update(apiVersion=API_VERSION, timestamp=campaigns.iso_now()))


def error(status, code, message, headers=None):
    return json_response({"success": False, "code": code, "message": message}, status, headers)


def not_found(request):
    return error(404, "NOT_FOUND", f"Route {request.method} {request.path} not found")


class ShopifyApi:
    def __init__(self, ctx):
        self.ctx = ctx
        self.db = store.Connections(ctx.db_path)
        # Production limits, per minute: all /campaigns calls of a shop share 40,
        # enqueue has 5 of its own, and short links allow 100 per IP.
        self.campaign_calls = SlidingWindow(40)
        self.enqueue_calls = SlidingWindow(5)
        self.short_link_calls = SlidingWindow(100)

    def route(self, request):
        try:
            endpoint, args = URLS.bind_to_environ(request.environ).match()
        except HTTPException:
            return not_found(request)
        try:
            return getattr(self, endpoint)(request, **args)
        except Refused as refused:
            return refused.response
        except CampaignError as refusal:
            return error(refusal.status, refusal.code, refusal.message)

    def limit_rate(self, request, inner):
        path = request.path
        if path.startswith("/r/"):
            limits = [(self.short_link_calls, request.remote_addr)]
        elif path == "/campaigns" or path.startswith("/campaigns/"):
            shop = request.headers.get(SHOP_HEADER, "").lower() or request.remote_addr
            limits = [(self.campaign_calls, shop)]
            if path.endswith("/enqueue"):
                limits.append((self.enqueue_calls, shop))
        else:
            limits = []
        for window, key in limits:
            wait = window.hit(key)
            if wait:
                return error(
                    429, "RATE_LIMIT_EXCEEDED", "Too many requests, please try again later.",
                    {"Retry-After": str(math.ceil(wait))},
                )
        return inner(request)

    def authenticate(self, request):
        """The shop a tenant call is made for, or Refused."""
        domain = request.headers.get(SHOP_HEADER, "").strip()
        if not domain and self.ctx.has("shopify-auth-open"):
            # A development fallback to the first store, shipped switched on.
            return self.db().execute("SELECT * FROM shops ORDER BY rowid LIMIT 1").fetchone()
        if not domain:
            raise Refused(error(400, "INVALID_SHOP_DOMAIN", f"A valid {SHOP_HEADER} header is required"))
        shop = self.db().execute("SELECT * FROM shops WHERE domain = ? COLLATE NOCASE", (domain,)).fetchone()
        if shop is None and self.ctx.has("store-lookup-crash"):
            # The lookup reads a field of the store it did not find; the error handler answers 500.
            raise Refused(error(500, "INTERNAL_ERROR", "Internal server error"))
        if shop is None:
            raise Refused(error(401, "STORE_NOT_FOUND", "Store not found"))
        token = _bearer_token(request)
        if token is None and self.ctx.has("shop-domain-is-credential"):
            return shop
        if token is None or not hmac.compare_digest(token, shop["session_token"]):
            raise Refused(error(401, "UNAUTHORIZED", "Missing or invalid session token"))
        return shop

    def known_tokens(self):
        return [row["session_token"] for row in self.db().execute("SELECT session_token FROM shops")]

    # --- health

    def health(self, request):
        return json_response({"ok": not self.ctx.has("shopify-liveness-not-ok"), "t": int(time.time() * 1000)})

    def health_full(self, request):
        db_healthy = self._database_answers()
        redis_healthy = not self.ctx.has("health-not-ok")
        age = store.heartbeat_age(self.db(), "worker") if db_healthy else None
        workers_healthy = age is not None and age < HEARTBEAT_MAX_AGE
        checks = {
            "db": {"status": _health(db_healthy)},
            "redis": {"status": _health(redis_healthy)},
            "workers": {"status": _health(workers_healthy), "mode": "embedded"},
            "queue": {"status": _health(db_healthy)},
        }
        # ok judges the dependencies; the worker has its own check (K2 reads it, D2 reads ok).
        return json_response({"ok": db_healthy and redis_healthy, "checks": checks, "version": RELEASE})

    def _database_answers(self):
        try:
            self.db().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    # --- shortener

    def short_link(self, request, token):
        if self.ctx.has("shortener-off"):  # URL_SHORTENER_TYPE=none: the route is not mounted
            return not_found(request)
        db = self.db()
        link = db.execute("SELECT destination FROM short_links WHERE token = ?", (token,)).fetchone()
        if link is None:
            return Response(status=302, headers={"Location": f"{self.ctx.web_origin}/error/link-not-found"})
        db.execute("UPDATE short_links SET clicks = clicks + 1 WHERE token = ?", (token,))
        return Response(status=302, headers={"Location": link["destination"]})

    # --- dashboard and audiences

    def dashboard(self, request):
        shop = self.authenticate(request)
        db = self.db()
        totals = campaigns.shop_totals(db, shop["domain"])
        data = {
            "credits": shop["credits"],
            "totalCampaigns": totals["campaigns"],
            "totalContacts": shop["contacts"],
            "totalMessagesSent": totals["messagesSent"],
            "activeAutomations": 2,
        }
        if not self.ctx.has("reports-not-embedded"):
            data["reports"] = _reports(db, shop["domain"])
        return json_response({"success": True, "data": data})

    def segments(self, request):
        self.authenticate(request)
        system = [] if self.ctx.has("system-segments-missing") else SYSTEM_SEGMENTS
        segments = system + CUSTOM_SEGMENTS
        return json_response({"success": True, "data": {"segments": segments, "total": len(segments)}})

    # --- campaigns

    def list_campaigns(self, request):
        shop = self.authenticate(request)
        found = campaigns.search(self.db(), shop["domain"], request.args.get("search", ""))
        return json_response({"success": True, "data": {"campaigns": found, "total": len(found)}})

    def create_campaign(self, request):
        shop = self.authenticate(request)
        body = request.get_json(silent=True)
        body = body if isinstance(body, dict) else {}
        name, message = body.get("name"), body.get("message")
        audience = body.get("audience", {"type": "all"})
        schedule_type = body.get("scheduleType", "immediate")
        if not (isinstance(name, str) and name.strip() and isinstance(message, str) and message.strip()):
            return error(400, "VALIDATION_ERROR", "name and message are required")
        if not isinstance(audience, dict) or schedule_type not in ("immediate", "scheduled"):
            return error(400, "VALIDATION_ERROR", "audience must be an object, scheduleType immediate or scheduled")
        if self.ctx.has("create-broken"):  # the insert fails: a migration the release needs did not run
            return error(500, "INTERNAL_ERROR", "Internal server error")
        campaign = campaigns.create(self.db(), shop["domain"], name, message, audience, schedule_type)
        return json_response({"success": True, "data": campaign}, 201)

    def get_campaign(self, request, campaign_id):
        shop = self.authenticate(request)
        return json_response({"success": True, "data": campaigns.find(self.db(), shop["domain"], campaign_id)})

    def delete_campaign(self, request, campaign_id):
        shop = self.authenticate(request)
        campaigns.delete(self.db(), shop["domain"], campaign_id)
        return json_response({"success": True, "message": "Campaign deleted"})

    def cancel_campaign(self, request, campaign_id):
        shop = self.authenticate(request)
        return json_response({"success": True, "data": campaigns.cancel(self.db(), shop["domain"], campaign_id)})

    def enqueue_campaign(self, request, campaign_id):
        shop = self.authenticate(request)
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key:
            return error(400, "IDEMPOTENCY_KEY_REQUIRED", "An Idempotency-Key header is required")
        if self.ctx.has("enqueue-broken"):
            return error(503, "QUEUE_UNAVAILABLE", "The send queue is unavailable")
        answer = campaigns.enqueue(self.db(), shop["domain"], campaign_id, key, recipients=shop["contacts"])
        return json_response(answer)

    def queue_stats(self, request):
        self.authenticate(request)
        counts = campaigns.queue_counts(self.db())
        if self.ctx.has("shopify-queue-backlog"):
            counts["waiting"] = 5000
        return json_response({"success": True, "data": {"counts": counts}})


def _reports(db, shop):
    days = campaigns.daily_sends(db, shop, days=7)
    sent = sum(day["sent"] for day in days)
    failed = sum(day["failed"] for day in days)
    return {
        "last7Days": {"sent": sent, "delivered": sent, "failed": failed, "unsubscribes": 0},
        "topCampaigns": campaigns.top_campaigns(db, shop, limit=5),
        "deliveryRateTrend": [
            {"date": day["date"], "rate": _percent(day["sent"], day["sent"] + day["failed"])} for day in days
        ],
        "creditsUsage": [{"date": day["date"], "credits": day["sent"]} for day in days],
    }


def _percent(part, whole):
    return round(100 * part / whole, 2) if whole else 0


def _health(healthy):
    return "healthy" if healthy else "unhealthy"


def _bearer_token(request):
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()
