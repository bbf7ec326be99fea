"""Steps for the dashboards (G)."""
from behave import then, when

from astronote_smoke import retail, shopify


@when("the test shop opens its dashboard")
def step_open_shop_dashboard(context):
    context.reply = shopify.dashboard(context.smoke, context.shop_headers)


@when("the test user opens the KPI dashboard")
def step_open_kpis(context):
    context.reply = retail.kpis(context.smoke, context.retail_token)


@then("the dashboard shows credits, campaigns, contacts, messages and automations as numbers")
def step_check_dashboard_counters(context):
    shopify.dashboard_counters(context.reply)


@then("it embeds the last seven days, top campaigns, delivery trend and credit usage reports")
def step_check_dashboard_reports(context):
    shopify.dashboard_reports(context.reply)


@then("every key figure is a number")
def step_check_kpis(context):
    retail.kpis_are_numbers(context.reply)
