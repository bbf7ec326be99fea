"""The healthy web app: pages, the not-found page, and the bundle's API origins (A, B, C)."""

import re

import pytest

from stack_support import get

SITE_TITLE = "<title>Astronote - SMS Marketing That Drives Revenue</title>"
NOT_FOUND_HEADING = "<h1 class=\"mt-4 text-2xl font-semibold\">Page not found</h1>"
DEEP_LINKS = ["/auth/retail/login", "/auth/shopify/connect", "/app/retail/dashboard", "/app/shopify/dashboard"]


def html_class(page):
    return re.search(r"<html\b[^>]*?\bclass=\"([^\"]*)\"", page).group(1).split()


def script_sources(page):
    return re.findall(r'<script src="([^"]+)"', page)


def test_landing_page_is_dark_html_titled_astronote(healthy):
    response = get(healthy.urls["WEB_URL"] + "/")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert SITE_TITLE in response.text
    assert response.headers["Vary"] == "RSC, Next-Router-State-Tree, Next-Router-Prefetch, Accept-Encoding"
    assert html_class(response.text) == ["dark"]
    assert "dark:bg-neutral-950" in response.text


@pytest.mark.parametrize("path", DEEP_LINKS)
def test_deep_links_are_served(healthy, path):
    response = get(healthy.urls["WEB_URL"] + path)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert SITE_TITLE in response.text
    assert NOT_FOUND_HEADING not in response.text


def test_unknown_path_is_the_not_found_page(healthy):
    response = get(healthy.urls["WEB_URL"] + "/no/such/page")
    assert response.status_code == 404
    assert SITE_TITLE in response.text and NOT_FOUND_HEADING in response.text and ">404<" in response.text
    assert html_class(response.text) == ["dark"]


def test_the_error_page_shows_its_message_escaped(healthy):
    response = get(healthy.urls["WEB_URL"] + "/error", params={"message": "Link <b>not</b> found"})
    assert response.status_code == 200 and SITE_TITLE in response.text
    assert "Link &lt;b&gt;not&lt;/b&gt; found" in response.text and NOT_FOUND_HEADING not in response.text


@pytest.mark.parametrize("path", ["/auth/retail/login", "/auth/shopify/connect"])
def test_page_scripts_carry_both_api_origins(healthy, path):
    page = get(healthy.urls["WEB_URL"] + path).text
    sources = script_sources(page)
    assert sources and all(source.startswith("/_next/static/chunks/") for source in sources)
    scripts = [get(healthy.urls["WEB_URL"] + source) for source in sources]
    assert all(script.status_code == 200 for script in scripts)
    bundle = "".join(script.text for script in scripts)
    assert healthy.urls["RETAIL_API_URL"] in bundle
    assert healthy.urls["SHOPIFY_API_URL"] in bundle


def test_unknown_chunk_is_404(healthy):
    assert get(healthy.urls["WEB_URL"] + "/_next/static/chunks/missing.js").status_code == 404
