"""Ctrl-C and SIGTERM are held while a campaign is created or cleaned up, then delivered."""
import os
import signal

import pytest

from astronote_smoke.safety.signals import interrupts_held


@pytest.fixture
def sigterm_interrupts():
    """SIGTERM raising KeyboardInterrupt, as the suite's before_all sets it up."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")
    previous = signal.signal(signal.SIGTERM, interrupt)
    yield
    signal.signal(signal.SIGTERM, previous)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_inside_the_block_waits_for_its_end(sigterm_interrupts, signum):
    finished = []
    with pytest.raises(KeyboardInterrupt):
        with interrupts_held():
            os.kill(os.getpid(), signum)
            finished.append("the rest of the block ran")
    assert finished == ["the rest of the block ran"]


def test_the_handlers_are_restored_and_nothing_is_raised_without_a_signal(sigterm_interrupts):
    before = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
    with interrupts_held():
        pass
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
