"""The release a run checked: the warm-up's wait for the expected release, the builds against the last
run, a build that switched during the run, the history the comparison reads, and the verdict."""
from __future__ import annotations

import json

from astronote_smoke.console import closing_lines
from astronote_smoke.expectation import Expectation
from astronote_smoke.fingerprint import Fingerprint
from astronote_smoke.outcome import PASSED, Outcome, RunRecord
from astronote_smoke.release import await_release, past_of, release_facts, release_line
from astronote_smoke.report.history import comparison_key, entry
from astronote_smoke.taken_effect import Past, PastRun
from astronote_smoke.verdict import GO, INCOMPLETE, NO_GO, decide

OLD, NEW = "aaaaaaaaaaaa", "bbbbbbbbbbbb"
PAST = Past((PastRun("r1", "2026-12-05T09:12:00+00:00", {"web": OLD, "shopify": "111111111111"}),),)


def builds(web: str, version: str = "1.0.0") -> dict[str, Fingerprint]:
    return {"web": Fingerprint("web", web, f"build id id-{web[:3]}"),
            "shopify": Fingerprint("shopify", "111111111111" if version == "1.0.0" else "222222222222", version),
            "retail": Fingerprint("retail", "", "reports no version or build")}


class Clock:
    """Time that passes only when the code under test sleeps: the wait is judged by its polls, not by speed."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_the_warm_up_waits_for_the_expected_release_saying_what_it_sees():
    served = iter([builds(OLD), builds(OLD), builds(NEW)])
    said, clock = [], Clock()
    start = await_release(lambda: next(served), Expectation(services={"web": "changed"}), PAST, 10, said.append,
                          pause_s=2, clock=clock, sleep=clock.sleep)
    assert start == builds(NEW) and clock.now == 4
    assert said == ["Waiting for the release SMOKE_EXPECT_RELEASE names (web=changed, 10 s left): the web app still serves "
                    "build aaaaaaaaaaaa, build id id-aaa, the one of the previous run: this deploy has not taken effect",
                    "Release: the expected one (web=changed) is served"]


def test_the_wait_ends_with_the_warm_up_budget_when_the_release_never_comes():
    said, clock = [], Clock()
    start = await_release(lambda: builds(OLD), Expectation(services={"web": "changed"}), PAST, 5, said.append,
                          pause_s=2, clock=clock, sleep=clock.sleep)
    assert start == builds(OLD) and clock.now == 4
    assert said[-1] == "Release: the expected one did not come within the warm-up's 5.0 s" and len(said) == 2


def test_a_long_wait_says_again_what_it_sees():
    said, clock = [], Clock()
    await_release(lambda: builds(OLD), Expectation(services={"web": "changed"}), PAST, 40, said.append,
                  pause_s=2, clock=clock, sleep=clock.sleep)
    waiting = [line for line in said if line.startswith("Waiting")]
    assert [line.split("changed, ")[1].split(":")[0] for line in waiting] == ["40 s left)", "24 s left)", "8 s left)"]


def test_without_an_expectation_the_builds_are_read_once():
    reads, said = [], []
    await_release(lambda: reads.append(1) or builds(OLD), None, PAST, 90, said.append)
    assert reads == [1] and said == []


def test_each_build_is_shown_against_the_last_run():
    facts = release_facts(builds(NEW), builds(NEW), PAST, None)
    assert facts.shown == {"Web": "build bbbbbbbbbbbb, build id id-bbb (changed since the last run 2026-12-05 09:12 UTC)",
                           "Shopify API": "1.0.0 (build unchanged)", "Retail API": "reports no version or build"}
    assert facts.fingerprints == {"web": NEW, "shopify": "111111111111"} and facts.problems == ()
    assert release_line(facts.shown).startswith("Web build bbbbbbbbbbbb, build id id-bbb (changed since the last run")
    assert release_facts(builds(NEW), None, Past(), None).shown["Web"] == "build bbbbbbbbbbbb, build id id-bbb"


def test_a_build_that_switches_during_the_run_is_named():
    facts = release_facts(builds(NEW), builds(NEW, version="1.0.1"), PAST, None)
    assert facts.problems == ("the Shopify API switched builds during the run (1.0.0 at the start, 1.0.1 at the "
                              "end): no single release was judged",)


def test_a_rollback_says_whether_it_restored_the_build():
    assert release_facts(builds(OLD), builds(OLD), Past(PAST.runs, PAST.runs), Expectation(rollback_to="r1")).shown[
        "Rolled back"] == "to the build of run r1: yes"


def test_a_release_problem_makes_an_otherwise_passing_run_incomplete():
    outcomes = [Outcome("D1", "D1 alive", "D API health", ("shopify",), "blocker", "x", PASSED)]
    facts = release_facts(builds(OLD), builds(OLD), PAST, Expectation(services={"web": "changed"}))
    run = RunRecord("r2", target={"WEB_URL": "https://a.example"}, selected=1, release_set=1, release=facts.shown,
                    fingerprints=facts.fingerprints, release_problems=facts.problems)
    decision = decide(run, outcomes)
    assert decision.word == INCOMPLETE and decision.exit_code == 1
    assert decision.headline() == ("INCOMPLETE: release verdict on 1 checks (the web app still serves build "
                                   "aaaaaaaaaaaa, build id id-aaa, the one of the previous run: this deploy has not "
                                   "taken effect)")
    assert closing_lines(decision)[-6:-2] == [
        "Release: Web build aaaaaaaaaaaa, build id id-aaa (build unchanged)",
        "Release: Shopify API 1.0.0 (build unchanged)",
        "Release: Retail API reports no version or build",
        "Release problem: the web app still serves build aaaaaaaaaaaa, build id id-aaa, the one of the previous run: "
        "this deploy has not taken effect"]
    assert decide(RunRecord("r2", selected=1, release_set=1), outcomes).word == GO
    failing = [Outcome("D1", "D1 alive", "D API health", ("shopify",), "blocker", "x", "failed",
                       kind="production-defect", message="Shopify API GET x: expected 200, got 500")]
    assert decide(run, failing).word == NO_GO


def test_the_history_keeps_build_digests_and_the_comparison_reads_them(tmp_path):
    history = tmp_path / "history.jsonl"
    this = RunRecord("r3", target={"WEB_URL": "https://a.example"}, selection="@prod")
    other_selection = RunRecord("r0", target=this.target, selection="@web", finished_at="2026-12-01T00:00:00+00:00",
                                fingerprints={"web": "0" * 12})
    earlier = RunRecord("r1", target=this.target, selection="@prod", finished_at="2026-12-05T09:12:00+00:00",
                        fingerprints={"web": OLD, "shopify": "111111111111", "evil": OLD})
    lines = [entry(other_selection, []), entry(earlier, []),
             # A damaged or tampered line is read as carefully as a target's answer.
             {"key": comparison_key(this), "run": "x\x1b[2J", "finished": "", "checks": {},
              "fingerprints": {"web": 5, "mobile": OLD}}]
    history.write_text("".join(json.dumps(line) + "\n" for line in lines) + "not json\n", encoding="utf-8")
    assert entry(earlier, [])["fingerprints"] == {"web": OLD, "shopify": "111111111111"}
    past = past_of(history, this)
    assert [run.run_id for run in past.runs] == ["r1"] and past.last_with("web").fingerprints["web"] == OLD
    assert past.run("r0").fingerprints == {"web": "0" * 12}  # a rollback names a run of any selection
    forged = RunRecord("r4", fingerprints={"web": "not a digest\n", "shopify": "111111111111"})
    assert entry(forged, [])["fingerprints"] == {"shopify": "111111111111"}


def test_a_secret_a_target_puts_in_its_build_name_is_masked():
    from astronote_smoke.masking import Masker

    masker = Masker()
    masker.add("s3cret-session-token")
    echoed = {"shopify": Fingerprint("shopify", "111111111111", "1.0.0, commit s3cret-session-token")}
    facts = release_facts(echoed, {"shopify": Fingerprint("shopify", "222222222222", "s3cret-session-token")}, Past(),
                          None).masked(masker.mask)
    assert "s3cret-session-token" not in json.dumps([facts.shown, facts.problems])
    assert facts.shown["Shopify API"].startswith("1.0.0, commit ") and facts.fingerprints == {"shopify": "111111111111"}
