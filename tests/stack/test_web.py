"""The healthy web app: pages, the not-found page, and the bundle's API origins (A, B, C)."""

import re

import pytest

from stack_support import get

NOT_FOUND_TITLE = "<title>404: This page could not be found.</title>"
DEEP_LINKS = ["/auth/retail/login", "/auth/shopify/connect", "/app/retail/dashboard", "/app/shopify/dashboard"]


def html_class(page):
    return re.search(r"<html\b[^>]*?\bclass=\"([^\"]*)\"", page).group(1).split()


def script_sources(page):
    return re.findall(r'<script src="([^"]+)"', page)


def test_landing_page_is_dark_html_titled_astronote(healthy):
    response = get(healthy.urls["WEB_URL"] + "/")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<title>Astronote — SMS marketing</title>" in response.text
    assert html_class(response.text) == ["dark"]
    assert "dark:bg-neutral-950" in response.text


@pytest.mark.parametrize("path", DEEP_LINKS)
def test_deep_links_are_served(healthy, path):
    response = get(healthy.urls["WEB_URL"] + path)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "Astronote" in re.search(r"<title>(.*?)</title>", response.text).group(1)
    assert NOT_FOUND_TITLE not in response.text


def test_unknown_path_is_the_not_found_page(healthy):
    response = get(healthy.urls["WEB_URL"] + "/no/such/page")
    assert response.status_code == 404
    assert NOT_FOUND_TITLE in response.text
    assert html_class(response.text) == ["dark"]


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
