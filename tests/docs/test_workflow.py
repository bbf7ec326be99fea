"""The CI example (.github/workflows/smoke.yml) parses, runs the README's commands after a deploy with
its secrets from the secret store, keeps the report history and uploads the report and the summary."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from astronote_smoke.config import SECRET_VARIABLES, TARGET_VARIABLES
from astronote_smoke.report.__main__ import main as report_main

PROJECT_ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = PROJECT_ROOT / ".github" / "workflows" / "smoke.yml"
README = PROJECT_ROOT / "README.md"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@pytest.fixture(scope="module")
def workflow():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def job(workflow):
    (only,) = workflow["jobs"].values()
    return only


def readme_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    return [line.split("#")[0].strip() for block in blocks for line in block.splitlines() if line.split("#")[0].strip()]


def run_steps(job) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def step_using(job, action: str) -> list[dict]:
    return [step for step in job["steps"] if step.get("uses", "").split("@")[0] == action]


def test_the_workflow_runs_after_a_successful_deploy_and_on_demand(workflow, job):
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert set(triggers) == {"deployment_status", "workflow_dispatch"}
    assert "deployment_status.state == 'success'" in job["if"]
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_the_workflow_calls_the_readme_commands(workflow, job):
    commands = readme_commands()
    assert "bin/smoke" in commands
    (gate,) = [command for command in commands if command.startswith("behave ")]
    readme_tags = shlex.split(gate)[1:]
    assert readme_tags == ["--tags=@prod"]
    (command,) = [run for run in run_steps(job) if run.startswith("bin/smoke")]
    words = shlex.split(command)
    assert words[0] == "bin/smoke"
    # The tags come from the dispatch input, and after a deploy they are the README's release gate.
    assert words[1:] == ["--tags=$TAGS"]
    assert "'@prod'" in job["env"]["TAGS"]
    assert workflow[True]["workflow_dispatch"]["inputs"]["tags"]["default"] == "@prod"


def test_secrets_come_from_the_secret_store_and_the_target_from_variables(job):
    environ = job["env"]
    for name in SECRET_VARIABLES:
        assert EXPRESSION.fullmatch(environ[name]).group(1) == f"secrets.{name}", name
    for name in TARGET_VARIABLES:
        assert EXPRESSION.fullmatch(environ[name]).group(1) == f"vars.{name}", name
    for name, value in environ.items():
        assert EXPRESSION.search(str(value)), f"{name} is written in the file instead of the store"


def test_the_report_history_is_restored_before_the_run_and_saved_after(job):
    history = re.search(r'historyPath:\s*"([^"]+)"', (PROJECT_ROOT / "allurerc.mjs").read_text(encoding="utf-8"))
    (restore,) = step_using(job, "actions/cache/restore")
    (save,) = step_using(job, "actions/cache/save")
    assert restore["with"]["path"] == save["with"]["path"] == history.group(1)
    assert save["with"]["key"].startswith(restore["with"]["restore-keys"])
    order = [step.get("uses", step.get("run", "")).split("@")[0] for step in job["steps"]]
    assert order.index("actions/cache/restore") < order.index('bin/smoke --tags="$TAGS"') < order.index("actions/cache/save")
    assert "always()" in save["if"]


def test_the_report_and_the_summary_are_uploaded_whatever_the_verdict(job, tmp_path, capsys):
    (upload,) = step_using(job, "actions/upload-artifact")
    assert "always()" in upload["if"]
    uploaded = set(upload["with"]["path"].split())
    # Where the report command writes, when run as bin/smoke runs it.
    (tmp_path / "reports" / "allure-results").mkdir(parents=True)
    assert report_main(["summary", "--results", str(tmp_path / "reports" / "allure-results"),
                        "--html", str(tmp_path / "reports" / "smoke-report.html")]) == 0
    capsys.readouterr()
    written = {str(path.relative_to(tmp_path)) for path in (tmp_path / "reports").glob("summary.*")}
    assert written and written <= uploaded
    assert "reports/smoke-report.html" in uploaded


def test_actions_are_pinned_to_a_major_version(job):
    for step in job["steps"]:
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", step["uses"]), step["uses"]
