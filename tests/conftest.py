"""The fast lane: `bin/test --fast` (pytest -m fast) runs the tests that need no suite run, no browser
and no Node, in process, in a few seconds. The folders and files of that lane are listed here once."""
from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
FAST = ("unit", "lint", "known_issues/test_known_verdicts.py", "known_issues/test_known_issues_file.py",
        "report/test_report_labels.py", "report/test_report_evidence.py", "report/test_report_categories.py",
        "report/test_report_run_facts.py", "report/test_report_trend.py", "parallel/test_parallel_breaker.py",
        "safety/test_tags.py", "safety/test_secret_forms.py", "safety/test_secret_values.py",
        "known_issues/test_junit_xml.py")
SLOW_MARKERS = ("needs_node", "needs_chromium")


def pytest_configure(config):
    config.addinivalue_line("markers", "fast: an in-process test of the fast lane (bin/test --fast)")


def pytest_collection_modifyitems(config, items):
    fast_paths = [TESTS / entry for entry in FAST]
    for item in items:
        path = Path(str(item.fspath))
        in_lane = any(path == fast or fast in path.parents for fast in fast_paths)
        if in_lane and not any(item.get_closest_marker(name) for name in SLOW_MARKERS):
            item.add_marker(pytest.mark.fast)
