"""Fixtures for the documentation tests: the release gate script run once per session, healthy.

`prod_run` is `scripts/smoke-prod.sh` against the reference stack it starts itself (no URLs
set); `urls_only_run` is the same script with the old interface, the three URLs of a healthy
stack and nothing else, so every case that needs credentials or test data is skipped.
"""
from __future__ import annotations

import pytest

from astronote_smoke.stack import ReferenceStack
from suite_runs import run_script


@pytest.fixture(scope="session")
def prod_run(tmp_path_factory):
    return run_script(tmp_path_factory.mktemp("prod-run") / "checkout", "smoke-prod.sh")


@pytest.fixture(scope="session")
def urls_only_run(tmp_path_factory):
    with ReferenceStack() as stack:
        return run_script(tmp_path_factory.mktemp("urls-only-run") / "checkout", "smoke-prod.sh", **stack.urls)
