"""The retail API of the reference stack: health and readiness, sign-in with
email and password (a JWT access token and a refresh cookie), dashboard KPIs,
contact lists, the SMS queue health, CORS with credentials, and the faults
that change them."""

import hmac
import secrets
import sqlite3

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule

from . import cors, hostile, store, tokens
from .service import RELEASE, Refused, common_layers, json_response, layered

URLS = Map([
    Rule("/healthz", endpoint="healthz", methods=["GET"]),
    Rule("/readiness", endpoint="readiness", methods=["GET"]),
    Rule("/health/db", endpoint="health_db", methods=["GET"]),
    Rule("/api/auth/login", endpoint="login", methods=["POST"]),
    Rule("/api/auth/refresh", endpoint="refresh", methods=["POST"]),
    Rule("/api/auth/logout", endpoint="logout", methods=["POST"]),
    Rule("/api/me", endpoint="me", methods=["GET"]),
    Rule("/api/billing/balance", endpoint="balance", methods=["GET"]),
    Rule("/api/dashboard/kpis", endpoint="kpis", methods=["GET"]),
    Rule("/api/lists", endpoint="lists", methods=["GET"]),
    Rule("/api/jobs/health", endpoint="jobs_health", methods=["GET"]),
])

HEALTH_PATHS = ("/healthz", "/readiness", "/health/db")
ACCESS_TOKEN_LIFETIME = 15 * 60
REFRESH_COOKIE_MAX_AGE = 30 * 24 * 3600
REFRESH_COOKIE = "rt"


def create_app(ctx):
    api = RetailApi(ctx)
    if ctx.has("cors-reflects-any-origin"):
        admits = cors.any_origin
    elif ctx.has("cors-prefix-match"):
        admits = cors.prefixed_by(ctx.web_origin)
    else:
        admits = cors.exactly(ctx.web_origin)
    # The web app calls the retail API with credentials, for its refresh cookie.
    policy = cors.Policy(admits=admits, credentials=not ctx.has("retail-cors-without-credentials"),
                         on_actual_responses=not ctx.has("retail-cors-preflight-only"))
    echo = [hostile.echo_secrets(api.known_tokens)] if ctx.has("echo-secrets") else []
    return layered(api.route, [
        *common_layers(ctx, HEALTH_PATHS),
        *echo,
        cors.layer(policy, {"message": "Not allowed by CORS"}),
    ])


class RetailApi:
    def __init__(self, ctx):
        self.ctx = ctx
        self.db = store.Connections(ctx.db_path)
        self.signing_key = secrets.token_bytes(32)  # tokens live as long as this process
        self.refresh_tokens = {}  # refresh token -> user row, until signed out

    def route(self, request):
        try:
            endpoint, args = URLS.bind_to_environ(request.environ).match()
        except HTTPException:
            return not_found()
        try:
            return getattr(self, endpoint)(request, **args)
        except Refused as refused:
            return refused.response
        except sqlite3.Error:
            return json_response({"message": "Internal server error"}, 500)

    def data(self):
        """The database, as the data endpoints and probes reach it. Sign-in does
        not go through here: under retail-db-down, scenarios that need a user
        still get one and fail on the data they read."""
        if self.ctx.has("retail-db-down"):
            raise sqlite3.OperationalError("database unreachable (retail-db-down)")
        return self.db()

    def authenticate(self, request):
        """The claims of the caller's access token, or Refused."""
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Refused(json_response({"message": "Missing token"}, 401))
        claims = tokens.verify(self.signing_key, token.strip())
        if claims is None:
            raise Refused(json_response({"message": "Invalid or expired token"}, 401))
        return claims

    def known_tokens(self):
        return [row["password"] for row in self.db().execute("SELECT password FROM retail_users")]

    # --- health

    def healthz(self, request):
        status = "degraded" if self.ctx.has("retail-liveness-not-ok") else "ok"
        return json_response({"status": status, "version": RELEASE})

    def readiness(self, request):
        try:
            self.data().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return json_response({"status": "not_ready", "error": "database unreachable"}, 500)
        return json_response({"status": "ready"})

    def health_db(self, request):
        if self.ctx.has("no-health-db"):
            return not_found()
        try:
            self.data().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return json_response({"status": "error", "database": "disconnected"}, 503)
        return json_response({"status": "ok", "database": "connected"})

    # --- sign-in

    def login(self, request):
        body = request.get_json(silent=True)
        body = body if isinstance(body, dict) else {}
        email, password = body.get("email"), body.get("password")
        if not (isinstance(email, str) and isinstance(password, str) and email and password):
            return json_response({"message": "Email and password are required"}, 400)
        user = self.db().execute(
            "SELECT * FROM retail_users WHERE email = ? COLLATE NOCASE", (email.strip(),)
        ).fetchone()
        if user is None or not hmac.compare_digest(password.encode(), user["password"].encode()):
            return json_response({"message": "Invalid email or password"}, 401)
        refresh_token = secrets.token_urlsafe(32)
        self.refresh_tokens[refresh_token] = user
        response = self.signed_in(user)
        # Production adds Secure; SameSite=None across its hosts. The stack's origins share a host (one site).
        response.set_cookie(REFRESH_COOKIE, refresh_token, max_age=REFRESH_COOKIE_MAX_AGE, httponly=True, samesite="Lax")
        return response

    def signed_in(self, user):
        access_token = tokens.issue(self.signing_key, {"sub": user["id"], "email": user["email"]}, ACCESS_TOKEN_LIFETIME)
        return json_response({
            "accessToken": access_token,
            "user": {"id": user["id"], "email": user["email"], "name": user["name"]},
        })

    def refresh(self, request):
        token = request.cookies.get(REFRESH_COOKIE)
        if not token:
            return json_response({"message": "No refresh token"}, 401)
        user = self.refresh_tokens.get(token)
        if user is None:
            return json_response({"message": "Invalid or expired refresh token"}, 401)
        return self.signed_in(user)

    def logout(self, request):
        self.refresh_tokens.pop(request.cookies.get(REFRESH_COOKIE, ""), None)
        response = json_response({"ok": True})
        response.delete_cookie(REFRESH_COOKIE)
        return response

    def me(self, request):
        claims = self.authenticate(request)
        return json_response({"user": {"id": claims["sub"], "email": claims["email"]}})

    def balance(self, request):
        self.authenticate(request)
        return json_response({"balance": 0, "subscription": {"active": False, "status": "inactive"}})

    # --- data

    def kpis(self, request):
        if not self.ctx.has("auth-open"):  # auth-open: the route lost its auth middleware
            self.authenticate(request)
        row = self.data().execute(
            """SELECT count(*) AS campaigns, sum(sent) AS sent, sum(delivered) AS delivered,
                      sum(failed) AS failed, sum(conversions) AS conversions FROM retail_campaigns"""
        ).fetchone()
        total = row["sent"] + row["failed"]
        return json_response({
            "totalCampaigns": row["campaigns"],
            "totalMessages": total,
            "sent": row["sent"],
            "delivered": row["delivered"],
            "failed": row["failed"],
            "sentRate": _percent(row["sent"], total),
            "deliveredRate": _percent(row["delivered"], row["sent"]),
            "conversion": row["conversions"],
            "conversionRate": _percent(row["conversions"], row["delivered"]),
        })

    def lists(self, request):
        self.authenticate(request)
        page = _positive_int(request.args.get("page"), 1)
        page_size = min(_positive_int(request.args.get("pageSize"), 20), 100)
        db = self.data()
        total = db.execute("SELECT count(*) FROM retail_lists").fetchone()[0]
        rows = db.execute(
            "SELECT id, name, members FROM retail_lists ORDER BY id LIMIT ? OFFSET ?",
            (page_size, (page - 1) * page_size),
        )
        items = [{"id": row["id"], "name": row["name"], "memberCount": row["members"]} for row in rows]
        return json_response({"items": items, "total": total, "page": page, "pageSize": page_size})

    def jobs_health(self, request):
        self.authenticate(request)
        counts = {row["status"]: row["jobs"] for row in self.db().execute("SELECT * FROM retail_sms_queue")}
        if self.ctx.has("queue-backlog"):
            counts["waiting"] = 5000
        return json_response({"sms": {"counts": counts}})


def not_found():
    return json_response({"message": "Not Found"}, 404)


def _percent(part, whole):
    return round(100 * part / whole, 2) if whole else 0


def _positive_int(text, default):
    try:
        value = int(text)
    except (TypeError, ValueError):
        return default
    return value if value > 0 else default
