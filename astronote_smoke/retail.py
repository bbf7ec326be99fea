"""The retail API as the test user uses it: sign-in, KPIs, lists and the job queue."""
from __future__ import annotations

from .checks import expect
from .errors import NotConfigured
from .http import Reply
from .run import SmokeRun
from .services import RETAIL

KPI_FIELDS = ["totalCampaigns", "totalMessages", "sent", "delivered", "failed",
              "sentRate", "deliveredRate", "conversion", "conversionRate"]
JOB_COUNTS = ["waiting", "active", "completed", "failed", "delayed"]


def access_token(run: SmokeRun) -> str:
    """RETAIL_ACCESS_TOKEN when given, else a sign-in with RETAIL_EMAIL and RETAIL_PASSWORD."""
    settings = run.settings
    if settings.retail_access_token:
        return settings.retail_access_token
    if not (settings.retail_email and settings.retail_password):
        raise NotConfigured("RETAIL_ACCESS_TOKEN", "RETAIL_EMAIL and RETAIL_PASSWORD")
    reply = run.send(RETAIL, "POST", "/api/auth/login",
                     json_body={"email": settings.retail_email, "password": settings.retail_password})
    if reply.status in (400, 401, 403):
        raise expect.fail(reply, "the test user to be signed in", f"a refusal ({reply.status}): check RETAIL_EMAIL "
                          "and RETAIL_PASSWORD")
    token = expect.present(reply, expect.json_object(reply, 200), "accessToken")
    if not isinstance(token, str):
        raise expect.fail(reply, "`accessToken` to be a string", expect.shown(token))
    run.remember_secret(token)
    return token


def get(run: SmokeRun, path: str, token: str | None) -> Reply:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return run.get(RETAIL, path, headers=headers)


def kpis(run: SmokeRun, token: str | None) -> Reply:
    return get(run, "/api/dashboard/kpis", token)


def kpis_are_numbers(reply: Reply) -> None:
    expect.numbers(reply, expect.json_object(reply, 200), "", KPI_FIELDS)


def no_kpi_figures(reply: Reply) -> None:
    data = expect.json_object(reply)
    leaked = [name for name in KPI_FIELDS if name in expect.keys_within(data)]
    if leaked:
        raise expect.fail(reply, "no KPI figures in the refusal", f"the fields {', '.join(leaked)}")


def lists(run: SmokeRun, token: str) -> Reply:
    return get(run, "/api/lists", token)


def lists_page(reply: Reply) -> None:
    data = expect.json_object(reply, 200)
    expect.listing(reply, data, "items")
    expect.numbers(reply, data, "", ["total", "page", "pageSize"])


def jobs_health(run: SmokeRun, token: str) -> Reply:
    return get(run, "/api/jobs/health", token)


def job_counts(reply: Reply) -> dict[str, float]:
    return expect.numbers(reply, expect.json_object(reply, 200), "sms.counts.", JOB_COUNTS)


def job_counts_within(reply: Reply, depth_max: int) -> None:
    counts = job_counts(reply)
    if counts["waiting"] > depth_max:
        raise expect.fail(reply, f"at most {depth_max} waiting SMS jobs", f"{counts['waiting']:g} waiting")
