"""Lanes in Chromium: a scenario that takes a lane after another finds it as a fresh context would
be, its trace holds its own page only, and a lane that cannot be reset is replaced."""
import io
import json
import zipfile

from astronote_smoke.browser.lanes import BLANK, Lane
from astronote_smoke.browser.page import PageSession
from astronote_smoke.masking import Masker

LEAVE_TRACES = """() => {
  document.cookie = "visited=yes; path=/";
  localStorage.setItem("seen", "yes");
  sessionStorage.setItem("tab", "yes");
}"""
TRACES_LEFT = "() => [document.cookie, localStorage.length, sessionStorage.length]"


def take(engine, lane, trace=False) -> PageSession:
    return engine.run(PageSession.in_lane(lane, Masker(), trace))


def test_the_next_scenario_in_a_lane_finds_no_cookie_storage_or_page_of_the_one_before(engine, stack):
    web = stack.env["WEB_URL"].rstrip("/")
    lane = engine.run(Lane.opened(engine.browser))
    first = take(engine, lane)
    engine.run(first.page.goto(web + "/"))
    engine.run(first.page.evaluate(LEAVE_TRACES))
    engine.run(first.context.new_page())  # a window the page opened
    assert engine.run(first.page.evaluate(TRACES_LEFT)) == ["visited=yes", 1, 1]

    lane = engine.run(first.close())
    second = take(engine, lane)
    assert second.page.url == BLANK
    assert second.context.pages == [second.page]
    assert engine.run(second.context.cookies()) == []
    engine.run(second.page.goto(web + "/"))
    assert engine.run(second.page.evaluate(TRACES_LEFT)) == ["", 0, 0]
    engine.run(engine.run(second.close()).close())


def test_a_scenario_s_trace_holds_its_own_pages_only(engine, stack):
    web = stack.env["WEB_URL"].rstrip("/")
    lane = engine.run(Lane.opened(engine.browser))
    first = take(engine, lane, trace=True)
    engine.run(first.page.goto(web + "/auth/retail/login"))
    lane = engine.run(first.close())
    second = take(engine, lane, trace=True)
    engine.run(second.page.goto(web + "/app/shopify/auth/login"))
    trace = zipfile.ZipFile(io.BytesIO(engine.run(second.evidence(failed=True)).trace))
    requested = {json.loads(line)["snapshot"]["request"]["url"]
                 for line in trace.read("trace.network").decode().splitlines() if line}
    assert web + "/app/shopify/auth/login" in requested
    assert not any("/auth/retail/login" in url for url in requested)
    engine.run(engine.run(second.close()).close())


def test_a_lane_whose_page_is_gone_is_replaced_by_a_new_one(engine):
    lane = engine.run(Lane.opened(engine.browser))
    engine.run(lane.context.close())
    replaced = engine.run(lane.reset(set()))
    assert replaced is not lane
    assert replaced.page.url == BLANK and not replaced.page.is_closed()
    engine.run(replaced.close())
