"""The drills: which reference-stack faults each suite run switches on, and what each fault
must do to the suite, scenario by scenario. `docs/fault-drills.md` is the same table for QA;
a test keeps the two in step."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from browser_drills import ALSO_IN_A_BROWSER, BROWSER_BREAKS
from tests.support.suite_run import FEATURES

# Every failure message is one line that starts with the service, the method and the URL.
MESSAGE_START = re.compile(r"^(Web|Shopify API|Retail API) ((GET|POST|OPTIONS|DELETE) http://127\.0\.0\.1:\d+/\S*"
                           r"|http://127\.0\.0\.1:\d+/\S* in a browser): ")
URL = r"http://127\.0\.0\.1:\d+"


@dataclass(frozen=True)
class Drill:
    faults: tuple[str, ...]
    settings: dict[str, str] = field(default_factory=dict)


# For each fault, the scenarios it must fail and what each one's message must say: the
# promise that broke, in the words the suite uses. Every other scenario must pass.
BREAKS = {
    # J2 also fails: the error page an unknown link leads to is on the web app.
    "web-down": {case: r"^Web GET \S+: service unreachable: .*connection refused"
                 for case in ("A1", "A2", "A3", "B2", "B3", "C1", "C2", "C3", "J2")},
    "deep-links-404": {case: r"(/auth/|/app/)\S+: expected status 200, got 404"
                       for case in ("A2", "B2", "B3", "C1", "C2", "C3")},
    "light-theme": {"A3": r"expected the <html> element's class to hold `dark`"},
    "wrong-public-api-url": {"B3": rf"scripts to call the retail API at {URL}, got no script naming that origin"},
    "wrong-shopify-api-url": {"C3": rf"scripts to call the Shopify API at {URL}, got no script naming that origin"},
    "shopify-liveness-not-ok": {"D1": r"/health: expected `ok` to be true, got false"},
    "health-not-ok": {"D2": r"/health/full: expected `ok` to be true, got false"},
    "retail-liveness-not-ok": {"D3": r'/healthz: expected `status` to be "ok", got "degraded"'},
    "retail-db-down": {
        "D4": r"/readiness: expected status 200, got 500",
        "D5": r"/health/db: expected status 200, got 503 .*disconnected",
        "G2": r"/api/dashboard/kpis: expected status 200, got 500",
        "H2": r"/api/lists: expected status 200, got 500",
    },
    "cors-allowlist-reverted": {"E1": rf"^Shopify API OPTIONS \S+: CORS: .*Access-Control-Allow-Origin missing for {URL}"},
    "retail-cors-without-credentials": {"E2": r"^Retail API OPTIONS \S+: CORS: Access-Control-Allow-Credentials is "
                                              r"'missing', not 'true'"},
    "shopify-cors-reflects-any-origin": {"E3": r"^Shopify API OPTIONS \S+: CORS: the foreign origin "
                                               r"https://evil\.example is admitted"},
    "cors-reflects-any-origin": {"E4": r"^Retail API OPTIONS \S+: CORS: the foreign origin https://evil\.example is admitted"},
    "shopify-auth-open": {"F1": r"/dashboard: expected status 400 or 401 or 403, got 200"},
    "auth-open": {"F2": r"/api/dashboard/kpis: expected status 401, got 200"},
    "store-lookup-crash": {"F3": r"/dashboard: expected status 401, got 500 .*Internal error during store resol"},
    "reports-not-embedded": {"G1": r"/dashboard: expected `data\.reports\.\S+` to be a number, got nothing"},
    "system-segments-missing": {"H1": r"/audiences/segments: expected system segments gender_male, gender_female, "
                                      r"age_18_24, .*\(system segments: none\)"},
    # I2 and I3 create their own campaign first, so a broken create fails them too.
    "create-broken": {case: r"^Shopify API POST \S+/campaigns: expected status 201, got 500"
                      for case in ("I1", "I2", "I3")},
    "enqueue-broken": {case: r"/enqueue: expected status 200, got 503 .*QUEUE_UNAVAILABLE" for case in ("I2", "I3")},
    "worker-stopped": {
        "I3": r"expected the worker to finish campaign smoke-\S+ \(status completed or sent\) within \d+ s, "
              r"got status \"sending\" .*\(the send queue has [1-9]\d* waiting",
        "K2": r"/health/full: expected `checks\.workers\.status` to be \"healthy\", got \"unhealthy\"",
    },
    "queue-backlog": {"K1": r"/api/jobs/health: expected at most 1000 waiting SMS jobs, got 5000 waiting"},
    "shopify-queue-backlog": {"K3": r"/campaigns/queue/stats: expected at most 1000 waiting jobs, got 5000 waiting"},
    "shortener-off": {case: r"/r/\w+: expected status 302, got 404" for case in ("J1", "J2")},
    "slow": {"L1": r"expected an answer within 1000 ms, got .*\d+ ms"},
    "no-health-db": {"D5": r"/health/db: expected status 200, got 404"},
    "cors-prefix-match": {"E4": rf"^Retail API OPTIONS \S+: CORS: the foreign origin {URL}\.evil\.example is admitted"},
    "shop-domain-is-credential": {"F4": r"/dashboard: expected status 401 or 403, got 200"},
    # The defects found when the suite ran against the real product: each message names the cause.
    "queue-probe-race": {
        "D2": r'/health/full: expected `ok` to be true, got false \(checks\.queue unhealthy: "Job \d+ could not be '
              r'removed because it is locked by another worker"\)',
        "K2": r'/health/full: expected `checks\.queue\.status` to be "healthy", got "unhealthy": "Job \d+ could not '
              r'be removed because it is locked by another worker"',
    },
    "campaign-stuck-sending": {"I3": r'/campaigns/\w+: expected the worker to finish campaign smoke-\S+ .* got status '
                                     r'"sending" after \d+ s and \d+ polls \(the send queue has 0 waiting and 0 active'},
    "no-error-page": {"J2": r"^Web GET \S+/error\?message=Link%20not%20found: expected the web app's error page /error, "
                            r"got the not-found page \(status 404, showing 'Page not found'\)"},
    "not-found-200": {case: r"^Web GET \S+(/auth/|/app/)\S+: expected the requested page, got the not-found page "
                            r"\(status 200, showing 'Page not found'\)" for case in ("A2", "B2", "C1", "C2")},
}
BREAKS = {**{fault: {**cases, **ALSO_IN_A_BROWSER.get(fault, {})} for fault, cases in BREAKS.items()}, **BROWSER_BREAKS}

DRILLS = {
    "healthy": Drill(()),
    **{fault: Drill((fault,)) for fault in BREAKS},
    "empty-200": Drill(("empty-200",)),
    # Production's layout: the API cannot see the worker, and K2 passes with a note saying so.
    "separate-worker": Drill(("separate-worker",)),
    # A longer timeout makes "nobody waited for it" a claim worth checking.
    "refuse-all": Drill(("refuse-all",), {"SMOKE_TIMEOUT": "5"}),
    # Services answer 503 for 5 s from their first request; the warm-up budget must cover that.
    "cold-start": Drill(("cold-start",), {"SMOKE_WARMUP": "30"}),
}

# The contract's one exception to "an empty 200 fails everything": refusing foreign origins
# is all E3 and E4 ask, and an empty answer admits nobody.
EMPTY_200_PASSES = {"E3", "E4"}


def all_cases() -> set[str]:
    """Every case id tagged in the feature files."""
    tags = re.findall(r"(?m)^\s*@([A-L]\d)\b", "".join(p.read_text(encoding="utf-8") for p in FEATURES.glob("*.feature")))
    return set(tags)
