"""Steps for response time (L1)."""
from behave import then, when

from astronote_smoke import health


@when("both APIs are asked whether they are alive, once each")
def step_time_liveness(context):
    context.replies = [health.ask(context.smoke, name) for name in ("Shopify liveness", "retail liveness")]
    context.measurements.update(health.response_times_ms(context.replies))
    context.note("; ".join(f"{reply.service.name} answered in {reply.elapsed_ms:.0f} ms" for reply in context.replies))


@then("each answers within the latency budget")
def step_check_within_budget(context):
    health.within_budget(context.replies, context.smoke.settings.latency_budget_ms)
