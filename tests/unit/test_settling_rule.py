"""The rule of a settled page, on a clock of the test's own: loaded, nothing pending, nothing new
for the quiet period; after an uncaught error, a short one."""
from astronote_smoke.browser.settle import Settling


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def watched():
    clock = Clock()
    return clock, Settling(clock=clock, quiet_s=1.0, after_error_s=0.2)


def test_a_loaded_page_showing_the_same_thing_settles_after_the_quiet_period():
    clock, settling = watched()
    settling.saw(("/login", "Loading..."), loaded=True)
    clock.now += 0.9
    assert not settling.quiet(errored=False)
    clock.now += 0.2
    assert settling.quiet(errored=False)


def test_a_pending_request_keeps_the_page_working_however_long_it_takes():
    clock, settling = watched()
    settling.saw(("/login", "Loading..."), loaded=True)
    settling.started("GET /api/flags")
    clock.now += 60
    assert not settling.quiet(errored=False)
    settling.ended("GET /api/flags")
    clock.now += 0.5
    assert not settling.quiet(errored=False)  # the answer may still change the page
    clock.now += 0.6
    assert settling.quiet(errored=False)


def test_a_change_of_what_the_page_shows_starts_the_period_again():
    clock, settling = watched()
    for step in range(5):
        settling.saw(("/login", f"Loading step {step}"), loaded=True)
        clock.now += 0.8
        assert not settling.quiet(errored=False)


def test_a_document_still_loading_has_not_settled():
    clock, settling = watched()
    settling.saw(("/login", ""), loaded=False)
    clock.now += 5
    assert not settling.quiet(errored=False)


def test_after_an_uncaught_error_the_page_is_judged_at_once():
    clock, settling = watched()
    settling.saw(("/login", "Loading..."), loaded=True)
    clock.now += 0.3
    assert settling.quiet(errored=True) and not settling.quiet(errored=False)
