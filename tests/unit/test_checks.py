"""Contract checks fail with one readable line: service, method, URL, expected, actual."""
import pytest

from astronote_smoke.checks import expect, html
from astronote_smoke.errors import ContractViolation
from astronote_smoke import health, retail, shopify
from replies import page, reply


def test_full_health_that_answers_200_but_not_ok_fails():
    with pytest.raises(ContractViolation) as error:
        health.shopify_healthy(reply(200, {"ok": False, "checks": {}}))
    assert str(error.value) == "Shopify API GET https://api.example/x: expected `ok` to be true, got false"


def test_a_numeric_string_is_not_a_number_and_a_boolean_neither():
    for value in ("5", True, None):
        with pytest.raises(ContractViolation, match="`t` to be a number"):
            health.shopify_alive(reply(200, {"ok": True, "t": value}))
    health.shopify_alive(reply(200, {"ok": True, "t": 1700000000000}))


def test_ok_must_be_the_boolean_true_not_1():
    with pytest.raises(ContractViolation):
        health.shopify_alive(reply(200, {"ok": 1, "t": 1}))


def test_json_promised_but_html_served_says_so():
    with pytest.raises(ContractViolation, match="expected a JSON answer, got text/html"):
        health.retail_alive(page("<html></html>"))


def test_invalid_json_says_it_does_not_parse():
    bad = reply(200, b"{not json", {"Content-Type": "application/json"})
    with pytest.raises(ContractViolation, match="does not parse"):
        bad.json()


def test_status_message_shows_redirect_target():
    with pytest.raises(ContractViolation, match="got 302 redirecting to /login"):
        html.served_as_html(reply(302, b"", {"Location": "/login"}))


def test_dark_theme_needs_the_token_on_the_html_element_not_a_utility_class():
    html.dark_theme(page('<html lang="en" class="h-full dark"><body></body></html>'))
    with pytest.raises(ContractViolation, match="class to hold `dark`"):
        html.dark_theme(page('<html class="h-full"><body class="dark:bg-black dark-mode"></body></html>'))


def test_title():
    with pytest.raises(ContractViolation, match="containing 'Astronote'"):
        html.title_names(page("<title>Welcome</title>"), "Astronote")


def test_dashboard_refusal_must_not_disclose_fields():
    shopify.no_dashboard_data(reply(400, {"success": False, "code": "INVALID_SHOP_DOMAIN"}))
    with pytest.raises(ContractViolation, match="credits"):
        shopify.no_dashboard_data(reply(401, {"success": False, "error": {"credits": 10}}))
    with pytest.raises(ContractViolation, match="`data` holding"):
        shopify.no_dashboard_data(reply(403, {"data": {"x": 1}}))


def test_system_segments_are_matched_by_type_and_key():
    segments = [{"key": "gender_male", "type": "system"}, {"key": "gender_female", "type": "system"},
                {"key": "age_18_24", "type": "custom"}]
    with pytest.raises(ContractViolation, match="age_18_24 missing"):
        shopify.system_segments_present(reply(200, {"success": True, "data": {"segments": segments, "total": 3}}))


def test_queue_depth_counts_prioritized_jobs():
    counts = {"waiting": 600, "active": 0, "completed": 0, "delayed": 0, "failed": 0, "prioritized": 500}
    with pytest.raises(ContractViolation, match="1100 waiting"):
        shopify.queue_within(reply(200, {"success": True, "data": {"counts": counts}}), 1000)


def test_unknown_short_link_must_stay_on_the_frontend_error_page():
    ok = reply(302, b"", {"Location": "https://web.example/error/link-not-found"})
    shopify.fails_safely(ok, "https://web.example")
    for location, message in (("https://evil.example/error", "another host"), ("/error", "absolute"),
                              ("https://web.example/home", "/error")):
        with pytest.raises(ContractViolation, match=message):
            shopify.fails_safely(reply(302, b"", {"Location": location}), "https://web.example")
    with pytest.raises(ContractViolation, match="status 302"):
        shopify.fails_safely(reply(500, b"boom"), "https://web.example")


def test_expect_shows_missing_fields_plainly():
    with pytest.raises(ContractViolation, match="got nothing \\(the field is missing\\)"):
        expect.equals(reply(200, {}), {}, "checks.db.status", "healthy")


def test_kpi_refusal_must_not_disclose_figures_at_any_depth():
    retail.no_kpi_figures(reply(401, {"message": "Missing token"}))
    with pytest.raises(ContractViolation, match="the fields sent"):
        retail.no_kpi_figures(reply(401, {"message": "Missing token", "data": {"sent": 12}}))


@pytest.mark.parametrize("hostile", ["text/html\x1b[2J\x1b[H", "text/html\nScenario D1 passed", "text/\u202ehtml",
                                     "text/html\u2028Target: evil"])
def test_what_a_service_sends_reaches_a_message_escaped_on_one_line(hostile):
    with pytest.raises(ContractViolation) as error:
        health.retail_alive(reply(200, b"{}", {"Content-Type": hostile}))
    message = str(error.value)
    assert "\x1b" not in message and "\n" not in message and "\u202e" not in message and "\u2028" not in message
    assert "\\x1b" in message or "\\x0a" in message or "\\u202e" in message or "\\u2028" in message, message


@pytest.mark.parametrize("length", [60_000, 5_000])
def test_a_huge_location_is_shortened_and_the_cut_stated(length):
    with pytest.raises(ContractViolation) as error:
        expect.status(reply(302, b"", {"Location": "https://web.example/" + "a" * length}), 200)
    message = str(error.value)
    assert len(message) < 1000 and f"of {length + 20} characters)" in message, message


@pytest.mark.parametrize("body", [b'{"waiting": NaN}', b'{"waiting": Infinity}'])
def test_nan_and_infinity_are_not_numbers(body):
    with pytest.raises(ContractViolation, match="is not a JSON number"):
        expect.json_object(reply(200, body, {"Content-Type": "application/json"}), 200)


def test_a_failure_keeps_what_the_suite_expected_apart_from_the_body():
    with pytest.raises(ContractViolation) as error:
        expect.status(reply(500, {"message": "expected status 401 or 403, got 200"}), 401, 403)
    assert error.value.expectation == "expected status 401 or 403, got 500"
    assert "got 200" in str(error.value)
