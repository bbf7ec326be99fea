"""Steps for short links (J)."""
from behave import given, then, when

from astronote_smoke import shopify, web
from astronote_smoke.scenario import configured


@given("the known short link is configured")
def step_know_short_link(context):
    context.short_link = configured(context, context.smoke.require_all, "SHORT_LINK_TOKEN", "SHORT_LINK_DESTINATION")


@when("a customer follows the known short link")
def step_follow_known_link(context):
    context.reply = shopify.follow_short_link(context.smoke, context.short_link[0])


@when("a customer follows a short link that does not exist")
def step_follow_unknown_link(context):
    context.reply = shopify.follow_short_link(context.smoke, shopify.random_token())


@then("they are sent on to its destination")
def step_check_redirected_to_destination(context):
    shopify.redirects_to(context.reply, context.short_link[1])


@then("they are sent to the web app's error page")
def step_check_sent_to_error_page(context):
    shopify.fails_safely(context.reply, context.smoke.settings.shopify_frontend_url)


@then("the error page they land on exists")
def step_check_error_page_exists(context):
    note = web.error_page_exists(context.smoke, context.reply)
    if note:
        context.note(note)
