"""The run's records file: written whole or not at all, and a failure to write it names the path."""
from __future__ import annotations

import pytest

from astronote_smoke.errors import Kind, SuiteError, kind_of
from astronote_smoke.outcome import OUTCOMES_FILE, Outcome, RunRecord, read_outcomes, write_outcomes

RUN = RunRecord("run-1", selected=1, release_set=1)
OUTCOME = Outcome("A1", "A1 Landing page", "A Web landing page", ("web",), "blocker", "It loads.", "passed")


def test_what_is_written_reads_back_the_same(tmp_path):
    write_outcomes(tmp_path, RUN, [OUTCOME])
    assert read_outcomes(tmp_path) == (RUN, [OUTCOME])


def test_a_file_that_cannot_be_written_is_a_suite_error_naming_it_and_leaves_no_temporary(tmp_path):
    (tmp_path / OUTCOMES_FILE).mkdir()  # stands in for a disk that refuses the write
    with pytest.raises(SuiteError) as raised:
        write_outcomes(tmp_path, RUN, [OUTCOME])
    assert str(raised.value).startswith(f"suite error: could not write {tmp_path / OUTCOMES_FILE}: ")
    assert kind_of(raised.value) == Kind.SUITE_ERROR
    assert sorted(path.name for path in tmp_path.iterdir()) == [OUTCOMES_FILE]
