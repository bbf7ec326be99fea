"""What a failure or a pass means when a known issue applies: known, expired, different or fixed."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from astronote_smoke.errors import Cause, ContractViolation, ServiceUnreachable
from astronote_smoke.known_issues.file import KnownIssue
from astronote_smoke.known_issues.verdicts import DIFFERENT, EXPIRED, FIXED, KNOWN, judge_failure, judge_pass, tally

ISSUE = KnownIssue(id="D5", environments=("production",), reason="no /health/db", ticket="https://tracker.example/d5",
                   expires=date(2027, 2, 28), failure=re.compile("got 404"), file="known-issues.toml", line=4)
NOT_FOUND = ContractViolation("Retail API GET https://r/health/db: expected status 200, got 404 (body '')")


def test_the_failure_the_entry_describes_is_known_up_to_and_including_its_expiry_date():
    verdict = judge_failure(ISSUE, NOT_FOUND, date(2027, 2, 28))
    assert verdict.kind == KNOWN and verdict.excuses
    assert verdict.console_line() == ("D5 KNOWN ISSUE, still open: no /health/db (https://tracker.example/d5, "
                                      "excused until 2027-02-28). It fails: " + str(NOT_FOUND))
    assert verdict.headline().startswith("Known issue, still open: no /health/db")


def test_after_its_expiry_date_the_entry_is_named_and_excuses_nothing():
    verdict = judge_failure(ISSUE, NOT_FOUND, date(2027, 3, 1))
    assert verdict.kind == EXPIRED and not verdict.excuses
    assert verdict.console_line() == ("D5 FAILED: its known issue (known-issues.toml line 4, "
                                      "https://tracker.example/d5) expired on 2027-02-28, so the failure counts")


def test_an_unreachable_service_is_never_the_known_issue():
    error = ServiceUnreachable("Retail API GET https://r/health/db: service unreachable: connection refused",
                               Cause("Retail API", "connection refused"))
    verdict = judge_failure(replace(ISSUE, failure=None), error, date(2027, 1, 1))
    assert verdict.kind == DIFFERENT and "the service did not answer" in verdict.console_line()


def test_a_broken_check_is_not_the_known_issue():
    verdict = judge_failure(ISSUE, KeyError("data"), date(2027, 1, 1))
    assert verdict.kind == DIFFERENT and "the check itself broke (KeyError)" in verdict.why


def test_a_failure_that_does_not_match_the_entry_is_not_excused():
    error = ContractViolation("Retail API GET https://r/health/db: expected status 200, got 503 (body '')")
    verdict = judge_failure(ISSUE, error, date(2027, 1, 1))
    assert verdict.kind == DIFFERENT and not verdict.excuses
    assert verdict.headline() == f"Not the known issue at known-issues.toml line 4: the failure does not match " \
                                 f"'got 404': {error}"


def test_without_a_failure_pattern_any_failed_check_is_known():
    error = ContractViolation("Retail API GET https://r/health/db: expected status 200, got 503")
    assert judge_failure(replace(ISSUE, failure=None), error, date(2027, 1, 1)).kind == KNOWN


def test_a_pass_is_a_fix_to_remove_from_the_file():
    verdict = judge_pass(ISSUE)
    assert verdict.kind == FIXED
    assert verdict.console_line() == ("D5 FIXED: it passes, so its known issue (https://tracker.example/d5) is fixed: "
                                      "remove it from the known issues (known-issues.toml line 4)")


def test_the_tally_sums_up_the_verdicts_in_one_line():
    e4, f4 = replace(ISSUE, id="E4"), replace(ISSUE, id="F4")
    verdicts = [judge_failure(ISSUE, NOT_FOUND, date(2027, 1, 1)), judge_pass(e4),
                judge_failure(f4, NOT_FOUND, date(2027, 3, 1))]
    assert tally(verdicts, "known-issues.toml") == ("Known issues: 1 still open, excused (D5); 1 fixed, to remove from "
                                                    "known-issues.toml (E4); 1 expired, so their failures count (F4).")
    assert tally([], "known-issues.toml") == "Known issues: none of their scenarios ran."
