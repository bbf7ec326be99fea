"""Steps for the web app's pages (A, B, C)."""
from behave import register_type, then, when
from parse_type import TypeBuilder

from astronote_smoke import web
from astronote_smoke.checks import html

register_type(Page=TypeBuilder.make_choice(list(web.PAGES)))


@when("a visitor opens the {page:Page}")
def step_open_page(context, page):
    context.reply = web.open_page(context.smoke, page)


@then("the page is served as HTML")
def step_check_served_as_html(context):
    html.served_as_html(context.reply)


@then('it is not the "page not found" page')
def step_check_not_the_not_found_page(context):
    web.not_the_not_found(context.smoke, context.reply)


@then("its title names Astronote")
def step_check_title_names_astronote(context):
    html.title_names(context.reply, "Astronote")


@then("the page is served in the dark theme")
def step_check_dark_theme(context):
    html.served_as_html(context.reply)
    html.dark_theme(context.reply)


@then("the page's scripts call this deployment's retail API")
def step_check_scripts_call_retail_api(context):
    web.scripts_call(context.smoke, context.reply, context.smoke.settings.retail_api_url, "retail API")


@then("the page's scripts call this deployment's Shopify API")
def step_check_scripts_call_shopify_api(context):
    web.scripts_call(context.smoke, context.reply, context.smoke.settings.shopify_api_url, "Shopify API")
