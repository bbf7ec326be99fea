"""The feature files as plain records, read with behave's own parser.

The matrix, the case-id list and the release set are derived from these; nothing outside this
package needs behave's model to know what the suite holds.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from behave.parser import parse_file

from ..report.labels import case_id

FEATURES_DIR = Path(__file__).resolve().parents[2] / "features"
RELEASE_TAG = "prod"


@dataclass(frozen=True)
class StepRecord:
    keyword: str     # as written: "When", "And"
    step_type: str   # given, when or then
    text: str


@dataclass(frozen=True)
class ScenarioRecord:
    case: str | None
    name: str
    tags: tuple[str, ...]   # the feature's and the scenario's
    description: str
    steps: tuple[StepRecord, ...]
    location: str


@dataclass(frozen=True)
class FeatureRecord:
    name: str
    description: str
    path: Path
    scenarios: tuple[ScenarioRecord, ...]


def read_feature(path: Path) -> FeatureRecord:
    feature = parse_file(str(path))
    scenarios = []
    for scenario in feature.walk_scenarios():
        tags = tuple(str(tag) for tag in list(feature.tags) + list(scenario.tags))
        steps = tuple(StepRecord(step.keyword, step.step_type, step.name) for step in scenario.steps)
        scenarios.append(ScenarioRecord(case_id(tags), scenario.name, tags, " ".join(scenario.description), steps,
                                        str(scenario.location)))
    return FeatureRecord(feature.name, " ".join(feature.description), path, tuple(scenarios))


def read_features(features_dir: Path = FEATURES_DIR) -> list[FeatureRecord]:
    return [read_feature(path) for path in sorted(Path(features_dir).glob("**/*.feature"))]


def suite_case_ids(features_dir: Path = FEATURES_DIR) -> set[str]:
    """The ids of every scenario of the suite, whichever of them a run selected."""
    return {scenario.case for feature in read_features(features_dir) for scenario in feature.scenarios
            if scenario.case}


def release_set_size(features_dir: Path = FEATURES_DIR) -> int:
    """How many scenarios a full release gate (`--tags=@prod`) runs."""
    return sum(RELEASE_TAG in scenario.tags for feature in read_features(features_dir)
               for scenario in feature.scenarios)


@lru_cache(maxsize=1)
def category_names() -> dict[str, str]:
    """The suite's categories by letter, as its feature files name them: {"L": "L Response time"}."""
    return {feature.name[0]: feature.name for feature in read_features() if feature.name[1:2] == " "}


def category_of(case: str | None, feature_name: str) -> str:
    """A case's category is its letter's feature; a scenario without an id keeps its own feature's name."""
    return category_names().get(case[0], feature_name) if case else feature_name
