"""The release verdict, a pure function of the run's outcomes: GO, NO-GO or INCOMPLETE.

The rules, as the README and the report's first screen state them (`RULES` holds that text):
- NO-GO: a blocker or critical check failed, or a service was unreachable (whatever the check's
  severity). With the strict gate (`SMOKE_GATE=strict`) any failure is NO-GO.
- INCOMPLETE: not enough was checked to decide: a blocker or critical check was skipped, could
  not be judged (a suite error or a configuration problem), or fewer checks ran than the
  selection holds. It fails the gate like NO-GO, and says what is missing.
- INCOMPLETE too, whatever the checks say short of NO-GO, when no single expected release was judged:
  the release SMOKE_EXPECT_RELEASE names never came, or a service switched builds during the run.
- GO: otherwise. Failures of `normal` checks are listed as warnings.
- A known issue never makes NO-GO; it is listed with its ticket.
- A run against the local reference stack is a rehearsal, and a selection narrower than the
  release set is not a release verdict: both say so in their first line.
Exit codes: 0 for GO, 1 for NO-GO and INCOMPLETE (2, a configuration error, never gets here).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .errors import Kind
from .outcome import FAILED, KNOWN, SEVERITIES, SKIPPED, STATUSES, WATCH, Outcome, RunRecord

GO, NO_GO, INCOMPLETE = "GO", "NO-GO", "INCOMPLETE"
REHEARSAL = "rehearsal"
STRICT = "strict"
# A failure of these kinds is the service's: the check was judged, and it failed.
JUDGED_KINDS = (Kind.PRODUCTION_DEFECT.value, Kind.UNREACHABLE.value)

RULES = (
    ("GO", "every selected blocker and critical check passed and every service answered; "
           "failures of normal checks are listed as warnings."),
    ("NO-GO", "a blocker or critical check failed, or a service was unreachable."),
    ("INCOMPLETE", "not enough was checked to decide: a blocker or critical check was skipped or could not be "
                   "judged, or fewer checks ran than the selection holds. It fails the gate like NO-GO."),
    ("Release", "a run that did not check the release the deploy job expects (SMOKE_EXPECT_RELEASE not served "
                "within SMOKE_WARMUP), or saw a service switch builds during the run, is INCOMPLETE: its checks still "
                "run and are reported."),
    ("Known issues", "never make NO-GO; each is listed with its ticket."),
    ("Rehearsal", "a run against the local reference stack is a rehearsal, never a release verdict."),
    ("Selection", "a tag selection narrower than @prod gives the verdict of the selection, not of the release."),
    ("Strict gate", "with SMOKE_GATE=strict any failure, of any severity, is NO-GO."),
)


@dataclass(frozen=True)
class Decision:
    word: str
    run: RunRecord
    failures: tuple[Outcome, ...]     # what makes it NO-GO
    missing: tuple[Outcome, ...]      # blocker or critical checks not judged: what makes it INCOMPLETE
    not_run: int                      # selected checks with no outcome at all
    warnings: tuple[Outcome, ...]     # failures that do not stop the release
    known: tuple[Outcome, ...]        # known issues, excused

    @property
    def exit_code(self) -> int:
        return 0 if self.word == GO else 1

    @property
    def release_verdict(self) -> bool:
        return not self.run.rehearsal and self.run.full_selection

    @property
    def tone(self) -> str:
        """What the first screen colours: the verdict word, or `rehearsal` for a run against the stand-in."""
        return REHEARSAL if self.run.rehearsal else self.word

    @property
    def to_set(self) -> tuple[str, ...]:
        """The variables that would let the missing checks run, in the order first met."""
        return tuple(dict.fromkeys(variable for outcome in self.missing for variable in outcome.missing))

    def because(self) -> str:
        """Why the verdict is what it is, in a few words ("" for GO)."""
        if self.word == NO_GO:
            unreachable = sum(outcome.kind == Kind.UNREACHABLE.value for outcome in self.failures)
            parts = [_count(len(self.failures) - unreachable, "stopping check") + " failed"] if \
                len(self.failures) > unreachable else []
            parts += [_count(unreachable, "check") + " found a service unreachable"] if unreachable else []
            return "; ".join([", ".join(parts), *self.run.release_problems])
        if self.word == INCOMPLETE:
            parts = [_count(len(self.missing), "blocker or critical check") + " not checked"] if self.missing else []
            parts += [f"{self.not_run} of {self.run.selected} selected checks did not run"] if self.not_run else []
            if self.to_set:
                parts.append("set " + ", ".join(self.to_set))
            # Which release was judged comes first: it says what the checks' results are worth.
            return "; ".join([*self.run.release_problems, *([", ".join(parts)] if parts else [])]) or \
                "nothing was checked"
        return ""

    def headline(self) -> str:
        """The first line of every output: the verdict, and what kind of verdict it is (a watch run says so)."""
        return f"Watch: {self._headline()}" if self.run.mode == WATCH else self._headline()

    def _headline(self) -> str:
        because = f" ({self.because()})" if self.because() else ""
        if self.run.rehearsal:
            passed = "passed" if self.word == GO else "did not pass"
            scope = "" if self.run.full_selection else f", checked {self.run.selected} of {self.run.release_set}"
            return (f"Rehearsal {passed} ({self.word}) against the local reference stack{scope}: "
                    f"not a release verdict{because}")
        if not self.run.full_selection:
            return (f"{self.word} for the selection {self.run.selection or '(none)'}: checked "
                    f"{self.run.selected} of {self.run.release_set}: not a release verdict{because}")
        # What kind of verdict comes before why: a long reason may be cut where a line is shortened.
        return f"{self.word}: release verdict on {self.run.selected} checks{because}"


def decide(run: RunRecord, outcomes: list[Outcome]) -> Decision:
    strict = run.gate == STRICT
    failed = [outcome for outcome in outcomes if outcome.status == FAILED]
    stopping = [outcome for outcome in failed
                if strict or outcome.kind == Kind.UNREACHABLE.value
                or (outcome.gating and outcome.kind in JUDGED_KINDS)]
    missing = [outcome for outcome in outcomes if outcome.gating and outcome not in stopping
               and (outcome.status == SKIPPED or (outcome.status == FAILED and outcome.kind not in JUDGED_KINDS))]
    warnings = [outcome for outcome in failed if outcome not in stopping and outcome not in missing]
    not_run = max(0, run.selected - len(outcomes))
    if stopping:
        word = NO_GO
    elif missing or not_run or not outcomes or run.release_problems:
        word = INCOMPLETE
    else:
        word = GO
    return Decision(word, run, tuple(stopping), tuple(missing), not_run, tuple(warnings),
                    tuple(outcome for outcome in outcomes if outcome.status == KNOWN))


def counts_by_status(outcomes: list[Outcome]) -> dict[str, int]:
    """passed, failed, skipped, known: the counts the console, the summary and the report all show."""
    counted = Counter(outcome.status for outcome in outcomes)
    return {status: counted[status] for status in STATUSES}


def counts_by_severity(outcomes: list[Outcome]) -> dict[str, dict[str, int]]:
    """For each severity, its counts by status (severities no outcome has are left out)."""
    return {severity: counts_by_status([outcome for outcome in outcomes if outcome.severity == severity])
            for severity in SEVERITIES if any(outcome.severity == severity for outcome in outcomes)}


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" + ("" if number == 1 else "s")
