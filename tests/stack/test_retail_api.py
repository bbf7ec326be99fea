"""The healthy retail API: health (D3-D5), sign-in, KPIs (F2, G2), lists (H2), SMS queue (K1)."""

import pytest

from stack_support import call, get, retail_headers

KPI_FIELDS = ["totalCampaigns", "totalMessages", "sent", "delivered", "failed",
              "sentRate", "deliveredRate", "conversion", "conversionRate"]


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@pytest.fixture(scope="module")
def signed_in(healthy):
    return retail_headers(healthy)


@pytest.mark.parametrize("path, body", [
    ("/healthz", {"status": "ok"}),
    ("/readiness", {"status": "ready"}),
    ("/health/db", {"status": "ok", "database": "connected"}),
])
def test_health_endpoints(healthy, path, body):
    response = get(healthy.urls["RETAIL_API_URL"] + path)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert body.items() <= response.json().items()


def test_sign_in_gives_a_token_and_an_http_only_refresh_cookie(healthy):
    credentials = {"email": healthy.env["RETAIL_EMAIL"], "password": healthy.env["RETAIL_PASSWORD"]}
    response = call("POST", healthy.urls["RETAIL_API_URL"] + "/api/auth/login", json=credentials)
    assert response.status_code == 200
    body = response.json()
    assert body["accessToken"].count(".") == 2
    assert body["user"]["email"] == healthy.env["RETAIL_EMAIL"]
    assert "HttpOnly" in response.headers["Set-Cookie"]


@pytest.mark.parametrize("credentials, status", [
    ({"email": "smoke@astronote.test", "password": "wrong"}, 401),
    ({"email": "nobody@astronote.test", "password": "wrong"}, 401),
    ({"email": "smoke@astronote.test"}, 400),
])
def test_sign_in_refuses_bad_credentials(healthy, credentials, status):
    response = call("POST", healthy.urls["RETAIL_API_URL"] + "/api/auth/login", json=credentials)
    assert response.status_code == status
    assert "accessToken" not in response.json()


def test_kpis_refuse_anonymous_callers(healthy):
    response = get(healthy.urls["RETAIL_API_URL"] + "/api/dashboard/kpis")
    assert response.status_code == 401
    assert response.json() == {"message": "Missing token"}


def test_kpis_refuse_a_forged_token(healthy, signed_in):
    header, payload, _ = signed_in["Authorization"].split(".")
    forged = {"Authorization": f"{header}.{payload}.c2lnbmF0dXJl"}
    response = get(healthy.urls["RETAIL_API_URL"] + "/api/dashboard/kpis", headers=forged)
    assert response.status_code == 401
    assert not set(KPI_FIELDS) & set(response.json())


def test_kpis_keep_their_shape(healthy, signed_in):
    response = get(healthy.urls["RETAIL_API_URL"] + "/api/dashboard/kpis", headers=signed_in)
    assert response.status_code == 200
    body = response.json()
    assert all(is_number(body[field]) for field in KPI_FIELDS)


def test_lists_are_paged(healthy, signed_in):
    response = get(healthy.urls["RETAIL_API_URL"] + "/api/lists", headers=signed_in)
    assert response.status_code == 200
    body = response.json()
    assert isinstance(body["items"], list) and body["items"]
    assert (body["total"], body["page"], body["pageSize"]) == (3, 1, 20)
    second = get(healthy.urls["RETAIL_API_URL"] + "/api/lists?page=2&pageSize=2", headers=signed_in).json()
    assert (len(second["items"]), second["page"], second["pageSize"]) == (1, 2, 2)


def test_lists_refuse_anonymous_callers(healthy):
    assert get(healthy.urls["RETAIL_API_URL"] + "/api/lists").status_code == 401


def test_sms_queue_counts(healthy, signed_in):
    response = get(healthy.urls["RETAIL_API_URL"] + "/api/jobs/health", headers=signed_in)
    assert response.status_code == 200
    counts = response.json()["sms"]["counts"]
    assert all(is_number(counts[state]) for state in ("waiting", "active", "completed", "failed", "delayed"))
    assert counts["waiting"] == 0


def test_unknown_route_is_the_express_404_page(healthy):
    response = get(healthy.urls["RETAIL_API_URL"] + "/api/nothing")
    assert (response.status_code, response.headers["Content-Type"]) == (404, "text/html; charset=utf-8")
    assert "<title>Error</title>" in response.text and "Cannot GET /api/nothing" in response.text


def test_the_rt_cookie_refreshes_until_sign_out_revokes_it(healthy):
    api = healthy.urls["RETAIL_API_URL"]
    login = call("POST", api + "/api/auth/login",
                 json={"email": healthy.env["RETAIL_EMAIL"], "password": healthy.env["RETAIL_PASSWORD"]})
    assert set(login.json()["user"]) == {"id", "email", "senderName", "company", "businessProfile"}
    cookie = login.headers["Set-Cookie"]
    assert cookie.startswith("rt=") and all(part in cookie for part in ("HttpOnly", "Secure", "SameSite=None", "Path=/"))
    jar = {"rt": login.cookies["rt"]}
    assert call("POST", api + "/api/auth/refresh").json() == {"message": "No refresh token"}
    refreshed = call("POST", api + "/api/auth/refresh", cookies=jar)
    assert refreshed.status_code == 200 and "Set-Cookie" not in refreshed.headers
    bearer = {"Authorization": f"Bearer {refreshed.json()['accessToken']}"}
    assert get(api + "/api/me", headers=bearer).json()["user"]["email"] == healthy.env["RETAIL_EMAIL"]
    assert get(api + "/api/billing/balance", headers=bearer).json()["billingCurrency"] == "EUR"
    logout = call("POST", api + "/api/auth/logout", cookies=jar)
    assert logout.json() == {"ok": True} and logout.headers["Set-Cookie"].startswith("rt=; ")
    assert call("POST", api + "/api/auth/refresh", cookies=jar).json() == {"message": "Invalid or expired refresh token"}
