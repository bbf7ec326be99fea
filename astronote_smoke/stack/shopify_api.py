"""The Shopify API of the reference stack: health, tenant authentication
(bearer session token plus shop domain header), dashboard, audience segments,
campaigns and their queue, the /r/ shortener, production rate limits, CORS,
and the faults that change them."""

import hmac
import itertools
import sqlite3
import time
import uuid

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Response

from . import campaigns, cors, hostile, store
from .campaigns import CampaignError, StatusRefusal
from .ratelimit import FixedWindow
from .service import Refused, common_layers, edit_json, hang, json_response, layered
from .shopify_health import NEXT_VERSION, PACKAGE_VERSION, REDIS_CLOSED, full_health

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

SEGMENT_CREATED = "2026-01-05T09:00:00.000Z"
SYSTEM_SEGMENTS = [
    {"id": "sys_age_18_24", "key": "age_18_24", "name": "Age 18-24", "type": "system",
     "criteria": {"age": {"gte": 18, "lte": 24}}},
    {"id": "sys_age_25_34", "key": "age_25_34", "name": "Age 25-34", "type": "system",
     "criteria": {"age": {"gte": 25, "lte": 34}}},
    {"id": "sys_age_35_plus", "key": "age_35_plus", "name": "Age 35+", "type": "system", "criteria": {"age": {"gte": 35}}},
    {"id": "sys_gender_female", "key": "gender_female", "name": "Female", "type": "system",
     "criteria": {"gender": "female"}},
    {"id": "sys_gender_male", "key": "gender_male", "name": "Male", "type": "system", "criteria": {"gender": "male"}},
]
CUSTOM_SEGMENTS = [
    {"id": "seg_vip", "key": None, "name": "VIP customers", "type": "custom", "criteria": {"tag": "vip"}},
]
# The Shopify API's cors options: every answer varies by Origin and exposes its request id.
ALLOWED_METHODS = "GET,POST,PUT,DELETE,PATCH,OPTIONS"
ALLOWED_HEADERS = ("Content-Type,Authorization,Idempotency-Key,X-API-Key,X-Request-ID,API-Version,"
                   "X-Shopify-Shop-Domain,X-Shopify-Shop,X-Shopify-Shop-Name,X-Store-ID,X-Client-Version,"
                   "X-Client-Platform,X-Requested-With,Accept,Origin")
EXPOSED_HEADERS = "X-Request-ID,X-Rate-Limit-Remaining,X-Rate-Limit-Reset"


def create_app(ctx):
    api = ShopifyApi(ctx)
    if ctx.has("shopify-cors-reflects-any-origin"):
        admits = cors.any_origin
    elif ctx.has("cors-allowlist-reverted"):
        admits = cors.exactly(*PREVIOUS_ALLOWLIST)
    else:
        admits = cors.exactly(ctx.web_origin)
    policy = cors.Policy(admits=admits, credentials=False, methods=ALLOWED_METHODS, headers=ALLOWED_HEADERS,
                         vary_origin=True, expose=EXPOSED_HEADERS,
                         on_actual_responses=not ctx.has("shopify-cors-preflight-only"))
    echo = [hostile.echo_secrets(api.known_tokens)] if ctx.has("echo-secrets") else []
    echo += [hostile.token_in_release(api.known_tokens)] if ctx.has("token-in-release") else []
    return layered(api.route, [
        *common_layers(ctx, HEALTH_PATHS),
        *hostile.layers(ctx),
        cors.layer(policy, _cors_refusal),
        envelope,
        *echo,
        api.limit_rate,
    ])


def _cors_refusal(request):
    # The error handler answers before the envelope and the cors headers are added.
    return error(request, 500, "app_error", "Not allowed by CORS")


def envelope(request, inner):
    """The real API adds apiVersion and timestamp to every JSON body."""
    return edit_json(inner(request), lambda body: body.update(apiVersion=API_VERSION, timestamp=campaigns.iso_now()))


def error(request, status, name, message, headers=None):
    """An error as the real API's error handler answers it (no ``code``)."""
    body = {"success": False, "error": name, "message": message, "timestamp": campaigns.iso_now(),
            "path": request.full_path.rstrip("?"), "method": request.method, "requestId": _request_id()}
    return json_response(body, status, headers)


def tenant_error(status, name, message, code=None):
    """A refusal of the store-resolution middleware: its own ``error`` text and, where
    the contract names one, a ``code``."""
    body = {"success": False, "error": name, "message": message}
    if code is not None:
        body["code"] = code
    body["requestId"] = _request_id()
    return json_response(body, status)


def not_found(request):
    return error(request, 404, "not_found", f"Route {request.method} {request.path} not found")


def _request_id():
    return str(uuid.uuid4())


class ShopifyApi:
    def __init__(self, ctx):
        self.ctx = ctx
        self.db = store.Connections(ctx.db_path)
        # Production limits, per minute: all /campaigns calls of a shop share 40,
        # enqueue has 5 of its own, and short links allow 100 per IP.
        self.campaign_calls = FixedWindow(40)
        self.enqueue_calls = FixedWindow(5)
        self.short_link_calls = FixedWindow(100)
        self.probe_jobs = itertools.count(65)
        self.full_health_answers = itertools.count(1)

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
            return error(request, refusal.status, refusal.error, refusal.message)
        except StatusRefusal as refusal:
            return json_response(refusal.body, refusal.status)

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
        sent = {}
        for window, key in limits:
            allowed, headers = window.hit(key)
            if not allowed:
                body = {"success": False, "error": "rate_limit_exceeded",
                        "message": "Too many requests. Please try again later.", "retryAfter": headers["Retry-After"]}
                return json_response(body, 429, headers)
            sent = sent or headers  # the shared limit's headers, as the first limiter sets them
        response = inner(request)
        response.headers.extend(sent)
        return response

    def authenticate(self, request):
        """The shop a tenant call is made for, or Refused."""
        domain = request.headers.get(SHOP_HEADER, "").strip()
        token = _bearer_token(request)
        if self.ctx.has("postgres-down"):
            raise Refused(tenant_error(500, "Store resolution failed", "Internal error during store resolution",
                                       "STORE_RESOLUTION_ERROR"))
        if not domain and token is not None:
            # The session token names its shop: a bearer alone is enough.
            shop = self.db().execute("SELECT * FROM shops WHERE session_token = ?", (token,)).fetchone()
            if shop is not None:
                return shop
        if not domain and self.ctx.has("shopify-auth-open"):
            # A development fallback to the first store, shipped switched on.
            return self.db().execute("SELECT * FROM shops ORDER BY rowid LIMIT 1").fetchone()
        if not domain:
            raise Refused(tenant_error(400, "Invalid shop domain", "Unable to determine shop domain from request. "
                                       f"Please provide {SHOP_HEADER} header or Bearer token.", "INVALID_SHOP_DOMAIN"))
        shop = self.db().execute("SELECT * FROM shops WHERE domain = ? COLLATE NOCASE", (domain,)).fetchone()
        if shop is None and self.ctx.has("store-lookup-crash"):
            # The lookup reads a field of the store it did not find; the error handler answers 500.
            raise Refused(tenant_error(500, "Store resolution failed", "Internal error during store resolution",
                                       "STORE_RESOLUTION_ERROR"))
        if shop is None:
            raise Refused(tenant_error(401, "Store not found", "Unable to resolve store context. Please ensure you "
                                       "are properly authenticated and the app is installed.", "STORE_NOT_FOUND"))
        if self.ctx.has("shop-domain-is-credential"):
            # The real defect: the header resolves the shop, and a token is not checked, or not there.
            return shop
        if token is None or not hmac.compare_digest(token, shop["session_token"]):
            raise Refused(tenant_error(401, "Unauthorized", "Missing or invalid session token"))
        return shop

    def known_tokens(self):
        return [row["session_token"] for row in self.db().execute("SELECT session_token FROM shops")]

    # --- health

    def health(self, request):
        return json_response({"ok": not self.ctx.has("shopify-liveness-not-ok"), "t": int(time.time() * 1000)})

    def health_full(self, request):
        if self.ctx.has("redis-down"):
            hang()  # the Redis client queues the probe's commands until Redis returns
        db_healthy = self._database_answers()
        age = store.heartbeat_age(self.db(), "worker") if db_healthy else None
        worker_alive = age is not None and age < HEARTBEAT_MAX_AGE
        # shopify-switches-build: the first answer is the old build's, every later one the new build's.
        switched = self.ctx.has("shopify-switches-build") and next(self.full_health_answers) > 1
        version = NEXT_VERSION if switched else PACKAGE_VERSION
        return json_response(full_health(self.ctx, db_healthy, worker_alive, next(self.probe_jobs), version))

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
            return _redirect(f"{self.ctx.web_origin}/error?message=Link%20not%20found")
        db.execute("UPDATE short_links SET clicks = clicks + 1 WHERE token = ?", (token,))
        return _redirect(link["destination"])

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
        segments = [{**segment, "isActive": True, "createdAt": SEGMENT_CREATED} for segment in system + CUSTOM_SEGMENTS]
        return json_response({"success": True, "data": {"segments": segments, "total": len(segments)}})

    # --- campaigns

    def list_campaigns(self, request):
        shop = self.authenticate(request)
        return json_response({"success": True, "data": campaigns.listing(self.db(), shop["domain"], request.args)})

    def create_campaign(self, request):
        shop = self.authenticate(request)
        body = request.get_json(silent=True)
        body = body if isinstance(body, dict) else {}
        name, message = body.get("name"), body.get("message")
        audience = body.get("audience", {"type": "all"})
        schedule_type = body.get("scheduleType", "immediate")
        valid = (isinstance(name, str) and name.strip() and isinstance(message, str) and message.strip()
                 and isinstance(audience, dict) and schedule_type in ("immediate", "scheduled"))
        if not valid:
            return error(request, 400, "validation_error", "Validation failed")
        if self.ctx.has("create-broken"):  # the insert fails: a migration the release needs did not run
            return error(request, 500, "app_error", "Internal server error")
        campaign = campaigns.create(self.db(), shop["domain"], name, message, audience, schedule_type)
        return json_response({"success": True, "data": campaign, "message": "Campaign created successfully"}, 201)

    def get_campaign(self, request, campaign_id):
        shop = self.authenticate(request)
        return json_response({"success": True, "data": campaigns.find(self.db(), shop["domain"], campaign_id)})

    def delete_campaign(self, request, campaign_id):
        shop = self.authenticate(request)
        campaigns.delete(self.db(), shop["domain"], campaign_id)
        return json_response({"success": True, "data": None, "message": "Campaign deleted successfully"})

    def cancel_campaign(self, request, campaign_id):
        shop = self.authenticate(request)
        cancelled = campaigns.cancel(self.db(), shop["domain"], campaign_id)
        return json_response({"success": True, "data": cancelled, "message": "Campaign cancelled successfully"})

    def enqueue_campaign(self, request, campaign_id):
        shop = self.authenticate(request)
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key:
            return error(request, 400, "validation_error", "An Idempotency-Key header is required")
        if self.ctx.has("enqueue-broken"):
            return json_response({"ok": False, "message": "The send queue is unavailable", "code": "QUEUE_UNAVAILABLE"}, 503)
        answer = campaigns.enqueue(self.db(), shop["domain"], campaign_id, key, recipients=shop["contacts"])
        return json_response(answer)

    def queue_stats(self, request):
        self.authenticate(request)
        if self.ctx.has("redis-down") or self.ctx.has("redis-not-reconnected"):
            return error(request, 500, "app_error", REDIS_CLOSED)
        counts = campaigns.queue_counts(self.db())
        if self.ctx.has("shopify-queue-backlog"):
            counts["waiting"] = 5000
        pending = counts["waiting"] + counts["active"] + counts["delayed"]
        data = {
            "counts": {**counts, "total": pending},
            "processing": {"jobsPerHour": counts["completed"], "recentCompleted": counts["completed"],
                           "recentFailed": counts["failed"]},
            "health": {"status": "active" if pending else "idle", "hasFailures": counts["failed"] > 0},
        }
        return json_response({"success": True, "data": data})


def _reports(db, shop):
    days = campaigns.daily_sends(db, shop, days=7)
    sent = sum(day["sent"] for day in days)
    failed = sum(day["failed"] for day in days)
    return {
        "last7Days": {"sent": sent, "delivered": sent, "failed": failed, "unsubscribes": 0},
        "topCampaigns": campaigns.top_campaigns(db, shop, limit=5),
        "deliveryRateTrend": [
            {"date": day["date"], "deliveredRate": _percent(day["sent"], day["sent"] + day["failed"])}
            for day in days if day["sent"] + day["failed"]
        ],
        "creditsUsage": [{"date": day["date"], "credits": day["sent"]} for day in days],
    }


def _percent(part, whole):
    return round(100 * part / whole, 2) if whole else 0


def _redirect(location):
    # Express's res.redirect: a short text body naming the destination.
    return Response(f"Found. Redirecting to {location}", 302, {"Location": location, "Vary": "Accept"},
                    mimetype="text/plain")


def _bearer_token(request):
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()
