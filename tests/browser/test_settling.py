"""A broken page is judged when it has settled, a working one only at the upper bound, and the
browser service runs two scenarios' pages at the same time. The judgements are read from the
messages ("settled after" against "still loading after") and from what the pages show, never from
how long this machine took."""
import threading

import pytest

from astronote_smoke.browser import cases
from astronote_smoke.browser.client import RemotePage
from astronote_smoke.config import settings_from
from astronote_smoke.errors import ContractViolation
from astronote_smoke.masking import Masker
from pages_server import PagesServer

TIMEOUT_S = 10


@pytest.fixture(scope="module")
def pages():
    with PagesServer() as server:
        yield server


def settings_for(stack, pages):
    return settings_from({**stack.env, "WEB_URL": pages.url, "SMOKE_TIMEOUT": str(TIMEOUT_S)})


def judge_form(engine, settings, path):
    """B1's judgement of the page at `path`: None when the form appeared, else the failure and
    how long the page had been watched when it was judged."""
    session = engine.page(Masker())
    try:
        engine.run(cases.visit(session, settings, path))
        engine.run(cases.sign_in_form_appears(session, settings))
        return None, session.elapsed()
    except ContractViolation as failure:
        return str(failure), session.elapsed()
    finally:
        engine.run(session.close())


def test_a_page_that_settles_on_its_loading_shell_is_judged_before_its_upper_bound(engine, stack, pages):
    failure, judged_after = judge_form(engine, settings_for(stack, pages), "/settles")
    assert failure is not None and "got 'Loading...', settled after " in failure
    assert judged_after < TIMEOUT_S


def test_a_page_waiting_on_a_slow_answer_is_not_judged_early(engine, stack, pages):
    failure, _ = judge_form(engine, settings_for(stack, pages), "/slow-answer")
    assert failure is None


def test_a_page_that_keeps_changing_is_not_judged_early(engine, stack, pages):
    failure, _ = judge_form(engine, settings_for(stack, pages), "/progressing")
    assert failure is None


def test_a_page_still_working_at_the_upper_bound_says_so(engine, stack, pages):
    short = settings_from({**stack.env, "WEB_URL": pages.url, "SMOKE_TIMEOUT": "1"})
    failure, _ = judge_form(engine, short, "/slow-answer")
    assert failure is not None and "got 'Loading...', still loading after 1 s" in failure


def test_the_service_runs_two_scenarios_pages_at_the_same_time(service, stack, pages):
    _, endpoint = service
    settings = settings_for(stack, pages)
    results = {}

    def scenario(name):
        try:
            with RemotePage(endpoint, settings, Masker(), trace=False) as page:
                page.call("visit", "/together")
                page.call("sign_in_form_appears")
            results[name] = "form"
        except ContractViolation as failure:
            results[name] = str(failure)

    threads = [threading.Thread(target=scenario, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {"first": "form", "second": "form"}
