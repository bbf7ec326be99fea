"""A small behave project that needs no stack: backgrounds, outlines, rules, failures, an undefined
step, hooks that keep run-wide findings, and a scenario whose worker dies.

What plain behave makes of it is what the parallel runner must make of it; only the
scenario tagged @dies (its step ends the process) cannot be compared, and is left out there.
"""
from __future__ import annotations

from pathlib import Path

ALPHA = """\
Feature: Alpha
  The first feature, with a background.

  Background:
    Given a start

  @one
  Scenario: first
    Given a pass

  @two @slow
  Scenario: second
    Given a pass
    And a pause

  Scenario Outline: outline <n>
    Given number <n>

    Examples:
      | n |
      | 1 |
      | 2 |

  Rule: a rule
    @three
    Scenario: in rule
      Given a pass
"""

BETA = """\
@beta
Feature: Beta
  Scenario: fails
    Given a failure

  Scenario: undefined
    Given nothing defined here

  @one
  Scenario: skips itself
    Given the scenario skips itself
"""

GAMMA = """\
@dies
Feature: Gamma
  Scenario: worker dies
    Given the process ends

  Scenario: survives
    Given a pass
"""

STEPS = """\
import os
import time

from behave import given


@given("a start")
def step_start(context):
    pass


@given("a pass")
def step_pass(context):
    print("captured by behave")


@given("a pause")
def step_pause(context):
    time.sleep(0.05)


@given("number {n:d}")
def step_number(context, n):
    assert n < 2, f"{n} is too big"


@given("a failure")
def step_failure(context):
    assert False, "boom"


@given("the scenario skips itself")
def step_skip(context):
    context.scenario.skip("not configured: set SAMPLE_VARIABLE")


@given("the process ends")
def step_end_process(context):
    os._exit(3)
"""

ENVIRONMENT = """\
from pathlib import Path

from astronote_smoke.findings import RunFindings


def before_all(context):
    # The run's findings, in the record a parallel run's workers hand back; a plain list stays in its worker.
    context.findings = RunFindings()
    context.finished = []


def after_scenario(context, scenario):
    context.findings.paths_sent.append(scenario.name)
    context.finished.append(scenario.name)


def after_all(context):
    # behave keeps what after_all prints to itself: the findings go to a file in the working folder.
    Path("after_all.txt").write_text("findings: " + " | ".join(sorted(context.findings.paths_sent)) + "\\n"
                                     + "plain list: " + " | ".join(sorted(context.finished)) + "\\n")
"""


def write_sample_project(root: Path) -> Path:
    """The project in `root`; returns its features folder."""
    features = root / "features"
    (features / "steps").mkdir(parents=True)
    (features / "alpha.feature").write_text(ALPHA, encoding="utf-8")
    (features / "beta.feature").write_text(BETA, encoding="utf-8")
    (features / "gamma.feature").write_text(GAMMA, encoding="utf-8")
    (features / "steps" / "sample_steps.py").write_text(STEPS, encoding="utf-8")
    (features / "environment.py").write_text(ENVIRONMENT, encoding="utf-8")
    return features
