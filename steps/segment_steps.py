"""Steps for audience segments and contact lists (H)."""
from behave import then, when

from astronote_smoke import retail, shopify


@when("the test shop lists its audience segments")
def step_list_segments(context):
    context.reply = shopify.segments(context.smoke)


@when("the test user lists their contact lists")
def step_list_contact_lists(context):
    context.reply = retail.lists(context.smoke, context.retail_token)


@then("the segments are listed with their total")
def step_check_segments_listed(context):
    shopify.segments_listed(context.reply)


@then("the system segments for men, women and ages 18 to 24 are among them")
def step_check_system_segments(context):
    shopify.system_segments_present(context.reply)


@then("a page of lists is returned with its total, page number and page size")
def step_check_lists_page(context):
    retail.lists_page(context.reply)
