"""`SmokeRunner`: behave's runner, whose exit code is the release verdict's and whose last lines say it.

behave.ini names it (`runner = astronote_smoke.behave_adapter.runner:SmokeRunner`), so plain
`behave` from the project root ends as `python -m astronote_smoke run` does (its parallel runner
is a SmokeRunner too): after behave's own summary, the verdict headline, the failures with
severity and reason, the target and the run id; exit 0 for GO, 1 for NO-GO or INCOMPLETE, or
when the run's closing sweep could not remove all it created (a configuration error has exited 2
before the first request). A run that ended before its
`after_all` decided anything keeps behave's own exit code.
"""
from __future__ import annotations

import sys

from behave.runner import Runner

from ..console import closing_lines

DECISION = "decision"  # the context attribute after_all leaves the Decision in
CAMPAIGNS_LEFT = "campaigns_left"  # the one the run's closing sweep sets when campaigns may be left


class SmokeRunner(Runner):
    def __init__(self, config):
        super().__init__(config)
        # The hooks leave the closing lines to this runner; under another runner after_all prints them.
        config.smoke_closing_by_runner = True

    def run_with_paths(self):
        failed = super().run_with_paths()
        decision = getattr(self.context, DECISION, None)
        if decision is None:
            return failed
        console = self.context.console
        console.stream.flush()
        sys.stdout.flush()
        console.say("")
        for line in closing_lines(decision):
            console.say(line)
        if getattr(self.context, CAMPAIGNS_LEFT, False):
            # Data a run creates never accumulates: what it could not remove fails the run, whatever the verdict.
            console.say("Exit 1: campaigns of this run are left in the test shop; the sweep above says how to "
                        "remove them.")
            return True
        return decision.exit_code != 0
