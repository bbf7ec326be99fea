"""Steps for signing in and for refusing callers who are not (F, and the Given steps other features share)."""
from behave import given, then, when

from astronote_smoke import access, retail, shopify
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
    context.call = access.anonymous_dashboard(context.smoke)
    context.reply = context.call.reply


@when("a caller asks for the dashboard of a shop that does not exist")
def step_ask_dashboard_of_unknown_shop(context):
    context.reply = shopify.dashboard(context.smoke, {"X-Shopify-Shop-Domain": shopify.unknown_shop(context.smoke)})


@when("a caller names the test shop without its session token")
def step_ask_dashboard_with_shop_domain_only(context):
    context.call = access.dashboard_with_shop_domain_only(context.smoke, context.shop)
    context.reply = context.call.reply


@when("an anonymous caller asks the retail API for its KPIs")
def step_ask_kpis_anonymously(context):
    context.call = access.anonymous_kpis(context.smoke)
    context.reply = context.call.reply


@then("the call is refused")
def step_check_refused(context):
    access.refused(context.call)


@then("the call is refused as unauthenticated")
def step_check_refused_as_unauthenticated(context):
    access.refused_as_unauthenticated(context.call)


@then("no dashboard data is disclosed")
def step_check_no_dashboard_data(context):
    shopify.no_dashboard_data(context.reply)


@then("no KPI figures are disclosed")
def step_check_no_kpi_figures(context):
    retail.no_kpi_figures(context.reply)


@then("the Shopify API answers that the store is not found")
def step_check_store_not_found(context):
    shopify.store_not_found(context.reply)
