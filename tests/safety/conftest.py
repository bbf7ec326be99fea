"""Fixtures for the safety tests: the project importable, and a reference stack owned by the test."""
import sys
from pathlib import Path

import pytest

# pytest runs from the project root without the project being installed.
PROJECT_ROOT = str(Path(__file__).resolve().parents[2])
if PROJECT_ROOT not in sys.path:
    sys.path.insert(0, PROJECT_ROOT)

from astronote_smoke.stack import ReferenceStack  # noqa: E402


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
