"""Holding Ctrl-C and SIGTERM while the suite does something that must not be cut in half.

Creating a campaign and registering its cleanup is one such thing: interrupted between the
two, the campaign would exist with nobody to remove it. Removing a campaign is another: a
second Ctrl-C must not abandon the cleanup the first one started. Inside `interrupts_held()`
the signals are noted, not acted on; when the block ends, the first one is raised again, so
the run stops as it would have, only a moment later.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def interrupts_held():
    # Python runs signal handlers in the main thread only, and only it may install them.
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {}
    try:
        for signum in HELD_SIGNALS:
            previous[signum] = signal.signal(signum, lambda signum, frame: received.append(signum))
        yield
    finally:
        for signum, handler in previous.items():
            # None: a handler installed outside Python, which cannot be put back; the default is the closest.
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        if received:
            # Delivered to the handler the run had before: KeyboardInterrupt under behave.
            signal.raise_signal(received[0])
