"""Steps for safe-mode campaigns (I). Whatever a scenario creates is cleaned up when it ends."""
from behave import given, then, when

from astronote_smoke import campaigns
from astronote_smoke.behave_adapter.skips import configured


def _create(context):
    created = configured(context, campaigns.start, context.smoke, context.case, context.findings.campaigns_attempted,
                         context.add_cleanup, context.note)
    return created or (None, None)


@when("the test shop creates a smoke campaign for its whole audience")
def step_create_campaign(context):
    context.reply, context.campaign = _create(context)


@given("the test shop has created a smoke campaign")
def step_have_campaign(context):
    reply, context.campaign = _create(context)
    if reply:
        campaigns.created_as_draft(reply)


@given("the failed jobs of the sending queue have been counted")
def step_count_failed_jobs(context):
    context.failed_before = campaigns.failed_jobs(context.smoke)


@when("the test shop sends the campaign")
def step_send_campaign(context):
    context.reply = campaigns.enqueue(context.smoke, context.campaign)


@then("the campaign is created as a draft")
def step_check_created_as_draft(context):
    campaigns.created_as_draft(context.reply)


@then("the sending queue accepts the campaign")
def step_check_enqueued(context):
    campaigns.enqueued(context.reply, context.campaign)


@then("the worker finishes sending it in good time")
def step_check_processed(context):
    campaigns.enqueued(context.reply, context.campaign)
    seconds = campaigns.wait_until_processed(context.smoke, context.campaign)
    context.note(f"The worker finished campaign {context.campaign.name} within {seconds:.1f} s.")


@then("no further job failed in the sending queue")
def step_check_no_failed_jobs(context):
    campaigns.no_new_failures(context.smoke, context.failed_before)
