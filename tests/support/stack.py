"""Reference stacks for tests: the `start_stack` fixture, whose stacks end with the test that
started them, and `eventually`, for waiting until a stack reaches a state."""
from __future__ import annotations

import time

import pytest

from astronote_smoke.stack import ReferenceStack


@pytest.fixture
def start_stack():
    """``start_stack(*faults, **options)`` starts a stack that ends with the test."""
    stacks = []

    def start(*faults, **options):
        stack = ReferenceStack(faults=faults, **options)
        stacks.append(stack)
        return stack.start()

    yield start
    for stack in stacks:
        stack.stop()


def eventually(predicate, timeout=5.0, interval=0.05):
    """Poll ``predicate`` until it is true or ``timeout`` seconds pass; its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)
