"""The smoke matrix, generated from the feature files: `python -m astronote_smoke matrix [--check]`.

The feature files are the single source of truth for what the suite checks. This module reads
them with behave's own parser and writes `docs/deploy/smoke/smoke-matrix.md`, the page QA
engineers and release tickets open: one table per category, one row per case, each row with
the anchor (`#a1`) the report's links point to. `--check` rewrites nothing and exits 1 when
the committed page is not what the features generate.

What a step requests over HTTP is not in the feature (Gherkin names capabilities, not paths),
so `REQUESTS` below maps each `Given`/`When` step, and the `Then` steps that make requests of
their own, to the requests the step library sends, taken from its route tables where it has
them. A step this module does not know stops the generator with the step's text, so a new
scenario cannot slip into the suite without its row. The checks that cannot be made over HTTP
are listed in `MANUAL_CHECKS`, with what a person does instead.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from .behave_adapter.features import FeatureRecord, ScenarioRecord, read_features
from .health import ENDPOINTS
from .preflight import METHOD, REQUEST_HEADERS, TARGETS
from .report.labels import MATRIX_PATH
from .services import RETAIL, SERVICE_NAMES, SHOPIFY, WEB, Service
from .web import PAGES

PROJECT_ROOT = Path(__file__).resolve().parents[1]
FEATURES_DIR = PROJECT_ROOT / "features"
MATRIX_FILE = PROJECT_ROOT / MATRIX_PATH
SEVERITIES = ("blocker", "critical", "normal")


@dataclass(frozen=True)
class Request:
    """One request a step sends; `{placeholders}` in the path stand for values of the run."""

    service: Service
    method: str
    path: str
    how: str = ""
    # Sent in some configurations only (a sign-in that a configured token makes unnecessary).
    optional: bool = False
    # Sent by the page in the browser, not by the suite's HTTP client.
    in_browser: bool = False

    def shown(self) -> str:
        text = f"`{self.method} {{{self.service.variable}}}{self.path}`"
        return f"{text} {self.how}" if self.how else text


def _endpoint(name: str, how: str = "") -> Request:
    service, path = ENDPOINTS[name]
    return Request(service, "GET", path, how)


def _preflight(api: str, origins: str) -> Request:
    service, path, credentials = TARGETS[api]
    call = "a credentialed" if credentials else "an uncredentialed"
    return Request(service, "OPTIONS", path,
                   f"from {origins}, for {call} `{METHOD}` with `{', '.join(REQUEST_HEADERS)}`")


AS_SHOP = "as the test shop"
AS_USER = "as the test user"
# I1 creates its campaign in its When step, I2 and I3 in a Given: the same request.
CREATE_CAMPAIGN = Request(SHOPIFY, "POST", "/campaigns", "named `smoke-{run id}-{case}`, audience all, sent immediately")

# The pages the browser scenarios open, and who opens them in their steps.
BROWSER_VISITS = (("a visitor", "marketing landing page"), ("a visitor", "retail sign-in page"),
                  ("an anonymous visitor", "retail dashboard"), ("an anonymous visitor", "Shopify dashboard"))

REQUESTS: dict[str, tuple[Request, ...]] = {
    **{f"a visitor opens the {page}": (Request(WEB, "GET", path),) for page, path in PAGES.items()},
    "the page's scripts call this deployment's retail API": (
        Request(WEB, "GET", "/{script}", "for every script the page loads from the web origin"),),
    "the page's scripts call this deployment's Shopify API": (
        Request(WEB, "GET", "/{script}", "for every script the page loads from the web origin"),),
    "the Shopify API is asked whether it is alive": (_endpoint("Shopify liveness"),),
    "the Shopify API is asked for its full health report": (_endpoint("Shopify full health"),),
    "the retail API is asked whether it is alive": (_endpoint("retail liveness"),),
    "the retail API is asked whether it is ready": (_endpoint("retail readiness"),),
    "the retail API is asked about its database": (_endpoint("retail database health"),),
    "both APIs are asked whether they are alive, once each": (
        _endpoint("Shopify liveness", "timed to the end of the body"),
        _endpoint("retail liveness", "timed to the end of the body")),
    **{f"the web app's origin sends a preflight for an authenticated POST to the {api}": (
        _preflight(api, "the web origin"),) for api in TARGETS},
    **{f"foreign origins send the same preflight to the {api}": (
        _preflight(api, "`https://evil.example` and the look-alike `{web origin}.evil.example`"),) for api in TARGETS},
    "the test shop is known": (),
    "the test shop is signed in": (),
    "the retail test user is signed in": (
        Request(RETAIL, "POST", "/api/auth/login", "with `RETAIL_EMAIL` and `RETAIL_PASSWORD`, "
                "unless `RETAIL_ACCESS_TOKEN` is set", optional=True),),
    "an anonymous caller asks the Shopify API for a dashboard": (
        Request(SHOPIFY, "GET", "/dashboard", "without credentials"),),
    "a caller asks for the dashboard of a shop that does not exist": (
        Request(SHOPIFY, "GET", "/dashboard", "with `X-Shopify-Shop-Domain: nonexistent-{run id}.myshopify.com`, "
                "no token"),),
    "a caller names the test shop without its session token": (
        Request(SHOPIFY, "GET", "/dashboard", "with the test shop's `X-Shopify-Shop-Domain`, no token"),),
    "an anonymous caller asks the retail API for its KPIs": (
        Request(RETAIL, "GET", "/api/dashboard/kpis", "without credentials"),),
    "the test shop opens its dashboard": (Request(SHOPIFY, "GET", "/dashboard", AS_SHOP),),
    "the test user opens the KPI dashboard": (Request(RETAIL, "GET", "/api/dashboard/kpis", AS_USER),),
    "the test shop lists its audience segments": (Request(SHOPIFY, "GET", "/audiences/segments", AS_SHOP),),
    "the test user lists their contact lists": (Request(RETAIL, "GET", "/api/lists", AS_USER),),
    "the test shop creates a smoke campaign for its whole audience": (CREATE_CAMPAIGN,),
    "the test shop has created a smoke campaign": (CREATE_CAMPAIGN,),
    "the failed jobs of the sending queue have been counted": (
        Request(SHOPIFY, "GET", "/campaigns/queue/stats", "before sending"),),
    "the test shop sends the campaign": (
        Request(SHOPIFY, "POST", "/campaigns/{id}/enqueue", "with a fresh `Idempotency-Key`"),),
    "the worker finishes sending it in good time": (
        Request(SHOPIFY, "GET", "/campaigns/{id}", "every 2 s, at most 15 times, until sent"),),
    "no further job failed in the sending queue": (
        Request(SHOPIFY, "GET", "/campaigns/queue/stats", "after sending"),),
    "the known short link is configured": (),
    "a customer follows the known short link": (
        Request(SHOPIFY, "GET", "/r/{SHORT_LINK_TOKEN}", "without following the redirect"),),
    "a customer follows a short link that does not exist": (
        Request(SHOPIFY, "GET", "/r/{token}", "with a random 16-character token, without following the redirect"),),
    "the error page they land on exists": (
        Request(WEB, "GET", "/error", "the redirect's `Location` (`/error?message=…`), without credentials"),
        Request(WEB, "GET", "/smoke-{run id}-no-such-page", "once per run: the not-found page to compare with",
                optional=True)),
    'it is not the "page not found" page': (
        Request(WEB, "GET", "/smoke-{run id}-no-such-page", "once per run: the not-found page to compare with",
                optional=True),),
    **{f"{who} opens the {page} in a browser": (Request(WEB, "GET", PAGES[page], "in Chromium, a fresh context; "
                                                        "then what the page's scripts request", in_browser=True),)
       for who, page in BROWSER_VISITS},
    "the retail test user signs in through the web app": (
        Request(WEB, "GET", PAGES["retail sign-in page"], "in Chromium, a fresh context", in_browser=True),
        Request(RETAIL, "POST", "/api/auth/login", "sent by the page, with credentials, after typing "
                "`RETAIL_EMAIL` and `RETAIL_PASSWORD` into its form", in_browser=True),
        Request(RETAIL, "POST", "/api/auth/logout", "afterwards, whatever the outcome, with the session's cookie",
                in_browser=True)),
    "they see their dashboard with the figures the retail API reports": (
        Request(RETAIL, "POST", "/api/auth/login", "by the suite, unless `RETAIL_ACCESS_TOKEN` is set", optional=True),
        Request(RETAIL, "GET", "/api/dashboard/kpis", AS_USER + ", by the suite, to compare")),
    **{f"a page of the web app calls the {api}{how} in a browser": (
        Request(WEB, "GET", "/", "in Chromium, a fresh context", in_browser=True),
        Request(TARGETS[api][0], "GET", TARGETS[api][1], "fetched by the page with `Authorization` and "
                "`Content-Type: application/json`" + (", `credentials: \"include\"`" if TARGETS[api][2] else ""),
                in_browser=True))
       for api, how in (("Shopify API", ""), ("retail API", " with the customer's cookie"))},
    "the retail sending queue is inspected": (Request(RETAIL, "GET", "/api/jobs/health", AS_USER),),
    "the Shopify sending queue is inspected": (Request(SHOPIFY, "GET", "/campaigns/queue/stats", AS_SHOP),),
}

# What a Given step needs from the run's configuration (as shown in the matrix); without it the
# scenario is skipped.
NEEDS: dict[str, tuple[str, ...]] = {
    "the test shop is known": ("`SHOPIFY_SHOP_DOMAIN`",),
    "the test shop is signed in": ("`SHOPIFY_SHOP_DOMAIN`", "`SHOPIFY_SESSION_TOKEN`"),
    "the retail test user is signed in": ("`RETAIL_ACCESS_TOKEN`, or `RETAIL_EMAIL` and `RETAIL_PASSWORD`",),
    "the known short link is configured": ("`SHORT_LINK_TOKEN`", "`SHORT_LINK_DESTINATION`"),
    "the retail test user signs in through the web app": ("`RETAIL_EMAIL`", "`RETAIL_PASSWORD`"),
}


@dataclass(frozen=True)
class ManualCheck:
    id: str
    check: str
    service: str
    replaces: str
    partly_covered_by: str
    instructions: str


MANUAL_CHECKS = (
    ManualCheck(
        "M1", "Worker logs show the run's jobs processed, without errors", SERVICE_NAMES["worker"],
        "K2 of the old matrix (worker logs)", "K2, I3",
        "After a run that included I3, open the Render dashboard, then the logs of the worker that sends "
        "Shopify campaigns (the Shopify worker service in `WORKER_MODE=separate`, the Shopify API itself in "
        "`embedded` mode) and of the retail worker. Find the campaign `smoke-{run id}-I3` (the run id is "
        "printed at the end of the run and in the report's run facts): it is picked up and finished. In "
        "the same minutes there is no `Job failed`, `Job stalled` or `Queue connection failed` line."),
    ManualCheck(
        "M2", "Following a short link counts a click", SERVICE_NAMES["shopify"],
        "J2 of the old matrix (click tracking)", "J1",
        "The API has no endpoint that reads click counts. In the Shopify API's database (Render "
        "dashboard, database shell, read-only), read the click count of the short link whose token is "
        "`SHORT_LINK_TOKEN` before the run and after it: J1 follows the link once, so the count has "
        "grown by at least one."),
)


@dataclass(frozen=True)
class Case:
    id: str
    name: str
    why: str
    category: str
    services: tuple[str, ...]
    severity: str
    prod: bool
    writes: bool
    requests: tuple[Request, ...]
    holds: tuple[str, ...]
    needs: tuple[str, ...]
    location: str


@dataclass(frozen=True)
class Category:
    name: str
    description: str
    cases: tuple[Case, ...]


class UnknownStep(ValueError):
    """A Given or When step the matrix cannot describe: REQUESTS needs an entry for it."""


def read_categories(features_dir: Path = FEATURES_DIR) -> list[Category]:
    """Every feature file as a category of cases, in file order (A, B, ...)."""
    return [Category(feature.name, feature.description, tuple(_case(feature, record) for record in feature.scenarios))
            for feature in read_features(features_dir)]


def read_cases(features_dir: Path = FEATURES_DIR) -> list[Case]:
    return [case for category in read_categories(features_dir) for case in category.cases]


def _case(feature: FeatureRecord, record: ScenarioRecord) -> Case:
    tags = record.tags
    case_id = record.case or "?"
    requests: list[Request] = []
    needs: list[str] = []
    holds = []
    for step in record.steps:
        if step.step_type == "then":
            holds.append(step.text)
            # A check that fetches more (the page's scripts, the campaign's status) is listed too.
            mapped = REQUESTS.get(step.text, ())
        elif step.text in REQUESTS:
            mapped = REQUESTS[step.text]
        else:
            raise UnknownStep(f"{record.location}: {case_id} step '{step.keyword} {step.text}' is not in "
                              f"astronote_smoke/matrix.py REQUESTS: say what it requests (nothing: an empty tuple)")
        requests += [request for request in mapped if request not in requests]
        needs += [need for need in NEEDS.get(step.text, ()) if need not in needs]
    return Case(
        id=case_id,
        name=record.name[len(case_id):].strip() if record.name.startswith(case_id) else record.name,
        why=record.description,
        category=feature.name,
        services=tuple(name for tag, name in SERVICE_NAMES.items() if tag in tags),
        severity=next((tag for tag in tags if tag in SEVERITIES), "none"),
        prod="prod" in tags,
        writes="writes" in tags,
        requests=tuple(requests),
        holds=tuple(holds),
        needs=tuple(needs),
        location=record.location,
    )


INTRO = """\
# Astronote smoke matrix

<!-- Generated by `python -m astronote_smoke matrix` from features/*.feature. Edit the feature files
     (or astronote_smoke/matrix.py for the request and manual-check columns), then run the command
     again: a test fails while this page and the features disagree. -->

Everything the release smoke suite checks after a deploy or a rollback of Astronote, one row per
case. The feature files are the source of this page. Each case keeps its id everywhere: in its
feature file (`@A1`), in the report (which links here), and on the command line, where
`behave --tags=@A1` runs one case and `behave --tags=@prod` the whole release gate.

- **what is requested**: the requests the case sends, relative to the service's base URL
  (`WEB_URL`, `SHOPIFY_API_URL`, `RETAIL_API_URL`). Redirects are never followed.
- **what must hold**: the checks, as the feature file states them. The exact status codes and
  fields are in the contract that the suite's library implements.
- **severity**: blocker stops the release; critical needs a fix or a decision before sign-off;
  normal is reported.
- **prod**: `yes` when the case is tagged `@prod`, safe to run against production; `writes` when
  it creates a safe-mode campaign in the test shop (tag `@writes`) and cleans up after itself.
- **needs**: the credentials or test data the case needs. Without them it is skipped and names
  the missing variable: it never passes. `none` means it runs against any target as it is.
"""


def render(categories: list[Category], manual_checks=MANUAL_CHECKS) -> str:
    lines = [INTRO]
    for category in categories:
        lines += [f"## {category.name}", ""]
        if category.description:
            lines += [category.description, ""]
        lines += ["| id | case | service | what is requested | what must hold | severity | prod | needs |",
                  "|---|---|---|---|---|---|---|---|"]
        lines += [_row(case) for case in category.cases]
        lines.append("")
    lines += _manual_section(manual_checks)
    lines += _totals(categories, manual_checks)
    return "\n".join(lines)


def _row(case: Case) -> str:
    cells = [
        f'<a id="{case.id.lower()}"></a>{case.id}',
        f"**{_cell(case.name)}**" + (f"<br>{_cell(case.why)}" if case.why else ""),
        ", ".join(case.services),
        "<br>".join(_cell(request.shown()) for request in case.requests),
        "<br>".join(_cell(check) for check in case.holds),
        case.severity,
        ("yes, writes" if case.writes else "yes") if case.prod else "no",
        "<br>".join(_cell(need) for need in case.needs) or "none",
    ]
    return "| " + " | ".join(cells) + " |"


def _manual_section(manual_checks) -> list[str]:
    lines = ["## Manual checks", "",
             "What the suite cannot observe over HTTP. A person does these after a release that touches the "
             "service, and notes the outcome in the release ticket next to the report.", "",
             "| id | check | service | instead of | partly covered by | how |",
             "|---|---|---|---|---|---|"]
    for check in manual_checks:
        lines.append("| " + " | ".join([
            f'<a id="{check.id.lower()}"></a>{check.id}', f"**{_cell(check.check)}**", check.service,
            _cell(check.replaces), check.partly_covered_by, _cell(check.instructions)]) + " |")
    return lines + [""]


def _totals(categories: list[Category], manual_checks) -> list[str]:
    cases = [case for category in categories for case in category.cases]
    by_severity = ", ".join(f"{sum(case.severity == severity for case in cases)} {severity}"
                            for severity in SEVERITIES)
    needing = sum(bool(case.needs) for case in cases)
    return ["## Totals", "",
            f"{len(cases)} automated cases in {len(categories)} categories ({by_severity}); "
            f"{sum(case.prod for case in cases)} run against production, {sum(case.writes for case in cases)} of "
            f"them create data; {needing} need credentials or test data. {len(manual_checks)} manual checks.", ""]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def generate(features_dir: Path = FEATURES_DIR) -> str:
    return render(read_categories(features_dir))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m astronote_smoke matrix",
                                     description="Write the smoke matrix generated from the feature files.")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when the page differs from what the features generate")
    parser.add_argument("--output", type=Path, default=MATRIX_FILE, help="default: %(default)s")
    parser.add_argument("--features", type=Path, default=FEATURES_DIR, help="default: %(default)s")
    args = parser.parse_args(argv)
    try:
        text = generate(args.features)
    except UnknownStep as error:
        print(f"matrix: {error}", file=sys.stderr)
        return 2
    current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
    if args.check:
        if current != text:
            print(f"matrix: {args.output} is out of date: run `python -m astronote_smoke matrix`", file=sys.stderr)
            return 1
        print(f"matrix: {args.output} is up to date")
        return 0
    if current != text:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    print(f"matrix: {args.output} ({text.count('<a id=')} rows)")
    return 0
