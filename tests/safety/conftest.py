"""Fixtures for the safety tests: a reference stack owned by the test."""
from tests.support.stack import start_stack  # noqa: F401 (a fixture: pytest finds it in this module)
