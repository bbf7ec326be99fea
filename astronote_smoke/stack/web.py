"""The web app of the reference stack, as a Next.js build serves it: the
landing page, the retail and Shopify sign-in pages and dashboards, the
/error page the Shopify shortener sends visitors to, Astronote's own
not-found page (status 404), one site title on every page, and the script
chunks, one of which carries the public API origins the bundle was built with. Chunk file
names and the build id in each page are the build's (`build.StandInBuild`). Like Next.js it
answers the router's RSC requests (prefetches and client-side navigations, `RSC: 1`) for every
page its pages link to, and serves images through its image endpoint."""

import hashlib
import html
import json

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Response

from . import webapp
from .build import StandInBuild
from .images import image_endpoint
from .service import common_layers, layered

URLS = Map([
    Rule("/", endpoint="page"),
    Rule("/auth/retail/login", endpoint="page"),
    Rule("/auth/shopify/connect", endpoint="page"),
    Rule("/app/retail/dashboard", endpoint="page"),
    Rule("/app/shopify/dashboard", endpoint="page"),
    Rule("/error", endpoint="error_page"),
    Rule("/app/shopify/auth/login", endpoint="page"),
    Rule(f"/_next/static/css/{webapp.STYLESHEET}", endpoint="stylesheet"),
    Rule("/_next/static/chunks/<path:name>", endpoint="chunk"),
    Rule("/_next/image", endpoint="image"),
    *(Rule(path, endpoint="page") for path in webapp.LINKED),
])

# The chunk that inlines the NEXT_PUBLIC_* variables at build time.
CONFIG_CHUNK = "app/layout-6a1d9e2c4b7f3a05.js"
SHARED_CHUNKS = (
    "webpack-5c6b2a9e41d7f083.js",
    "framework-8e0e0f4a6b2c9d17.js",
    "main-app-0f4c1e7b9a3d2e58.js",
    CONFIG_CHUNK,
    webapp.APP_CHUNK,
)

LANDING = """<main class="mx-auto max-w-5xl px-6 py-24">
<h1 class="text-5xl font-bold">SMS marketing that sells</h1>
<p class="mt-4 text-neutral-600 dark:text-neutral-300">Campaigns, automations and short links for retail and Shopify stores.</p>
<a class="btn" href="/auth/retail/login">Retail sign in</a> <a class="btn" href="/auth/shopify/connect">Connect Shopify</a>
</main>"""

SHOPIFY_CONNECT = """<main class="mx-auto max-w-sm py-24">
<h1 class="text-2xl font-semibold">Connect your Shopify store</h1>
<form><label>Store domain <input type="text" name="shop" placeholder="your-store.myshopify.com"/></label>
<button type="submit">Connect</button></form>
</main>"""

# Every page carries the site title, the not-found page included: titles tell no page apart.
SITE_TITLE = "Astronote - SMS Marketing That Drives Revenue"

NOT_FOUND = """<main class="flex min-h-screen flex-col items-center justify-center text-center">
<p class="text-7xl font-bold">404</p><h1 class="mt-4 text-2xl font-semibold">Page not found</h1>
<p class="mt-2 text-neutral-400">The page you are looking for does not exist or has been moved.</p>
<a class="btn mt-6" href="/">Back to home</a>
</main>"""

ERROR_PAGE = """<main class="flex min-h-screen flex-col items-center justify-center text-center">
<h1 class="text-2xl font-semibold">Something went wrong</h1>
<p class="mt-2 text-neutral-400">{message}</p>
<a class="btn mt-6" href="/">Back to home</a>
</main>"""
ERROR_CHUNK = "app/error/page-4f1a8c3e7b2d9a61.js"

# path -> (title, page chunk, body)
PAGES = {
    "/": (SITE_TITLE, "app/page-3b8f1c2d9e4a7b60.js", LANDING),
    "/auth/retail/login": (SITE_TITLE, "app/auth/retail/login/page-91c4e2a7d3f5b806.js", webapp.SHELL),
    "/auth/shopify/connect": (SITE_TITLE, "app/auth/shopify/connect/page-2e7a9c1b5d3f8e40.js", SHOPIFY_CONNECT),
    "/app/retail/dashboard": (SITE_TITLE, "app/app/retail/dashboard/page-7d2b4f9e1a6c3058.js", webapp.SHELL),
    "/app/shopify/dashboard": (SITE_TITLE, "app/app/shopify/dashboard/page-c5e8a1d7b2f94306.js", webapp.SHELL),
    "/app/shopify/auth/login": (SITE_TITLE, "app/app/shopify/auth/login/page-5a8d3e1c7f2b9604.js", webapp.SHELL),
    # The pages the sign-in page and the retail dashboard link to: shells, there to be prefetched.
    **{path: (SITE_TITLE, f"app{path}/page-{hashlib.sha256(path.encode()).hexdigest()[:16]}.js", webapp.SHELL)
       for path in webapp.LINKED},
}
# What Next.js answers with every page: the router's request headers make each one vary.
PAGE_VARY = "RSC, Next-Router-State-Tree, Next-Router-Prefetch, Accept-Encoding"


def create_app(ctx):
    return layered(Web(ctx).route, common_layers(ctx, health_paths=()))


class Web:
    def __init__(self, ctx):
        self.ctx = ctx
        self.build = StandInBuild.of(ctx)
        names = SHARED_CHUNKS + tuple(chunk for _, chunk, _ in PAGES.values()) + (ERROR_CHUNK,)
        self.chunks = {self.build.chunk(name): _chunk(number) for number, name in enumerate(names, start=100)}
        # What the build inlined for NEXT_PUBLIC_RETAIL_API_URL and NEXT_PUBLIC_SHOPIFY_API_URL.
        retail_api = "http://localhost:3001" if ctx.has("wrong-public-api-url") else ctx.urls["RETAIL_API_URL"]
        shopify_api = "http://localhost:3000" if ctx.has("wrong-shopify-api-url") else ctx.urls["SHOPIFY_API_URL"]
        self.chunks[self.build.chunk(CONFIG_CHUNK)] = _config_chunk(retail_api, shopify_api)
        self.chunks[self.build.chunk(webapp.APP_CHUNK)] = webapp.script(ctx, retail_api, shopify_api)

    def route(self, request):
        try:
            endpoint, args = URLS.bind_to_environ(request.environ).match()
        except HTTPException:
            return self.not_found()
        return getattr(self, endpoint)(request, **args)

    def page(self, request):
        if self.ctx.has("deep-links-404") and request.path.startswith(("/auth/", "/app/")):
            return self.not_found()
        if self.ctx.has("not-found-200") and request.path.startswith(("/auth/", "/app/")):
            return self.not_found(status=200)
        if request.headers.get("RSC") == "1":
            return self.flight(request)
        title, chunk, body = PAGES[request.path]
        return self.html(title, body, chunk, 200)

    def flight(self, request):
        """The page as the router fetches it: its React Server Components payload, never HTML."""
        segments = [segment for segment in request.path.split("/") if segment] or [""]
        tree = json.dumps([["children", *segments, ["__PAGE__", {}]]])
        # Next.js puts the build id first in every payload.
        payload = f'0:["{self.build.build_id}",{tree}]\n1:["$","div",null,{{"id":"app","children":"Loading..."}}]\n'
        headers = {"X-Powered-By": "Next.js", "Vary": PAGE_VARY}
        return Response(payload, 200, headers, mimetype="text/x-component")

    def image(self, request):
        return image_endpoint(request)

    def chunk(self, request, name):
        if name not in self.chunks:
            return self.not_found()
        return Response(self.chunks[name], 200, mimetype="application/javascript")

    def stylesheet(self, request):
        return Response(webapp.stylesheet(self.ctx), 200, mimetype="text/css")

    def error_page(self, request):
        """The page the shortener sends unknown links to; it shows the ?message it is given."""
        if self.ctx.has("no-error-page"):
            return self.not_found()
        message = request.args.get("message") or "An unexpected error occurred."
        return self.html(SITE_TITLE, ERROR_PAGE.format(message=html.escape(message)), ERROR_CHUNK, 200)

    def not_found(self, status=404):
        """Astronote's own not-found page: the site title, a visible 404 and "Page not found"."""
        return self.html(SITE_TITLE, NOT_FOUND, None, status)

    def html(self, title, body, page_chunk, status):
        theme = "" if self.ctx.has("light-theme") else ' class="dark"'
        chunks = SHARED_CHUNKS + ((page_chunk,) if page_chunk else ())
        scripts = "".join(f'<script src="/_next/static/chunks/{self.build.chunk(name)}" async=""></script>'
                          for name in chunks)
        document = (
            f'<!DOCTYPE html><html lang="en"{theme}><head><meta charSet="utf-8"/>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"/>'
            f"<title>{html.escape(title)}</title>{webapp.STYLESHEET_LINK}{scripts}</head>"
            f'<body class="min-h-screen bg-white text-neutral-900 dark:bg-neutral-950 dark:text-neutral-100">'
            f"{body}{self.build.flight_data()}</body></html>"
        )
        return Response(document, status, {"X-Powered-By": "Next.js", "Vary": PAGE_VARY}, mimetype="text/html")


def _chunk(number):
    return f"(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[{number}],{{}}]);"


def _config_chunk(retail_api, shopify_api):
    return (
        "(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[3185],{4210:function(e,t,n){"
        '"use strict";n.d(t,{RETAIL_API_URL:function(){return r},SHOPIFY_API_URL:function(){return s}});'
        f'let r="{retail_api}",s="{shopify_api}"}}}}]);'
    )
