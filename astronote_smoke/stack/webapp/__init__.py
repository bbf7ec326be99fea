"""The client side of the reference stack's web app, as the real one is client-rendered: the
shell the server sends for the pages the script renders, the script (the API bases inlined as
a build would, and the browser faults in force), and the stylesheet (whose dark rules a fault
can drop)."""

import json
from importlib import resources

# Pages the server sends as a shell: the script renders them in the browser.
SHELL = '<div id="app"><p class="p-6">Loading...</p></div>'
APP_CHUNK = "app/client-4e1b7c9a2d5f8036.js"
STYLESHEET = "app-9c3e5a1f7b2d4068.css"
STYLESHEET_LINK = f'<link rel="stylesheet" href="/_next/static/css/{STYLESHEET}"/>'
# What the sign-in page and the retail dashboard link to, as the real ones do: the router prefetches them.
SIGN_IN_LINKS = ("/", "/auth/retail/register")
DASHBOARD_LINKS = tuple(f"/app/retail/{name}" for name in (
    "campaigns", "contacts", "templates", "automations", "message-logs", "events", "nfc", "billing", "campaigns/new"))
LINKED = ("/auth/retail/register",) + DASHBOARD_LINKS

# The faults the script itself carries out; the others are the servers'.
SCRIPT_FAULTS = ("script-error-on-load", "login-form-missing", "retail-guard-open", "shopify-guard-open",
                 "api-base-wrong-at-run-time", "dashboard-without-figures")


def script(ctx, retail_api_url, shopify_api_url):
    broken = {name: True for name in SCRIPT_FAULTS if ctx.has(name)}
    return (_read("app.js")
            .replace("%RETAIL_API_URL%", retail_api_url)
            .replace("%SHOPIFY_API_URL%", shopify_api_url)
            .replace("%BROKEN%", json.dumps(broken))
            .replace("%SIGN_IN_LINKS%", json.dumps(SIGN_IN_LINKS))
            .replace("%DASHBOARD_LINKS%", json.dumps(DASHBOARD_LINKS)))


def stylesheet(ctx):
    if ctx.has("dark-styles-missing"):
        return _read("app.css")
    return _read("app.css") + _read("dark.css")


def _read(name):
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
