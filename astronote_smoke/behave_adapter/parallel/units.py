"""The units of work of a parallel run: one per scenario (or scenario outline) of every feature.

A unit runs in a worker as a copy of its feature that holds only its scenario, so behave's own
rules decide there whether the scenario runs (tags, names, file locations) and which hooks
run around it. Every scenario is a unit, selected or not: a scenario the selection leaves out
is reported exactly as a sequential run reports it.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

from behave.model import Feature, Rule, Scenario, ScenarioOutline

BROWSER_TAG = "browser"


@dataclass(frozen=True)
class Unit:
    number: int  # position in file order, feature by feature
    feature_number: int
    feature: Feature
    rule: Rule | None
    item: Scenario  # a Scenario or a ScenarioOutline
    selected: bool

    @property
    def scenarios(self) -> list[Scenario]:
        """The scenarios this unit reports on: the scenario itself, or each example of an outline."""
        if isinstance(self.item, ScenarioOutline):
            return list(self.item.scenarios)
        return [self.item]

    @property
    def in_browser(self) -> bool:
        return any(BROWSER_TAG in scenario.effective_tags for scenario in self.scenarios)

    @property
    def step_count(self) -> int:
        return sum(len(list(scenario.all_steps)) for scenario in self.scenarios)

    def as_feature(self) -> Feature:
        """A copy of the feature that holds only this unit's scenario (inside a copy of its rule)."""
        holder = self.item
        if self.rule is not None:
            holder = copy.copy(self.rule)
            holder.run_items = [self.item]
            holder.scenarios = [self.item]
        feature = copy.copy(self.feature)
        feature.run_items = [holder]
        feature.scenarios = [self.item] if self.rule is None else []
        feature.rules = [holder] if self.rule is not None else []
        return feature


def plan(features: list[Feature], config) -> list[Unit]:
    """Every scenario of `features` as a unit, in file order, noting which ones `config` selects."""
    units: list[Unit] = []
    for feature_number, feature in enumerate(features):
        feature_selected = feature.should_run(config)
        for rule, item in _items(feature):
            selected = bool(feature_selected and (rule is None or rule.should_run(config))
                            and item.should_run(config))
            units.append(Unit(len(units), feature_number, feature, rule, item, selected))
    return units


def dispatch_order(units: list[Unit]) -> list[Unit]:
    """Selected scenarios first: those in a browser, then the others longest first, so that the
    slowest ones do not start last.

    The browser scenarios are the run's longest path: their pages take turns in the browser
    service, so each one that starts late ends the run late. For the others the number of steps
    stands in for the time a scenario takes; a scenario left out by the selection costs next to
    nothing and goes last.
    """
    return sorted(units, key=lambda unit: (not unit.selected, not unit.in_browser, -unit.step_count, unit.number))


def _items(feature: Feature):
    for item in feature.run_items:
        if isinstance(item, Rule):
            for inner in item.run_items:
                yield item, inner
        else:
            yield None, item
