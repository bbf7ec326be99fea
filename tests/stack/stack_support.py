"""Helpers for the reference stack's tests: HTTP calls with a timeout and no
redirects followed, the seeded credentials, the CORS verdict a browser
reaches, and the stack's processes as /proc shows them."""

import os
import re
from pathlib import Path

import requests

TIMEOUT = 5
# The environment for a Python subprocess that must import astronote_smoke.
PROJECT_ROOT_ENV = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
SAFELISTED_METHODS = {"GET", "HEAD", "POST"}


def call(method, url, **options):
    options.setdefault("timeout", TIMEOUT)
    options.setdefault("allow_redirects", False)
    return requests.request(method, url, **options)


def get(url, **options):
    return call("GET", url, **options)


def bundle(web_url, path):
    """Every script the page at `path` loads from the web origin, joined: what the browser runs."""
    sources = re.findall(r'<script src="([^"]+)"', get(web_url + path).text)
    return "".join(get(web_url + source).text for source in sources)


def shopify_headers(stack, token=True):
    headers = {"X-Shopify-Shop-Domain": stack.env["SHOPIFY_SHOP_DOMAIN"]}
    if token:
        headers["Authorization"] = f"Bearer {stack.env['SHOPIFY_SESSION_TOKEN']}"
    return headers


def retail_headers(stack):
    credentials = {"email": stack.env["RETAIL_EMAIL"], "password": stack.env["RETAIL_PASSWORD"]}
    response = call("POST", stack.urls["RETAIL_API_URL"] + "/api/auth/login", json=credentials)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['accessToken']}"}


def preflight(url, origin, method="POST", headers="authorization,content-type"):
    return call("OPTIONS", url, headers={
        "Origin": origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": headers,
    })


def browser_admits(response, origin, credentials, method="POST", headers=("authorization", "content-type")):
    """The Fetch standard's CORS-preflight check for this exchange."""
    if not 200 <= response.status_code < 300:
        return False
    allow_origin = response.headers.get("Access-Control-Allow-Origin")
    if allow_origin != origin and not (allow_origin == "*" and not credentials):
        return False
    if credentials and response.headers.get("Access-Control-Allow-Credentials") != "true":
        return False
    allowed_methods = _tokens(response.headers.get("Access-Control-Allow-Methods", ""))
    if method not in SAFELISTED_METHODS and method.lower() not in allowed_methods:
        if credentials or "*" not in allowed_methods:
            return False
    allowed_headers = _tokens(response.headers.get("Access-Control-Allow-Headers", ""))
    for header in headers:
        star = "*" in allowed_headers and not credentials and header != "authorization"
        if header not in allowed_headers and not star:
            return False
    return True


def _tokens(value):
    return {token.strip().lower() for token in value.split(",") if token.strip()}


def stack_processes(db_path):
    """Pids of the live processes started for the stack whose database is ``db_path``."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                arguments = cmdline.read()
        except OSError:
            continue
        if b"astronote_smoke.stack.child" in arguments and db_path.encode() in arguments:
            pids.append(int(entry))
    return pids
