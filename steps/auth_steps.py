"""Steps for signing in and for refusing callers who are not (F, and the Given steps other features share)."""
from behave import given, then, when

from astronote_smoke import retail, shopify
from astronote_smoke.checks import expect
from astronote_smoke.behave_adapter.skips import configured


@given("the test shop is known")
def step_know_test_shop(context):
    context.shop = configured(context, context.smoke.require, "SHOPIFY_SHOP_DOMAIN")


@given("the test shop is signed in")
def step_sign_in_test_shop(context):
    context.shop_headers = configured(context, shopify.shop_headers, context.smoke)


@given("the retail test user is signed in")
def step_sign_in_retail_user(context):
    context.retail_token = configured(context, retail.access_token, context.smoke)


@when("an anonymous caller asks the Shopify API for a dashboard")
def step_ask_dashboard_anonymously(context):
    context.reply = shopify.dashboard(context.smoke, headers={})
    context.refusal = (400, 401, 403)


@when("a caller asks for the dashboard of a shop that does not exist")
def step_ask_dashboard_of_unknown_shop(context):
    context.reply = shopify.dashboard(context.smoke, {"X-Shopify-Shop-Domain": shopify.unknown_shop(context.smoke)})
    context.refusal = (401,)


@when("a caller names the test shop without its session token")
def step_ask_dashboard_with_shop_domain_only(context):
    context.reply = shopify.dashboard(context.smoke, {"X-Shopify-Shop-Domain": context.shop})
    context.refusal = (401, 403)


@when("an anonymous caller asks the retail API for its KPIs")
def step_ask_kpis_anonymously(context):
    context.reply = retail.kpis(context.smoke, token=None)
    context.refusal = (401,)


@then("the call is refused")
@then("the call is refused as unauthenticated")
def step_check_refused(context):
    expect.json_object(context.reply, *context.refusal)


@then("no dashboard data is disclosed")
def step_check_no_dashboard_data(context):
    shopify.no_dashboard_data(context.reply)


@then("no KPI figures are disclosed")
def step_check_no_kpi_figures(context):
    retail.no_kpi_figures(context.reply)


@then("the Shopify API answers that the store is not found")
def step_check_store_not_found(context):
    shopify.store_not_found(context.reply)
