"""Steps for CORS preflights (E)."""
from behave import register_type, then, when
from parse_type import TypeBuilder

from astronote_smoke import preflight
from astronote_smoke.checks import cors

register_type(Api=TypeBuilder.make_choice(list(preflight.TARGETS)),
              WithOrWithout=TypeBuilder.make_choice(["with", "without"]))


@when("the web app's origin sends a preflight for an authenticated POST to the {api:Api}")
def step_send_preflight_from_web_origin(context, api):
    service, path, _ = preflight.TARGETS[api]
    context.origin = preflight.web_origin(context.smoke)
    context.reply = preflight.send(context.smoke, service, path, context.origin)


@when("foreign origins send the same preflight to the {api:Api}")
def step_send_preflight_from_foreign_origins(context, api):
    service, path, _ = preflight.TARGETS[api]
    context.answers = {origin: preflight.send(context.smoke, service, path, origin)
                       for origin in preflight.foreign_origins(context.smoke)}


@then("a browser would let the call through {credentials:WithOrWithout} credentials")
def step_check_browser_allows(context, credentials):
    cors.browser_allows(context.reply, context.origin, preflight.METHOD, preflight.REQUEST_HEADERS,
                        credentials=credentials == "with")


@then("the API admits none of them")
def step_check_foreign_origins_refused(context):
    for origin, reply in context.answers.items():
        cors.refuses(reply, origin)
