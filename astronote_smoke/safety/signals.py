"""Stopping a run cleanly: SIGTERM and SIGHUP like Ctrl-C, workers that end with their parent, and
holding those signals while the suite does something that must not be cut in half.

CI stops a job with SIGTERM; a closed terminal or a lost SSH session sends SIGHUP, whose
default kills the process at once, with no cleanup. `stop_like_ctrl_c` makes both unwind
like Ctrl-C, so cleanups and the closing sweep still run. A forked worker blocked on its pipe
would outlive a parent that died: `ends_with_parent` closes the pipes it inherited from its
siblings (else the parent's end never reads as closed) and asks the kernel for SIGTERM when
the parent dies (Linux `PR_SET_PDEATHSIG`).

Creating a campaign and registering its cleanup is one such thing: interrupted between the
two, the campaign would exist with nobody to remove it. Removing a campaign is another: a
second Ctrl-C must not abandon the cleanup the first one started. Inside `interrupts_held()`
the signals are noted, not acted on; when the block ends, the first one is raised again, so
the run stops as it would have, only a moment later.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
from contextlib import contextmanager
from typing import Callable

HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1


def stop_like_ctrl_c() -> None:
    """SIGTERM and SIGHUP raise KeyboardInterrupt from now on, as Ctrl-C does."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, _interrupt)


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signal.Signals(signum).name}")


def ends_with_parent(target: Callable, inherited: list) -> Callable:
    """`target` for a forked worker that closes the `inherited` connections and ends when its parent dies."""
    parent = os.getpid()

    def run(*args, **kwargs):
        for connection in inherited:
            connection.close()
        _death_signal(signal.SIGTERM)
        if os.getppid() != parent:
            return None  # the parent died before the death signal was set: nobody waits for this worker
        return target(*args, **kwargs)

    return run


def _death_signal(signum: int) -> None:
    if not sys.platform.startswith("linux"):
        return  # elsewhere the closed pipes alone end an idle worker
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0)


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
