"""Steps for the worker queues (K1, K3)."""
from behave import then, when

from astronote_smoke import queues, retail, shopify


@when("the retail sending queue is inspected")
def step_inspect_retail_queue(context):
    context.reply = retail.jobs_health(context.smoke, context.retail_token)


@when("the Shopify sending queue is inspected")
def step_inspect_shopify_queue(context):
    context.reply = shopify.queue_stats(context.smoke)


@then("it reports its waiting, active, completed, failed and delayed jobs")
def step_check_job_counts(context):
    queues.job_counts(context.reply)


@then("its waiting jobs are within the alert threshold")
def step_check_waiting_within_threshold(context):
    queues.waiting_within(context.reply, context.smoke.settings.queue_depth_max)
