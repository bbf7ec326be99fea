"""Matrix category, service and matrix link from a scenario's tags."""
from __future__ import annotations

from astronote_smoke.report.labels import MATRIX_CATEGORIES, case_id, matrix_link, scenario_labels


def test_case_id_is_the_tag_shaped_like_an_id():
    assert case_id(["shopify", "critical", "I3"]) == "I3"
    assert case_id(["A10", "a1", "M1", "web"]) is None


def test_every_matrix_letter_has_a_category_named_after_it():
    assert list(MATRIX_CATEGORIES) == list("ABCDEFGHIJKL")
    assert all(name.startswith(letter + " ") for letter, name in MATRIX_CATEGORIES.items())


def test_extras_beyond_the_matrix_join_their_letter():
    labels, _ = scenario_labels(["E3", "shopify"], environ={})
    assert ("parentSuite", "E CORS preflight") in labels
    assert scenario_labels(["L1"], environ={})[0][:1] == [("parentSuite", "L Latency")]


def test_matrix_link_uses_the_published_matrix_when_configured():
    assert matrix_link("K2", environ={}) == "docs/deploy/smoke/smoke-matrix.md#k2"
    published = {"SMOKE_MATRIX_URL": "https://docs.example/smoke-matrix.html#top"}
    assert matrix_link("K2", environ=published) == "https://docs.example/smoke-matrix.html#k2"


def test_scenario_without_id_or_service_gets_no_labels():
    assert scenario_labels(["wip"], environ={}) == ([], [])
