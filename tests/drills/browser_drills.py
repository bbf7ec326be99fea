"""The drills of the browser scenarios (A4, B1, B4, B5, C4, E5, E6): the browser faults, and
what the faults of the served HTML and of the APIs also do to what a browser shows.
`drill_plan.BREAKS` merges both."""
from __future__ import annotations

URL = r"http://127\.0\.0\.1:\d+"
IN_BROWSER = rf"^Web {URL}\S* in a browser: "
UNREACHABLE = r"in a browser: service unreachable: .*connection refused"
# A page that will never show the form is judged when it settles, not when T runs out.
SETTLED = r"got '{shown}[^']*', settled after \d+\.\d s"
FORM = r"expected the sign-in form within \d+ s, " + SETTLED.format(shown=r"Loading\.\.\.")
SCRIPT_ERROR = r"TypeError: Cannot read properties of undefined \(reading 'runtimeConfig'\)"
BLOCKED = r"got TypeError: Failed to fetch; the page logged: Access to fetch at .* blocked by CORS policy"

BROWSER_BREAKS = {
    "script-error-on-load": {
        "A4": rf"{IN_BROWSER}expected the page to render without errors, got an uncaught {SCRIPT_ERROR}",
        "B1": rf"{FORM}; the page logged: {SCRIPT_ERROR}",
        "B4": rf"expected an anonymous visitor on /auth/retail/login within \d+ s, .*{SCRIPT_ERROR}",
        "B5": rf"{FORM}; the page logged: {SCRIPT_ERROR}",
        "C4": rf"expected an anonymous merchant on /app/shopify/auth/login within \d+ s, .*{SCRIPT_ERROR}",
    },
    "login-form-missing": {case: rf"{FORM}; the page logged no error" for case in ("B1", "B5")},
    "retail-guard-open": {"B4": r"expected an anonymous visitor on /auth/retail/login within \d+ s, "
                                r"got an anonymous visitor still on /app/retail/dashboard, '[^']*', settled after"},
    "shopify-guard-open": {"C4": r"expected an anonymous merchant on /app/shopify/auth/login within \d+ s, "
                                 r"got an anonymous merchant still on /app/shopify/dashboard, '[^']*', settled after"},
    "api-base-wrong-at-run-time": {"B5": rf"expected the test user on the retail dashboard, got the page called "
                                         rf"POST {URL}/api/auth/login, not the retail API at {URL}"},
    "shopify-cors-preflight-only": {"E5": rf"^Shopify API {URL}/health in a browser: .*{BLOCKED}: "
                                          r"No 'Access-Control-Allow-Origin' header"},
    "retail-cors-preflight-only": {
        "E6": rf"^Retail API {URL}/healthz in a browser: .*{BLOCKED}: No 'Access-Control-Allow-Origin' header",
        "B5": r"expected the test user on the retail dashboard, got the browser blocked or failed POST \S+/api/auth/login",
    },
    "dark-styles-missing": {"A4": r"expected the dark theme \(a background of luminance below 0\.2\), "
                                  r"got a light page: its background is rgb\(255, 255, 255\)"},
    "dashboard-without-figures": {"B5": r"expected a figure for \"Total campaigns\" on the dashboard within \d+ s, "
                                         + SETTLED.format(shown="Dashboard")},
}

# What faults of the served pages and of the APIs also break in a browser.
ALSO_IN_A_BROWSER = {
    "web-down": {case: UNREACHABLE for case in ("A4", "B1", "B4", "B5", "C4", "E5", "E6")},
    "deep-links-404": {
        "B1": r"expected the retail sign-in page, got the \"page not found\" page \(404\)",
        "B4": r"got an anonymous visitor still on /app/retail/dashboard",
        "B5": r"expected the sign-in form within \d+ s, " + SETTLED.format(shown="404"),
        "C4": r"got an anonymous merchant still on /app/shopify/dashboard",
    },
    # A not-found page served with 200 shows no form and runs no guard: the browser checks fail too.
    "not-found-200": {
        "B1": r"expected the sign-in form within \d+ s, " + SETTLED.format(shown="404 Page not found"),
        "B4": r"got an anonymous visitor still on /app/retail/dashboard",
        "B5": r"expected the sign-in form within \d+ s, " + SETTLED.format(shown="404 Page not found"),
        "C4": r"got an anonymous merchant still on /app/shopify/dashboard",
    },
    "light-theme": {"A4": r"got a light page: its background is rgb\(255, 255, 255\)"},
    "wrong-public-api-url": {"B5": r"got the page called POST http://localhost:3001/api/auth/login, not the retail API"},
    "retail-db-down": {"B5": r"/api/dashboard/kpis: expected status 200, got 500"},
    "retail-cors-without-credentials": {
        "E6": rf"^Retail API {URL}/healthz in a browser: .*{BLOCKED}",
        "B5": r"got the browser blocked or failed POST \S+/api/auth/login",
    },
    "cors-allowlist-reverted": {"E5": rf"^Shopify API {URL}/health in a browser: .*{BLOCKED}"},
}
