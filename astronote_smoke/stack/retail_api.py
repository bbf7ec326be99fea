"""The retail API of the reference stack: health and readiness, sign-in with
email and password (a JWT access token and a refresh cookie), dashboard KPIs,
contact lists, the SMS queue health, CORS with credentials, and the faults
that change them. It also answers what the web app calls after sign-in:
refresh (the ``rt`` cookie), sign-out, the user and the billing balance."""

import hmac
import html
import secrets
import sqlite3

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Response

from . import cors, hostile, store, tokens
from .service import Refused, common_layers, hang, json_response, layered

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
REFRESH_COOKIE = "rt"
REFRESH_COOKIE_MAX_AGE = 30 * 24 * 3600
ALLOWED_METHODS = "GET, POST, PUT, DELETE, PATCH, OPTIONS"
ALLOWED_HEADERS = "Content-Type, Authorization, X-Requested-With, X-Request-ID, Cookie, Idempotency-Key"
UNEXPECTED = "An unexpected error occurred. Please try again later or contact support if the problem persists."
DATABASE_UNREACHABLE = "Can't reach database server at localhost:5432"
# The profile fields of the seeded user, as the real API returns them.
PROFILE = {"senderName": "Astronote", "company": "Smoke"}
# Express's default answer for a route that does not exist.
EXPRESS_NOT_FOUND = ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n'
                     "</head>\n<body>\n<pre>Cannot {method} {path}</pre>\n</body>\n</html>\n")
QUEUE_STATES = ("active", "completed", "delayed", "failed", "paused", "prioritized", "waiting", "waiting-children")


def create_app(ctx):
    api = RetailApi(ctx)
    if ctx.has("cors-reflects-any-origin"):
        admits = cors.any_origin
    elif ctx.has("cors-prefix-match"):
        admits = cors.prefixed_by(ctx.web_origin)
    else:
        admits = cors.exactly(ctx.web_origin)
    # The web app calls the retail API with credentials, for its refresh cookie.
    # No Vary: Origin although the origin is echoed: the real API leaves it out.
    policy = cors.Policy(admits=admits, credentials=not ctx.has("retail-cors-without-credentials"),
                         methods=ALLOWED_METHODS, headers=ALLOWED_HEADERS, vary_origin=False,
                         on_actual_responses=not ctx.has("retail-cors-preflight-only"))
    echo = [hostile.echo_secrets(api.known_tokens)] if ctx.has("echo-secrets") else []
    return layered(api.route, [
        *common_layers(ctx, HEALTH_PATHS),
        *echo,
        cors.layer(policy, lambda request: json_response({"message": UNEXPECTED, "code": "INTERNAL_ERROR"}, 500)),
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
            return not_found(request)
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
        if self.ctx.has("retail-db-down") or self.ctx.has("postgres-down"):
            raise sqlite3.OperationalError(DATABASE_UNREACHABLE)
        return self.db()

    def authenticate(self, request):
        """The claims of the caller's access token, or Refused."""
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Refused(json_response({"message": "Missing token"}, 401))
        claims = tokens.verify(self.signing_key, token.strip())
        if claims is None:
            raise Refused(json_response({"message": "Invalid token"}, 401))
        return claims

    def known_tokens(self):
        return [row["password"] for row in self.db().execute("SELECT password FROM retail_users")]

    # --- health

    def healthz(self, request):
        status = "degraded" if self.ctx.has("retail-liveness-not-ok") else "ok"
        return json_response({"status": status})

    def readiness(self, request):
        try:
            self.data().execute("SELECT 1").fetchone()
        except sqlite3.Error as error:
            message = f"PrismaClientKnownRequestError: \nInvalid `prisma.$queryRaw()` invocation:\n\n\n{error}"
            return json_response({"status": "error", "message": message, "code": "HEALTH_CHECK_ERROR"}, 500)
        return json_response({"status": "ready"})

    def health_db(self, request):
        if self.ctx.has("no-health-db"):
            return not_found(request)
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
        if self.ctx.has("postgres-down"):
            # The real API answers the failed user lookup as a refused sign-in, with the driver's error.
            message = f"\nInvalid `prisma.user.findUnique()` invocation:\n\n\n{DATABASE_UNREACHABLE}"
            return json_response({"message": message, "code": "P1001"}, 401)
        db = self.db()
        user = db.execute("SELECT * FROM retail_users WHERE email = ? COLLATE NOCASE", (email.strip(),)).fetchone()
        if user is None or not hmac.compare_digest(password.encode(), user["password"].encode()):
            return json_response({"message": "Invalid credentials"}, 401)
        refresh_token = secrets.token_urlsafe(32)
        db.execute("INSERT INTO retail_refresh_tokens (token, user_id) VALUES (?, ?)", (refresh_token, user["id"]))
        response = json_response({
            "accessToken": self._access_token(user),
            "user": {"id": user["id"], "email": user["email"], **PROFILE, "businessProfile": "retail"},
        })
        # Host-only, for a web app on another site: SameSite=None needs Secure.
        response.set_cookie(REFRESH_COOKIE, refresh_token, max_age=REFRESH_COOKIE_MAX_AGE, path="/",
                            httponly=True, secure=True, samesite="None")
        return response

    def _access_token(self, user):
        return tokens.issue(self.signing_key, {"sub": user["id"], "email": user["email"]}, ACCESS_TOKEN_LIFETIME)

    def refresh(self, request):
        """A new access token for the ``rt`` cookie of a live session; the cookie is not rotated."""
        token = request.cookies.get(REFRESH_COOKIE)
        if not token:
            return json_response({"message": "No refresh token"}, 401)
        user = self.db().execute(
            """SELECT retail_users.* FROM retail_refresh_tokens JOIN retail_users ON retail_users.id = user_id
               WHERE token = ? AND revoked = 0""", (token,)).fetchone()
        if user is None:
            return json_response({"message": "Invalid or expired refresh token"}, 401)
        return json_response({"accessToken": self._access_token(user),
                              "user": {"id": user["id"], "email": user["email"], **PROFILE}})

    def logout(self, request):
        """Revoke the session's refresh token and clear its cookie (without SameSite=None; Secure, as the real one)."""
        token = request.cookies.get(REFRESH_COOKIE)
        if token:
            self.db().execute("UPDATE retail_refresh_tokens SET revoked = 1 WHERE token = ?", (token,))
        response = json_response({"ok": True})
        response.headers.add("Set-Cookie", f"{REFRESH_COOKIE}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
        return response

    def me(self, request):
        claims = self.authenticate(request)
        user = self.data().execute("SELECT * FROM retail_users WHERE id = ?", (claims["sub"],)).fetchone()
        if user is None:
            return json_response({"message": "User not found"}, 404)
        return json_response({"user": {"id": user["id"], "email": user["email"], **PROFILE, "timezone": None,
                                       "businessProfile": "retail", "credits": 0}})

    def balance(self, request):
        self.authenticate(request)
        period = {"currentPeriodStart": None, "currentPeriodEnd": None, "interval": None}
        subscription = {"active": False, "planType": None, "planCode": None, "status": "inactive",
                        "billingCurrency": "EUR", "cancelAtPeriodEnd": False, "includedSmsPerPeriod": 0,
                        "usedSmsThisPeriod": 0, "remainingSmsThisPeriod": 0, "stripeCustomerId": None,
                        "stripeSubscriptionId": None, "lastBillingError": None, "pendingChange": None,
                        "lastSyncedAt": None, "sourceOfTruth": "stripe_disabled", "derivedFrom": "stripe_not_configured",
                        "mismatchDetected": False, **period}
        allowance = {"includedPerPeriod": 0, "usedThisPeriod": 0, "remainingThisPeriod": 0, **period}
        return json_response({"balance": 0, "subscription": subscription, "allowance": allowance,
                              "billingCurrency": "EUR"})

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
        claims = self.authenticate(request)
        page = _positive_int(request.args.get("page"), 1)
        page_size = min(_positive_int(request.args.get("pageSize"), 20), 100)
        db = self.data()
        total = db.execute("SELECT count(*) FROM retail_lists").fetchone()[0]
        rows = db.execute("SELECT * FROM retail_lists ORDER BY rowid LIMIT ? OFFSET ?",
                          (page_size, (page - 1) * page_size))
        items = [_system_list(row, claims["sub"]) for row in rows]
        return json_response({"items": items, "total": total, "page": page, "pageSize": page_size})

    def jobs_health(self, request):
        self.authenticate(request)
        if self.ctx.has("redis-down"):
            hang()  # the queue client waits for Redis to come back
        counts = dict.fromkeys(QUEUE_STATES, 0)
        counts.update({row["status"]: row["jobs"] for row in self.db().execute("SELECT * FROM retail_sms_queue")})
        if self.ctx.has("queue-backlog"):
            counts["waiting"] = 5000
        idle = dict.fromkeys(QUEUE_STATES, 0)
        return json_response({
            "sms": {"counts": counts, "redis": {"host": "127.0.0.1", "port": 6379, "db": 1, "tls": False}},
            "scheduler": idle,
            "schedulerDetails": {"waiting": 0, "delayed": 0, "active": 0, "failed": 0, "waitingJobs": [],
                                 "delayedJobs": []},
            "statusRefresh": {**idle, "delayed": 4},
        })


def not_found(request):
    page = EXPRESS_NOT_FOUND.format(method=request.method, path=html.escape(request.path))
    return Response(page, 404, mimetype="text/html")


def _system_list(row, owner):
    return {"id": row["id"], "name": row["name"], "description": row["description"], "isSystem": True,
            "filterGender": row["gender"], "filterAgeGroup": None, "memberCount": row["members"],
            "ownerId": owner, "createdAt": "2026-01-05T09:00:00.000Z", "updatedAt": "2026-01-05T09:00:00.000Z"}


def _percent(part, whole):
    return round(100 * part / whole, 2) if whole else 0


def _positive_int(text, default):
    try:
        value = int(text)
    except (TypeError, ValueError):
        return default
    return value if value > 0 else default
