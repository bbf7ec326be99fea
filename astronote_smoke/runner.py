"""Runs the behave suite from the project root, as CI and the README's main command do."""
from __future__ import annotations

from behave.__main__ import main as behave_main


def main(argv: list[str]) -> int:
    return behave_main(argv)
