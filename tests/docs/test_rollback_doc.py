"""docs/deploy/rollback/rollback.md: every rollback scenario ends with a suite command that selects the
checks it names, all safe for production, with its measured time; the scripts it names run the same tags."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from behave.parser import parse_file
from behave.tag_expression import make_tag_expression

from astronote_smoke.matrix import read_cases

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOC = PROJECT_ROOT / "docs" / "deploy" / "rollback" / "rollback.md"
CASES = read_cases()
SCENARIOS = ["Web app", "Shopify API", "Retail API", "Worker", "CORS allowlist", "URL shortener type", "Public URLs",
             "Database migration", "Several services"]
IDS = re.compile(r"\b([A-L])(\d)(?:–\1(\d))?\b")
TAKES = re.compile(r"Takes (.*?)\s+against\s+the\s+reference stack", re.DOTALL)


def sections() -> dict[str, str]:
    """Each heading's title (without its number) and the text under it."""
    parts = re.split(r"^#{2,3} (?:\d+(?:\.\d+)?\.? )?(.+)$", DOC.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2]))


def commands(text: str) -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", text, re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.startswith("bin/smoke ")]


def tags_of(command: str) -> str:
    (option,) = [word for word in shlex.split(command) if word.startswith("--tags=")]
    return option.removeprefix("--tags=")


def scenario_tags() -> dict[str, list[str]]:
    tags = {}
    for path in sorted((PROJECT_ROOT / "features").glob("*.feature")):
        feature = parse_file(str(path))
        for scenario in feature.walk_scenarios():
            tags[scenario.name.split()[0]] = [str(tag) for tag in list(feature.tags) + list(scenario.tags)]
    return tags


def selected(tags: str) -> set[str]:
    expression = make_tag_expression(tags)
    return {case for case, present in scenario_tags().items() if expression.check(present)}


def listed_ids(text: str) -> set[str]:
    """The ids in the section's `Checks A1–A3, B1: ...` sentence."""
    sentence = re.search(r"^Checks ([^:]*):", text, re.MULTILINE)
    if not sentence:
        return set()
    return {f"{letter}{number}" for letter, first, last in IDS.findall(sentence.group(1))
            for number in range(int(first), int(last or first) + 1)}


def measured(text: str) -> list[str]:
    """The seconds in the section's `Takes 2.3 s against the reference stack` sentence."""
    sentence = TAKES.search(text)
    return re.findall(r"([\d.]+) s\b", sentence.group(1)) if sentence else []


def time_table() -> dict[str, tuple[int, str]]:
    rows = re.findall(r"^\| `(bin/smoke [^`]+)` \| (\d+) \| ([\d.]+) \|", sections()["Times"], re.MULTILINE)
    return {command: (int(count), seconds) for command, count, seconds in rows}


def test_the_tags_are_selected_as_behave_selects_them():
    assert selected("@web") == {"A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4", "B5", "C1", "C2", "C3", "C4"}
    assert selected("@prod") == {case.id for case in CASES}


@pytest.mark.parametrize("title", SCENARIOS)
def test_every_rollback_scenario_ends_with_a_command_and_its_time(title):
    text = sections()[title]
    found = commands(text)
    assert found, f"{title}: no `bin/smoke --tags=...` command"
    assert measured(text), f"{title}: no measured time"
    for command in found:
        chosen = selected(tags_of(command))
        assert chosen, f"{title}: {command} selects no scenario"
        assert all("prod" in scenario_tags()[case] for case in chosen), f"{title}: {command} selects non-@prod checks"
    ids = listed_ids(text)
    if ids:
        assert ids == set().union(*(selected(tags_of(command)) for command in found)), title


def test_every_command_is_in_the_time_table_with_its_number_of_checks_and_time():
    table = time_table()
    for title in SCENARIOS:
        text = sections()[title]
        times = measured(text)
        for command in commands(text):
            assert command in table, f"{command} has no measured time"
            count, seconds = table[command]
            assert count == len(selected(tags_of(command))), command
            assert seconds in times, f"{title} says {times}, the table {seconds} for {command}"


@pytest.mark.parametrize("script, title", [("smoke-cors.sh", "CORS allowlist"), ("smoke-prod.sh", "Several services")])
def test_the_scripts_the_runbook_names_run_the_same_checks(script, title):
    text = sections()[title]
    assert f"./scripts/{script}" in text
    line = [line for line in (PROJECT_ROOT / "scripts" / script).read_text().splitlines() if line.startswith("exec ")]
    script_tags = tags_of(line[0].replace('"$@"', ""))
    (command,) = commands(text)
    assert selected(script_tags) == selected(tags_of(command))
