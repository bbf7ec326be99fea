"""Fixtures for the reference stack's own tests: a healthy stack per module,
and stacks with faults switched on, stopped after each test."""

import pytest

from astronote_smoke.stack import ReferenceStack
from tests.support.stack import start_stack  # noqa: F401 (a fixture: pytest finds it in this module)


@pytest.fixture(scope="module")
def healthy():
    with ReferenceStack() as stack:
        yield stack
