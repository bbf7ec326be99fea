"""The watch selection holds no campaign write but the send, and the send's feature file holds nothing else of it:
leaving that file out of a watch run leaves out exactly the send."""
from __future__ import annotations

from astronote_smoke.behave_adapter.features import read_features
from astronote_smoke.watch import SEND_CASE, SEND_FEATURE, WATCH_TAG


def watched():
    return [(feature.path.name, scenario) for feature in read_features() for scenario in feature.scenarios
            if WATCH_TAG.lstrip("@") in scenario.tags]


def test_the_only_write_watched_is_the_send():
    writes = [scenario.case for _, scenario in watched() if "writes" in scenario.tags]
    assert writes == [SEND_CASE]


def test_the_send_feature_holds_no_other_watched_scenario():
    in_file = [scenario.case for name, scenario in watched() if name == SEND_FEATURE]
    assert in_file == [SEND_CASE]


def test_every_other_production_check_is_watched():
    # The watch selection is the release set without the two writes that create campaigns and do not send.
    left_out = [scenario.case for feature in read_features() for scenario in feature.scenarios
                if "prod" in scenario.tags and WATCH_TAG.lstrip("@") not in scenario.tags]
    assert left_out == ["I1", "I2"]
