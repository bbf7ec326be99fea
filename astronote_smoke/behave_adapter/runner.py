"""`SmokeRunner`: behave's runner, whose exit code is the release verdict's and whose last lines say it.

behave.ini names it (`runner = astronote_smoke.behave_adapter.runner:SmokeRunner`), so plain
`behave` from the project root ends as `python -m astronote_smoke run` does (its parallel runner
is a SmokeRunner too): after behave's own summary, the verdict headline, the failures with
severity and reason, the target and the run id; exit 0 for GO, 1 for NO-GO or INCOMPLETE, and 2
when a configuration error stopped the run before its first request (once behave has run every
cleanup: a reference stack already started is stopped). A run that ended before its `after_all`
decided anything keeps behave's own exit code.
"""
from __future__ import annotations

import sys

from behave.runner import Runner

from ..console import closing_lines
from .hooks import stopped_by

DECISION = "decision"  # the context attribute after_all leaves the Decision in
CONFIG_EXIT_CODE = 2


class SmokeRunner(Runner):
    def __init__(self, config):
        super().__init__(config)
        # The hooks leave the closing lines to this runner; under another runner after_all prints them.
        config.smoke_closing_by_runner = True

    def run_hook(self, hook_name, *args):
        passed = super().run_hook(hook_name, *args)
        if hook_name == "before_all" and stopped_by(self.context) is not None:
            # A run its configuration stopped runs no feature and reports none: behave's run_model loops
            # over these very lists (measured on behave 1.3.3; tests/lint/test_behave_seam.py pins it).
            # Aborting instead would end the run saying "ABORTED: By user." and counting 0 features passed.
            self.features.clear()
            self.config.reporters.clear()
        return passed

    def run_with_paths(self):
        failed = super().run_with_paths()
        if stopped_by(self.context) is not None:
            # behave maps a run to 0 or 1 only; SystemExit passes through its main to the process's exit code.
            sys.stdout.flush()
            raise SystemExit(CONFIG_EXIT_CODE)
        decision = getattr(self.context, DECISION, None)
        if decision is None:
            return failed
        console = self.context.console
        console.stream.flush()
        sys.stdout.flush()
        console.say("")
        for line in closing_lines(decision):
            console.say(line)
        return decision.exit_code != 0
