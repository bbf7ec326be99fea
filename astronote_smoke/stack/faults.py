"""The named faults of the reference stack: what each breaks, and how a list of
names (``"cold-start=20"`` takes a parameter) is validated."""

FAULTS = {
    # Broken releases: each one makes exactly one smoke case fail.
    "web-down": "the web app refuses connections",
    "deep-links-404": "/auth/... and /app/... answer the Next.js not-found page",
    "light-theme": "the <html> element loses its dark class (dark: utilities elsewhere stay)",
    "wrong-public-api-url": "the web bundle was built with http://localhost:3001 as retail API",
    "wrong-shopify-api-url": "the web bundle was built with http://localhost:3000 as Shopify API",
    # Broken releases a browser sees and the served HTML does not.
    "script-error-on-load": "the web app's script throws a TypeError as it loads, on every page",
    "login-form-missing": "the retail sign-in page stays on its Loading... shell",
    "retail-guard-open": "the retail dashboard lets anonymous visitors stay, with empty figures",
    "shopify-guard-open": "the Shopify dashboard lets anonymous merchants stay",
    "api-base-wrong-at-run-time": "the web app calls the retail API at its own origin: the bundle is right, the run-time base is not",
    "shopify-cors-preflight-only": "the Shopify API admits the web origin in preflights, not on actual responses",
    "retail-cors-preflight-only": "the retail API admits the web origin in preflights, not on actual responses",
    "dark-styles-missing": "the stylesheet lost its dark rules: the dark class stays, the page renders white",
    "dashboard-without-figures": "the retail dashboard renders its cards without figures",
    "shopify-liveness-not-ok": "Shopify /health answers 200 with ok false",
    "health-not-ok": "Shopify /health/full answers 200 with ok false and redis unhealthy",
    "retail-liveness-not-ok": "retail /healthz answers 200 with status degraded",
    "retail-db-down": "retail /readiness 500, /health/db disconnected, KPIs and lists 500",
    "cors-allowlist-reverted": "the Shopify API no longer admits the web origin",
    "retail-cors-without-credentials": "the retail API's preflight no longer allows credentials",
    "shopify-cors-reflects-any-origin": "the Shopify API echoes any origin",
    "cors-reflects-any-origin": "the retail API echoes any origin, with credentials",
    "shopify-auth-open": "the Shopify API serves the first store's data to callers who name no shop",
    "store-lookup-crash": "an unknown shop makes the Shopify API answer 500, not 401 STORE_NOT_FOUND",
    "auth-open": "retail KPIs answer 200 with data to anonymous callers",
    "reports-not-embedded": "the Shopify dashboard has its old shape, without data.reports",
    "system-segments-missing": "the Shopify segments list has no system segments",
    "create-broken": "campaign create answers 500 (a migration the release needs did not run)",
    "enqueue-broken": "campaign enqueue answers 503 QUEUE_UNAVAILABLE",
    "worker-stopped": "no worker runs: its heartbeat is stale and jobs are never drained",
    "queue-backlog": "the retail SMS queue reports 5000 waiting jobs",
    "shopify-queue-backlog": "the Shopify send queue reports 5000 waiting jobs",
    "shortener-off": "Shopify /r/<token> answers 404 (URL_SHORTENER_TYPE=none)",
    "slow": "every health endpoint takes 1.5 s",
    "cold-start": "cold-start[=S]: every service answers 503 for S seconds from the first request it gets (default 5)",
    # Deploys that did not take effect, or not cleanly: which release did the run check?
    "web-build-stuck": "the web app still serves the build before the stack's (SMOKE_STACK_BUILD minus one)",
    "web-rolled-back": "web-rolled-back[=N]: the host rolled the web app back to build N (default 1)",
    "shopify-switches-build": "the Shopify API reports version 1.0.1, not 1.0.0, from its second /health/full "
                              "answer on: a new build took over during the run",
    # Defects production has today; the suite reports them as known issues.
    "no-health-db": "retail /health/db answers 404 (not implemented)",
    "cors-prefix-match": "the retail API admits any origin starting with the web origin",
    "shop-domain-is-credential": "the Shopify API accepts a known shop domain header alone, or with a garbage token",
    "queue-probe-race": "Shopify /health/full's queue probe loses its job to the worker: checks.queue unhealthy, ok false",
    "campaign-stuck-sending": "the worker sends but cannot write the message log: campaigns stay sending",
    "no-error-page": "the web app has no /error page: the unknown-link redirect lands on the not-found page",
    "not-found-200": "deep links (/auth/..., /app/...) answer the not-found page with status 200",
    # How production runs, and its dependencies failing, as the real product answered then.
    "separate-worker": "the worker runs in its own process: /health/full reports workers healthy regardless",
    "postgres-down": "PostgreSQL is stopped: Shopify tenant calls 500, retail readiness 500, retail login 401",
    "redis-down": "Redis is stopped: /health/full and retail /api/jobs/health never answer",
    "redis-not-reconnected": "Redis came back but the Shopify API did not reconnect: redis and queue unhealthy",
    # Targets that are not Astronote at all, or are hostile to the client.
    "empty-200": "every service answers every request with 200 and an empty body",
    "refuse-all": "no service runs: every connection is refused",
    "hung-shopify": "the Shopify API accepts connections and never answers",
    "hung-retail": "the retail API accepts connections and never answers",
    "html-for-json": "every Shopify API route answers an HTML page",
    "invalid-json": "every Shopify API route answers JSON cut off half-way",
    "huge-body": "every Shopify API route answers a 50 MB body",
    "trickle-body": "every Shopify API route sends its body one byte a second",
    "redirect-loop": "every Shopify API route redirects to itself",
    "redirect-other-host": "every Shopify API route redirects to another host",
    "reset-mid-response": "every Shopify API route resets the connection half-way through the body",
    "gzip-bomb": "every Shopify API route answers a gzip body that expands to 4 GiB",
    "non-ascii-headers": "every Shopify API response carries a header with raw non-ASCII bytes",
    "echo-secrets": "every API JSON response echoes the Authorization header and the tokens it knows",
    # Answers that keep the contract's shape but are hostile to the suite itself (stack/hostile.py).
    "campaign-id-traversal": "a created campaign's id is ../../dashboard",
    "campaign-id-mismatch": "GET /campaigns/<id> answers about another campaign",
    "delete-does-nothing": "DELETE /campaigns/<id> answers success and deletes nothing",
    "odd-retry-after": "campaign looks, lists and deletes answer 429 with a Retry-After in superscript digits",
    "header-trickle": "every Shopify API route sends its status line and headers a byte every 0.5 s",
    "early-hints": "every Shopify API answer is preceded by a 103 Early Hints",
    "deep-json": "every Shopify API JSON body is an array nested 100,000 deep",
    "nan-numbers": "every number in a Shopify API JSON body is NaN",
    "utf16-body": "every Shopify API JSON body is encoded in UTF-16",
    "cookie-trap": "the Shopify API sets a cookie on every answer and refuses any request that carries one",
    "hostile-text": "terminal escapes, forged lines and a 60 KB Location in what the Shopify API sends",
    "echo-escaped-secrets": "every Shopify API answer echoes the bearer token \\u-escaped, \\/-escaped, "
                            "as HTML entities, lower-case percent-encoded and upper-cased",
    "echo-encoded-secrets": "every Shopify API JSON answer echoes the bearer token hex-encoded in both cases, "
                            "base64-encoded after a prefix, base64url-encoded and split by a line break",
    "token-in-release": "the Shopify API's release string (/health/full `version`) holds the shop's session token",
    "first-list-rate-limited": "the first campaign list answers 429 with a malformed Retry-After",
    "first-delete-rate-limited": "the first campaign DELETE answers 429 without a Retry-After",
    "deletes-rate-limited": "every campaign DELETE answers 429 with Retry-After 0",
}

# Faults that take a number, with its default.
DEFAULT_PARAMETERS = {"cold-start": 5.0, "web-rolled-back": 1}


def parse_faults(specs):
    """Turn ``["slow", "cold-start=20"]`` into ``{"slow": None, "cold-start": 20.0}``.

    Raises ValueError naming the first unknown fault or malformed parameter.
    """
    if isinstance(specs, str):  # one fault given bare, not in a list
        specs = [specs]
    faults = {}
    for spec in specs:
        name, has_value, value = spec.strip().partition("=")
        if name not in FAULTS:
            raise ValueError(f"unknown fault {name!r}; valid faults: {', '.join(sorted(FAULTS))}")
        if name not in DEFAULT_PARAMETERS:
            if has_value:
                raise ValueError(f"fault {name!r} takes no parameter, got {spec!r}")
            faults[name] = None
        elif not has_value:
            faults[name] = DEFAULT_PARAMETERS[name]
        else:
            faults[name] = _positive_number(name, value)
    return faults


def _positive_number(name, value):
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not number > 0:
        raise ValueError(f"fault {name!r} needs a positive number, got {value!r}")
    return number
