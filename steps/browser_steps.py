"""Steps for the browser checks (A4, B1, B4, B5, C4, E5, E6): each scenario gets a page of the
run's browser service, which runs it beside the other scenarios' pages, as a first visitor's
(B5, which signs in, in a context of its own); its evidence is attached and the page handed back
when it ends."""
from behave import register_type, then, when
from behave.model_core import Status
from parse_type import TypeBuilder

from astronote_smoke import preflight
from astronote_smoke.browser.client import RemotePage
from astronote_smoke.browser.needs import known_down, total_campaigns
from astronote_smoke.behave_adapter.evidence import attach_page
from astronote_smoke.behave_adapter.skips import configured
from astronote_smoke.services import RETAIL, WEB, base_url
from astronote_smoke.web import PAGES

# The same types as web_steps and cors_steps register: behave loads this module before them.
register_type(Page=TypeBuilder.make_choice(list(PAGES)), Api=TypeBuilder.make_choice(list(preflight.TARGETS)))


def open_session(context, trace=True, signs_in=False):
    """A page of the run's browser for this scenario; None (the scenario skipped) without a browser."""
    endpoint = configured(context, context.browser.endpoint)
    if endpoint is None:
        return None
    session = RemotePage(endpoint, context.smoke.settings, context.smoke.masker, trace=trace, signs_in=signs_in)
    context.add_cleanup(session.close)
    context.page_session = session
    return session


def attach_evidence(context, session):
    failed = any(step.status in (Status.failed, Status.error) for step in context.scenario.steps)
    attach_page(session.evidence(failed))


def page_url(context, page):
    return context.smoke.settings.web_url.rstrip("/") + PAGES[page]


def sign_out(context, session):
    """Whatever the outcome, no live refresh token of the test user is left behind."""
    problem = session.call("sign_out")
    if problem:
        context.note(f"Retail API sign-out of the test user failed ({problem}): its refresh token may still be live")


def visit(context, page, trace=True):
    known_down(context.smoke, {WEB: page_url(context, page)})
    session = open_session(context, trace)
    if session is not None:
        context.add_cleanup(attach_evidence, context, session)
        session.call("visit", PAGES[page])


@when("a visitor opens the {page:Page} in a browser")
def step_open_in_browser(context, page):
    visit(context, page)


@when("an anonymous visitor opens the {page:Page} in a browser")
def step_open_anonymously(context, page):
    visit(context, page)


@when("the retail test user signs in through the web app")
def step_sign_in_through_the_page(context):
    email, password = configured(context, context.smoke.require_all, "RETAIL_EMAIL", "RETAIL_PASSWORD") or (None, None)
    if email is None:
        return
    known_down(context.smoke, {WEB: page_url(context, "retail sign-in page"),
                                     RETAIL: base_url(context.smoke.settings, RETAIL) + "/api/auth/login"})
    # The trace would hold the typed password: B5 keeps none.
    session = open_session(context, trace=False, signs_in=True)
    if session is None:
        return
    context.add_cleanup(sign_out, context, session)
    context.add_cleanup(attach_evidence, context, session)
    session.call("visit", PAGES["retail sign-in page"])
    session.call("sign_in", email, password)


@when("a page of the web app calls the {api:Api} in a browser")
@when("a page of the web app calls the {api:Api} with the customer's cookie in a browser")
def step_page_calls_api(context, api):
    service, path, credentials = preflight.TARGETS[api]
    known_down(context.smoke, {WEB: page_url(context, "marketing landing page"),
                                     service: base_url(context.smoke.settings, service) + path})
    session = open_session(context)
    if session is not None:
        context.add_cleanup(attach_evidence, context, session)
        session.call("call_api_from_page", service, credentials)


@then("the page renders without errors, in the dark theme")
def step_renders_dark(context):
    context.page_session.call("landing_renders_dark")


@then("the sign-in form appears, without errors")
def step_sign_in_form_appears(context):
    context.page_session.call("sign_in_form_appears")


@then("they are sent to the retail sign-in page")
def step_sent_to_retail_sign_in(context):
    context.page_session.call("anonymous_retail_visitor_is_sent_to_sign_in")


@then("they are sent to the Shopify login page, which asks for their store")
def step_sent_to_shopify_login(context):
    context.page_session.call("anonymous_merchant_is_sent_to_shopify_login")


@then("they see their dashboard with the figures the retail API reports")
def step_dashboard_shows_api_figures(context):
    context.page_session.call("dashboard_shows", total_campaigns(context.smoke))


@then("every API call of the page went to this deployment's retail API, none blocked")
def step_calls_went_to_retail_api(context):
    context.page_session.call("api_calls_went_to")


@then("the browser lets the page read the answer")
def step_browser_lets_page_read(context):
    context.page_session.call("page_read_the_answer")
