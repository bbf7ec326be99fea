"""The client-rendered web app as served (shells, the script, the stylesheet), the retail API
calls its pages make (sign-in with a refresh cookie, refresh, sign-out, /api/me, the balance),
and the browser faults as each changes what is served. The browser's view is tests/browser."""

import pytest
import requests

from stack_support import browser_admits, bundle, call, get, preflight

SHELL_PAGES = ["/auth/retail/login", "/app/retail/dashboard", "/app/shopify/dashboard", "/app/shopify/auth/login"]


def stylesheet(stack):
    page = get(stack.urls["WEB_URL"] + "/").text
    href = page.split('<link rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    return get(stack.urls["WEB_URL"] + href)


def sign_in(stack):
    session = requests.Session()
    credentials = {"email": stack.env["RETAIL_EMAIL"], "password": stack.env["RETAIL_PASSWORD"]}
    response = session.post(stack.urls["RETAIL_API_URL"] + "/api/auth/login", json=credentials, timeout=5)
    assert response.status_code == 200, response.text
    # The cookie is Secure, as production's: a browser sends it to 127.0.0.1 too, requests only over https.
    cookie = response.cookies["rt"]
    session.cookies.clear()
    session.cookies.set("rt", cookie)
    return session, response


@pytest.mark.parametrize("path", SHELL_PAGES)
def test_client_rendered_pages_are_served_as_a_loading_shell(healthy, path):
    response = get(healthy.urls["WEB_URL"] + path)
    assert response.status_code == 200
    assert "Loading..." in response.text and "<input" not in response.text


def test_the_script_renders_the_sign_in_form_and_calls_the_built_in_api_bases(healthy):
    script = bundle(healthy.urls["WEB_URL"], "/auth/retail/login")
    assert 'id="password" type="password"' in script and ">Log In<" in script
    assert f'RETAIL_API_URL = "{healthy.urls["RETAIL_API_URL"]}"' in script
    assert f'SHOPIFY_API_URL = "{healthy.urls["SHOPIFY_API_URL"]}"' in script
    assert "var BROKEN = {};" in script


def test_the_stylesheet_darkens_the_page_under_the_dark_class(healthy):
    response = stylesheet(healthy)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/css")
    assert r".dark .dark\:bg-neutral-950{background-color:rgb(7,10,15)}" in response.text


def test_sign_in_sets_the_rt_cookie_and_refresh_answers_a_token(healthy):
    session, response = sign_in(healthy)
    assert "rt=" in response.headers["Set-Cookie"] and "HttpOnly" in response.headers["Set-Cookie"]
    refreshed = session.post(healthy.urls["RETAIL_API_URL"] + "/api/auth/refresh", json={}, timeout=5)
    assert refreshed.status_code == 200 and refreshed.json()["accessToken"]


def test_refresh_without_the_cookie_is_401(healthy):
    response = call("POST", healthy.urls["RETAIL_API_URL"] + "/api/auth/refresh", json={})
    assert (response.status_code, response.json()) == (401, {"message": "No refresh token"})


def test_sign_out_revokes_the_refresh_token(healthy):
    session, _ = sign_in(healthy)
    old_cookie = session.cookies.get("rt")
    logout = session.post(healthy.urls["RETAIL_API_URL"] + "/api/auth/logout", json={}, timeout=5)
    assert (logout.status_code, logout.json()) == (200, {"ok": True})
    again = call("POST", healthy.urls["RETAIL_API_URL"] + "/api/auth/refresh", json={}, cookies={"rt": old_cookie})
    assert (again.status_code, again.json()) == (401, {"message": "Invalid or expired refresh token"})


@pytest.mark.parametrize("path", ["/api/me", "/api/billing/balance"])
def test_the_dashboards_calls_need_a_token(healthy, path):
    assert get(healthy.urls["RETAIL_API_URL"] + path).json() == {"message": "Missing token"}
    _, response = sign_in(healthy)
    token = response.json()["accessToken"]
    answer = get(healthy.urls["RETAIL_API_URL"] + path, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200


@pytest.mark.parametrize("fault", ["script-error-on-load", "login-form-missing", "retail-guard-open",
                                   "shopify-guard-open", "api-base-wrong-at-run-time", "dashboard-without-figures"])
def test_script_faults_are_carried_by_the_script(start_stack, fault):
    stack = start_stack(fault)
    assert f'var BROKEN = {{"{fault}": true}};' in bundle(stack.urls["WEB_URL"], "/auth/retail/login")


def test_dark_styles_missing_keeps_the_class_and_drops_the_rules(start_stack):
    stack = start_stack("dark-styles-missing")
    assert '<html lang="en" class="dark">' in get(stack.urls["WEB_URL"] + "/").text
    assert r"dark\:bg-neutral-950" not in stylesheet(stack).text


@pytest.mark.parametrize("fault, api, path", [("shopify-cors-preflight-only", "SHOPIFY_API_URL", "/health"),
                                              ("retail-cors-preflight-only", "RETAIL_API_URL", "/healthz")])
def test_preflight_only_cors_admits_in_the_preflight_and_not_on_the_answer(start_stack, fault, api, path):
    stack = start_stack(fault)
    origin = stack.urls["WEB_URL"]
    assert browser_admits(preflight(stack.urls[api] + path, origin), origin, credentials=api == "RETAIL_API_URL")
    answer = get(stack.urls[api] + path, headers={"Origin": origin})
    assert answer.status_code == 200 and "Access-Control-Allow-Origin" not in answer.headers


@pytest.mark.parametrize("path", ["/", "/auth/retail/register", "/app/retail/dashboard", "/app/retail/campaigns/new"])
def test_an_rsc_request_gets_the_page_s_payload_not_its_html(healthy, path):
    response = get(healthy.urls["WEB_URL"] + path + "?_rsc=o4bu2", headers={"RSC": "1", "Next-Router-Prefetch": "1"})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/x-component")
    assert "<html" not in response.text and response.text.startswith('0:["')
    assert "RSC" in response.headers["Vary"]


def test_the_image_endpoint_serves_the_logo_and_refuses_other_sources(healthy):
    web = healthy.urls["WEB_URL"]
    logo = get(web + "/_next/image?url=%2Flogo%2Fastronote-logo.png&w=48&q=75")
    assert logo.status_code == 200 and logo.headers["Content-Type"] == "image/png"
    assert logo.content.startswith(b"\x89PNG\r\n\x1a\n") and int.from_bytes(logo.content[16:20], "big") == 48
    for query in ("url=https%3A%2F%2Fevil.example%2Fx.png&w=48&q=75", "url=%2Flogo%2Fa.png&w=47&q=75",
                  "url=%2Flogo%2Fa.png&w=48&q=0"):
        refused = get(web + "/_next/image?" + query)
        assert refused.status_code == 400 and ("not allowed" in refused.text or "between 1 and 100" in refused.text)
