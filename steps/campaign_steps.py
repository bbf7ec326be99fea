"""Steps for safe-mode campaigns (I). Whatever a scenario creates is cleaned up when it ends."""
from behave import given, then, when

from astronote_smoke import campaigns
from astronote_smoke.safety.signals import interrupts_held
from astronote_smoke.behave_adapter.skips import configured


def _create(context):
    """Creates the scenario's campaign; Ctrl-C waits until its cleanup is registered."""
    with interrupts_held():
        # Noted before the request: an answer lost to a timeout may still have created it.
        context.campaigns_attempted.append(campaigns.campaign_name(context.smoke, context.case))
        created = configured(context, campaigns.create, context.smoke, context.case)
        if created and created[1]:
            context.add_cleanup(_clean_up, context, created[1])
    return created or (None, None)


def _clean_up(context, campaign):
    # A second Ctrl-C must not abandon the cleanup the first one started.
    with interrupts_held():
        context.note(campaigns.clean_up(context.smoke, campaign))


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
