"""A known issue excuses only the failure the suite itself expected and saw, never text the service echoed."""
import re
from datetime import date

import pytest

from astronote_smoke.checks import expect
from astronote_smoke.known_issues.file import KnownIssue
from astronote_smoke.known_issues.verdicts import DIFFERENT, KNOWN, judge_failure
from tests.unit.replies import reply

F4 = KnownIssue("F4", ("production",), "the shop header alone is accepted", "ASTRO-1", date(2099, 1, 1),
                re.compile("expected status 401 or 403, got 200"), "known-issues.toml", 40)


def failure_of(check):
    with pytest.raises(AssertionError) as failure:
        check()
    return failure.value


@pytest.mark.parametrize("echo", [{"message": "expected status 401 or 403, got 200"},
                                  {"error": "x", "debug": "... expected status 401 or 403, got 200 ..."}])
def test_a_new_failure_whose_body_echoes_the_known_text_is_not_excused(echo):
    error = failure_of(lambda: expect.status(reply(500, echo), 401, 403))
    assert "expected status 401 or 403, got 200" in str(error)
    assert judge_failure(F4, error, date(2026, 1, 1)).kind == DIFFERENT


def test_the_known_failure_itself_is_still_excused():
    error = failure_of(lambda: expect.status(reply(200, {"success": True}), 401, 403))
    assert judge_failure(F4, error, date(2026, 1, 1)).kind == KNOWN
