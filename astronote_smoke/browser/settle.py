"""When a page has settled: the rule that lets a broken page be judged when it stops working
rather than when the wait runs out. A page has settled once it has loaded, no request of it is
pending, and it has shown the same address and text for a quiet period; any request starting or
ending, any navigation and any change of what it shows starts the period again. After an uncaught
script error the period is short: the page is judged at the error. A page that is still working
(a request pending on a slow network or a sleeping API) never settles: its wait's upper bound,
the contract's T, judges it."""
from __future__ import annotations

import time

QUIET_S = 1.2
AFTER_ERROR_S = 0.3
POLL_S = 0.1


class Settling:
    """What a page has done lately, fed by its events and by looking at it every `poll` seconds."""

    def __init__(self, clock=time.monotonic, quiet_s: float = QUIET_S, after_error_s: float = AFTER_ERROR_S,
                 poll: float = POLL_S):
        self.clock = clock
        self.quiet_s, self.after_error_s, self.poll = quiet_s, after_error_s, poll
        self.pending: set = set()
        self.shown = None
        self.loaded = False
        self.last_change = clock()

    def started(self, request) -> None:
        self.pending.add(request)
        self.changed()

    def ended(self, request) -> None:
        self.pending.discard(request)
        self.changed()

    def changed(self) -> None:
        self.last_change = self.clock()

    def saw(self, shown, loaded: bool) -> None:
        """What the page shows now, and whether its document has finished loading."""
        if shown != self.shown:
            self.shown = shown
            self.changed()
        self.loaded = loaded

    def quiet(self, errored: bool) -> bool:
        """Whether the page has settled: nothing pending and nothing new for the quiet period."""
        if self.pending or not self.loaded:
            return False
        return self.clock() - self.last_change >= (self.after_error_s if errored else self.quiet_s)
