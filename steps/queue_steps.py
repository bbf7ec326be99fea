"""Steps for the worker queues (K1, K3)."""
from behave import then, when

from astronote_smoke import retail, shopify


@when("the retail sending queue is inspected")
def step_inspect_retail_queue(context):
    context.reply = retail.jobs_health(context.smoke, context.retail_token)


@when("the Shopify sending queue is inspected")
def step_inspect_shopify_queue(context):
    context.reply = shopify.queue_stats(context.smoke)


@then("it reports its waiting, active, completed, failed and delayed jobs")
def step_check_retail_job_counts(context):
    retail.job_counts(context.reply)


@then("it reports its waiting, active, completed, delayed and failed jobs")
def step_check_shopify_job_counts(context):
    shopify.queue_counts(context.reply)


@then("its waiting jobs are within the alert threshold")
def step_check_waiting_within_threshold(context):
    check = retail.job_counts_within if context.reply.service.key == "retail" else shopify.queue_within
    check(context.reply, context.smoke.settings.queue_depth_max)
