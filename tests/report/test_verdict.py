"""The verdict rules on plain records: what makes GO, NO-GO and INCOMPLETE, and how each one is headed."""
from __future__ import annotations

from astronote_smoke.verdict import (GO, INCOMPLETE, NO_GO, REHEARSAL, counts_by_severity, counts_by_status,
                                     decide)

from run_records import failed, known, passed, run, skipped


def test_all_passed_is_go_with_a_release_headline():
    decision = decide(run(), [passed("A1"), passed("D1"), passed("I1"), passed("A3", "normal")])
    assert (decision.word, decision.exit_code, decision.release_verdict) == (GO, 0, True)
    assert decision.headline() == "GO: release verdict on 4 checks"


def test_a_normal_failure_is_a_warning_and_still_go():
    decision = decide(run(), [passed("A1"), passed("D1"), passed("I1"), failed("A3", "normal")])
    assert decision.word == GO and decision.exit_code == 0
    assert [outcome.case for outcome in decision.warnings] == ["A3"]
    assert decision.failures == ()


def test_a_blocker_failure_is_no_go():
    decision = decide(run(), [failed("A1"), passed("D1"), passed("I1"), passed("A3", "normal")])
    assert (decision.word, decision.exit_code) == (NO_GO, 1)
    assert [outcome.case for outcome in decision.failures] == ["A1"]
    assert decision.headline() == "NO-GO: release verdict on 4 checks (1 stopping check failed)"


def test_a_critical_failure_is_no_go():
    assert decide(run(), [passed("A1"), failed("D1", "critical"), passed("I1"), passed("A3")]).word == NO_GO


def test_an_unreachable_service_in_a_normal_check_is_no_go():
    decision = decide(run(), [passed("A1"), passed("D1"), passed("I1"),
                              failed("A3", "normal", kind="unreachable", message="Web GET https://x/: unreachable")])
    assert decision.word == NO_GO
    assert decision.because() == "1 check found a service unreachable"


def test_a_skipped_blocker_is_incomplete_and_names_the_variable():
    decision = decide(run(), [passed("A1"), passed("D1"), skipped("I1", "blocker", "SHOPIFY_SESSION_TOKEN"),
                              passed("A3", "normal")])
    assert (decision.word, decision.exit_code) == (INCOMPLETE, 1)
    assert [outcome.case for outcome in decision.missing] == ["I1"]
    assert decision.to_set == ("SHOPIFY_SESSION_TOKEN",)
    assert decision.headline() == ("INCOMPLETE: release verdict on 4 checks "
                                   "(1 blocker or critical check not checked, set SHOPIFY_SESSION_TOKEN)")


def test_a_skipped_normal_check_does_not_stop_go():
    assert decide(run(), [passed("A1"), passed("D1"), passed("I1"), skipped("A3", "normal", "X")]).word == GO


def test_a_blocker_that_could_not_be_judged_is_incomplete_not_go():
    suite_error = failed("I2", kind="suite-error", message="could not register cleanup")
    decision = decide(run(), [passed("A1"), passed("D1"), suite_error, passed("A3")])
    assert decision.word == INCOMPLETE and decision.missing == (suite_error,)


def test_fewer_ran_than_selected_is_incomplete():
    decision = decide(run(selected=4), [passed("A1"), passed("D1"), passed("I1")])
    assert decision.word == INCOMPLETE and decision.not_run == 1
    assert "1 of 4 selected checks did not run" in decision.headline()


def test_nothing_ran_is_incomplete_never_go():
    assert decide(run(selected=0, release_set=35), []).word == INCOMPLETE


def test_the_strict_gate_makes_a_normal_failure_no_go():
    outcomes = [passed("A1"), passed("D1"), passed("I1"), failed("A3", "normal")]
    assert decide(run(), outcomes).word == GO
    assert decide(run(gate="strict"), outcomes).word == NO_GO


def test_a_known_issue_never_makes_no_go_even_strict():
    outcomes = [passed("A1"), passed("D1"), known("I1", "blocker", "AST-9"), passed("A3")]
    for gate in ("standard", "strict"):
        decision = decide(run(gate=gate), outcomes)
        assert decision.word == GO
        assert [outcome.known.ticket for outcome in decision.known] == ["AST-9"]


def test_a_rehearsal_says_so_first_and_is_no_release_verdict():
    decision = decide(run(target={}), [passed("A1"), passed("D1"), passed("I1"), passed("A3")])
    assert decision.exit_code == 0 and not decision.release_verdict and decision.tone == REHEARSAL
    assert decision.headline() == ("Rehearsal passed (GO) against the local reference stack: not a release verdict")
    failing = decide(run(target={}), [failed("A1"), passed("D1"), passed("I1"), passed("A3")])
    assert failing.headline() == ("Rehearsal did not pass (NO-GO) against the local reference stack: "
                                  "not a release verdict (1 stopping check failed)")


def test_a_narrow_selection_is_checked_n_of_m_not_a_release_verdict():
    decision = decide(run(selected=1, release_set=35, selection="@A1"), [passed("A1")])
    assert decision.exit_code == 0 and not decision.release_verdict
    assert decision.headline() == "GO for the selection @A1: checked 1 of 35: not a release verdict"


def test_counts_are_by_status_with_known_apart_and_by_severity():
    outcomes = [passed("A1"), failed("D1", "critical"), known("I1"), skipped("A3", "normal", "X")]
    assert counts_by_status(outcomes) == {"passed": 1, "failed": 1, "skipped": 1, "known": 1}
    assert counts_by_severity(outcomes) == {
        "blocker": {"passed": 1, "failed": 0, "skipped": 0, "known": 1},
        "critical": {"passed": 0, "failed": 1, "skipped": 0, "known": 0},
        "normal": {"passed": 0, "failed": 0, "skipped": 1, "known": 0}}
