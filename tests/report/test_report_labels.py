"""Matrix category, service and matrix link from a scenario's tags."""
from __future__ import annotations

from astronote_smoke.behave_adapter.features import read_features
from astronote_smoke.report.labels import case_id, matrix_link, scenario_labels
from astronote_smoke.services import SERVICES


def test_case_id_is_the_tag_shaped_like_an_id():
    assert case_id(["shopify", "critical", "I3"]) == "I3"
    assert case_id(["A10", "a1", "M1", "web"]) is None


def test_every_matrix_letter_is_a_feature_named_after_it():
    names = [feature.name for feature in read_features()]
    assert [name[0] for name in names] == list("ABCDEFGHIJKL")
    assert all(name[1] == " " for name in names)


def test_the_category_is_the_features_name_and_services_are_named_as_services_py_names_them():
    latency = next(feature for feature in read_features() if feature.name.startswith("L "))
    scenario = latency.scenarios[0]
    labels, _ = scenario_labels(scenario.tags, latency.name)
    assert labels[:2] == [("parentSuite", latency.name), ("epic", latency.name)]
    assert latency.name == "L Response time"  # what the feature file and the matrix call it
    assert {value for name, value in labels if name == "suite"} == {SERVICES["shopify"].name, SERVICES["retail"].name}


def test_matrix_link_uses_the_published_matrix_when_configured():
    assert matrix_link("K2") == "docs/deploy/smoke/smoke-matrix.md#k2"
    assert matrix_link("K2", "https://docs.example/smoke-matrix.html#top") == "https://docs.example/smoke-matrix.html#k2"


def test_scenario_without_id_or_service_gets_no_labels():
    assert scenario_labels(["wip"], "A Web landing page") == ([], [])
