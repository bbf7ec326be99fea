"""The not-found page is told apart by what it shows, not by its title, and failures quote the
service's own reason (`checks.<name>.error`)."""
import pytest

from astronote_smoke import health
from astronote_smoke.checks import html
from astronote_smoke.errors import ContractViolation
from replies import page, reply

TITLE = "<title>Astronote - SMS Marketing That Drives Revenue</title>"
NOT_FOUND = (f'<html class="dark"><head>{TITLE}<script src="/a.js"></script></head>'
             '<body><p>404</p><h1>Page not found</h1><p>Gone.</p></body></html>')
PROBE = page(NOT_FOUND, status=404)


def test_a_404_is_the_not_found_page_whatever_it_shows():
    with pytest.raises(ContractViolation, match=r"got the not-found page \(status 404"):
        html.not_the_not_found_page(page("<h1>Sign in</h1>", status=404), PROBE)


def test_a_200_that_shows_what_the_probe_shows_is_the_not_found_page():
    same_but_other_scripts = NOT_FOUND.replace("/a.js", "/b.js").replace("<head>", "<head><style>p{}</style>")
    with pytest.raises(ContractViolation, match=r"got the not-found page \(status 200, showing 'Page not found'\)"):
        html.not_the_not_found_page(page(same_but_other_scripts), PROBE)


def test_a_page_with_the_same_title_but_its_own_content_is_not():
    html.not_the_not_found_page(page(f"<html><head>{TITLE}</head><body><h1>Sign in</h1></body></html>"), PROBE)
    html.not_the_not_found_page(page(f"<html><head>{TITLE}</head><body>Loading...</body></html>"), PROBE)


def test_the_queue_check_quotes_the_services_own_error():
    body = {"ok": False, "checks": {"workers": {"status": "healthy", "mode": "embedded"}, "queue": {
        "status": "unhealthy", "error": "Job 65 could not be removed because it is locked by another worker"}}}
    message = 'got "unhealthy": "Job 65 could not be removed because it is locked by another worker"'
    with pytest.raises(ContractViolation, match=message):
        health.shopify_workers_healthy(reply(200, body))
    with pytest.raises(ContractViolation, match=r"got false \(checks\.queue unhealthy: \"Job 65 could not be removed"):
        health.shopify_healthy(reply(200, body))


def test_a_long_reason_is_cut_to_one_readable_line():
    body = {"checks": {"db": {"status": "unhealthy", "error": "\nInvalid `prisma.$queryRaw()`\n\n" + "x" * 500}}}
    with pytest.raises(ContractViolation) as error:
        health.shopify_dependencies_healthy(reply(200, body))
    assert "\n" not in str(error.value) and len(str(error.value)) < 250
    assert 'got "unhealthy": "Invalid `prisma.$queryRaw()` xxx' in str(error.value)
