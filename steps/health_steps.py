"""Steps for the APIs' health reports (D, K2)."""
from behave import then, when

from astronote_smoke import health


@when("the Shopify API is asked whether it is alive")
def step_ask_shopify_liveness(context):
    context.reply = health.ask(context.smoke, "Shopify liveness")


@when("the Shopify API is asked for its full health report")
def step_ask_shopify_full_health(context):
    context.reply = health.ask(context.smoke, "Shopify full health")


@when("the retail API is asked whether it is alive")
def step_ask_retail_liveness(context):
    context.reply = health.ask(context.smoke, "retail liveness")


@when("the retail API is asked whether it is ready")
def step_ask_retail_readiness(context):
    context.reply = health.ask(context.smoke, "retail readiness")


@when("the retail API is asked about its database")
def step_ask_retail_database(context):
    context.reply = health.ask(context.smoke, "retail database health")


@then("it says it is alive, with the time of its answer")
def step_check_shopify_alive(context):
    health.shopify_alive(context.reply)


@then("it reports itself healthy")
def step_check_shopify_healthy(context):
    health.shopify_healthy(context.reply)


@then("it reports its database and Redis healthy")
def step_check_shopify_dependencies(context):
    health.shopify_dependencies_healthy(context.reply)


@then("it reports its worker and queue healthy")
def step_check_shopify_workers(context):
    note = health.shopify_workers_healthy(context.reply)
    if note:
        context.note(note)


@then("it says it is alive")
def step_check_retail_alive(context):
    health.retail_alive(context.reply)


@then("it says it is ready to serve")
def step_check_retail_ready(context):
    health.retail_ready(context.reply)


@then("it says its database is connected")
def step_check_retail_database(context):
    health.retail_database_connected(context.reply)
