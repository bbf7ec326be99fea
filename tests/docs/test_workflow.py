"""The CI workflow (.github/workflows/smoke.yml): which deploys start a run, once per release, its target
stated and checked, secrets from the store, the history kept, and the report linked from the job summary.

Its `if` expression is evaluated for sample events by a small reading of GitHub's expression
language (enough for the operators the file uses), and its shell steps are run with bash, with a
stand-in `gh` on PATH.
"""
from __future__ import annotations

import os
import re
import shlex
import stat
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from astronote_smoke.config import SECRET_VARIABLES, TARGET_VARIABLES
from astronote_smoke.outcome import PASSED, Outcome, RunRecord, write_outcomes
from astronote_smoke.report.__main__ import main as report_main
from astronote_smoke.report.history import HISTORY_FILE

PROJECT_ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = PROJECT_ROOT / ".github" / "workflows" / "smoke.yml"
README = PROJECT_ROOT / "README.md"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
SERVICES = "astronote-web astronote-shopify-api astronote-retail-api"


@pytest.fixture(scope="module")
def workflow():
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def job(workflow):
    (only,) = workflow["jobs"].values()
    return only


def step(job, name_start: str) -> dict:
    (found,) = [item for item in job["steps"] if item.get("name", "").startswith(name_start)]
    return found


def step_using(job, action: str) -> list[dict]:
    return [item for item in job["steps"] if item.get("uses", "").split("@")[0] == action]


class Context(SimpleNamespace):
    """An expression context: a missing property is null, as in GitHub's expressions."""

    def __getattr__(self, name):
        return None


def context(value):
    if isinstance(value, dict):
        return Context(**{key.replace("-", "_"): context(item) for key, item in value.items()})
    return value


def evaluate(expression: str, **contexts):
    """GitHub's expression language for what this workflow uses: ==, !, &&, ||, contains, format, '...'."""
    python = re.sub(r"'((?:[^']|'')*)'", lambda m: repr(m.group(1).replace("''", "'")), expression)
    python = python.replace("&&", " and ").replace("||", " or ")
    python = re.sub(r"!(?!=)", " not ", python)

    def contains(haystack, needle):
        return (needle or "").lower() in (haystack or "").lower()

    def format_(template, *values):
        return re.sub(r"\{(\d+)\}", lambda m: "" if values[int(m[1])] is None else str(values[int(m[1])]), template)
    names = {name: context(value) for name, value in contexts.items()}
    return eval(python.replace("format(", "format_("), {"__builtins__": {}},  # noqa: S307 - our own file
                {**names, "contains": contains, "format_": format_})


def deploy_event(environment: str, state: str = "success", transient: bool = False, sha: str = "abc123") -> dict:
    return {"event_name": "deployment_status", "sha": "main-head",
            "event": {"deployment_status": {"state": state},
                      "deployment": {"environment": environment, "transient_environment": transient, "sha": sha}}}


@pytest.mark.parametrize(("github", "services", "runs"), [
    (deploy_event("astronote-shopify-api"), SERVICES, True),
    (deploy_event("astronote-shopify-api", state="in_progress"), SERVICES, False),
    (deploy_event("astronote-shopify-api", state="failure"), SERVICES, False),
    (deploy_event("astronote-shopify-api-pr-42", transient=True), SERVICES, False),  # a preview
    (deploy_event("astronote-web-staging"), SERVICES, False),
    (deploy_event("astronote"), SERVICES, False),  # part of a name is not a service
    (deploy_event("astronote-web"), None, False),   # RELEASE_SERVICES unset: no deploy starts a run
    ({"event_name": "workflow_dispatch"}, None, True),
], ids=["production", "in-progress", "failed", "preview", "staging", "partial-name", "unset", "dispatch"])
def test_only_a_production_service_s_success_or_a_dispatch_starts_a_run(job, github, services, runs):
    assert bool(evaluate(job["if"], github=github, vars={"RELEASE_SERVICES": services})) is runs


def test_one_run_per_release_and_no_deployment_of_its_own(workflow, job):
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert set(triggers) == {"deployment_status", "workflow_dispatch"}
    group = EXPRESSION.search(workflow["concurrency"]["group"]).group(1)
    assert evaluate(group, github=deploy_event("astronote-web", sha="abc123")) == "abc123"
    cancel = EXPRESSION.search(workflow["concurrency"]["cancel-in-progress"]).group(1)
    assert evaluate(cancel, github=deploy_event("astronote-web")) is True
    assert evaluate(cancel, github={"event_name": "workflow_dispatch"}) is False
    assert job["environment"] == {"name": "production", "deployment": False}
    assert job["concurrency"] == {"group": "release-smoke", "cancel-in-progress": False}
    assert "deployment_status" in step(job, "Wait until no service")["if"]


def test_the_workflow_calls_the_readme_commands(workflow, job):
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    commands = [line.split("#")[0].strip() for block in blocks for line in block.splitlines() if line.split("#")[0].strip()]
    assert "bin/smoke" in commands
    (gate,) = [command for command in commands if command.startswith("behave ")]
    assert shlex.split(gate)[1:] == ["--tags=@prod"]
    assert step(job, "Run the release gate")["run"] == 'bin/smoke --tags="$TAGS"'
    assert "'@prod'" in job["env"]["TAGS"]
    assert workflow[True]["workflow_dispatch"]["inputs"]["tags"]["default"] == "@prod"


def test_secrets_come_from_the_secret_store_and_the_target_from_variables(job):
    environ = job["env"]
    # The webhook is the watch workflow's alone: the release job gets no secret it does not use.
    for name in set(SECRET_VARIABLES) - {"SMOKE_NOTIFY_WEBHOOK"}:
        assert EXPRESSION.fullmatch(environ[name]).group(1) == f"secrets.{name}", name
    assert "SMOKE_NOTIFY_WEBHOOK" not in environ
    for name in TARGET_VARIABLES:
        assert EXPRESSION.fullmatch(environ[name]).group(1) == f"vars.{name}", name
    for name, value in environ.items():
        assert EXPRESSION.search(str(value)), f"{name} is written in the file instead of the store"


def test_a_deployment_expects_a_changed_build_and_a_dispatch_what_it_names(workflow, job):
    expression = EXPRESSION.search(job["env"]["SMOKE_EXPECT_RELEASE"]).group(1)
    assert evaluate(expression, github=deploy_event("astronote-web"), inputs={}) == "changed"
    assert evaluate(expression, github={"event_name": "workflow_dispatch"},
                    inputs={"expect_release": "run=gh41-1"}) == "run=gh41-1"
    assert not evaluate(expression, github={"event_name": "workflow_dispatch"}, inputs={"expect_release": ""})
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["workflow_dispatch"]["inputs"]["expect_release"]["required"] is False


def test_the_history_is_restored_before_the_run_and_saved_after(job):
    (restore,) = step_using(job, "actions/cache/restore")
    (save,) = step_using(job, "actions/cache/save")
    assert restore["with"]["path"] == save["with"]["path"] == f"reports/{HISTORY_FILE}"
    assert save["with"]["key"].startswith(restore["with"]["restore-keys"])
    steps = job["steps"]
    assert steps.index(restore) < steps.index(step(job, "Run the release gate")) < steps.index(save)
    assert "always()" in save["if"]


def run_step(job, name_start: str, tmp_path: Path, **environ) -> subprocess.CompletedProcess:
    """Run a step's script with bash as the runner would, a stand-in `gh` first on PATH."""
    summary = tmp_path / "step-summary.md"
    env = {"PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}", "GITHUB_STEP_SUMMARY": str(summary),
           "GITHUB_REPOSITORY": "astronote/astronote", **environ}
    return subprocess.run(["bash", "-e", "-c", step(job, name_start)["run"]], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)


def fake_gh(tmp_path: Path, states: dict[str, list[str]]) -> None:
    """`gh api`: deployment 1 for each service; its status is the next of `states[service]` (the last repeats)."""
    (tmp_path / "bin").mkdir(exist_ok=True)
    lines = ["#!/usr/bin/env bash", 'url="$2"', 'case "$url" in']
    for number, (service, sequence) in enumerate(states.items(), start=1):
        lines.append(f'  *environment={service}\\&*) echo {number} ;;')
        counter = tmp_path / f"count-{number}"
        answers = " ".join(sequence)
        lines.append(f'  */deployments/{number}/statuses*) n=$(cat {counter} 2>/dev/null || echo 0); '
                     f'echo $((n + 1)) > {counter}; a=({answers}); i=$(( n < ${{#a[@]}} ? n : ${{#a[@]}} - 1 )); '
                     f'echo "${{a[$i]}}" ;;')
    lines += ["esac"]
    gh = tmp_path / "bin" / "gh"
    gh.write_text("\n".join(lines) + "\n", encoding="utf-8")
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)


def test_the_run_waits_while_a_service_of_the_release_is_still_deploying(job, tmp_path):
    fake_gh(tmp_path, {"astronote-web": ["success"], "astronote-shopify-api": ["in_progress", "in_progress", "success"]})
    done = run_step(job, "Wait until no service", tmp_path, RELEASE_SERVICES="astronote-web astronote-shopify-api",
                    WAIT_S="60", POLL_S="0")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("astronote-shopify-api: in_progress") == 2
    assert done.stdout.strip().endswith("astronote-shopify-api: success")


def test_the_wait_gives_up_naming_the_service(job, tmp_path):
    fake_gh(tmp_path, {"astronote-web": ["success"], "astronote-retail-api": ["queued"]})
    stuck = run_step(job, "Wait until no service", tmp_path, RELEASE_SERVICES="astronote-web astronote-retail-api",
                     WAIT_S="0", POLL_S="0")
    assert stuck.returncode == 1
    assert "::error::still deploying after 0 s: astronote-retail-api" in stuck.stdout


def test_a_missing_target_variable_stops_the_job_with_2_naming_it(job, tmp_path):
    urls = {"WEB_URL": "https://astronote.example", "SHOPIFY_API_URL": "https://s.example",
            "RETAIL_API_URL": "https://r.example"}
    assert run_step(job, "State the target", tmp_path, **urls).returncode == 0
    empty = run_step(job, "State the target", tmp_path, **{**urls, "SHOPIFY_API_URL": ""})
    assert empty.returncode == 2
    assert "::error::SHOPIFY_API_URL is not set in the production environment's variables" in empty.stdout


def test_the_job_names_the_commit_and_the_service(job, tmp_path):
    commit = EXPRESSION.search(job["env"]["COMMIT"]).group(1)
    trigger = EXPRESSION.search(job["env"]["TRIGGERED_BY"]).group(1)
    github = deploy_event("astronote-retail-api", sha="abc123")
    environ = {"COMMIT": evaluate(commit, github=github), "TRIGGERED_BY": evaluate(trigger, github=github),
               "TAGS": "@prod"}
    assert run_step(job, "Name the commit", tmp_path, **environ).returncode == 0
    assert (tmp_path / "step-summary.md").read_text(encoding="utf-8") == \
           "Release smoke of commit `abc123`, started by `astronote-retail-api`, tags `@prod`\n"
    assert step_using(job, "actions/checkout")[0]["with"]["ref"] == "${{ env.COMMIT }}"


def test_the_job_summary_starts_with_the_verdict_and_links_the_uploaded_report(job, tmp_path, capsys):
    reports = tmp_path / "reports"
    outcome = Outcome("A1", "A1 Marketing landing page loads", "A Web landing page", ("Web",), "blocker",
                      "prospects see the site", PASSED)
    write_outcomes(reports, RunRecord("gh1-1", {"WEB_URL": "https://astronote.example"}, "@prod", 1, 1), [outcome])
    assert report_main(["summary", "--reports", str(reports)]) == 0
    capsys.readouterr()
    (upload,) = step_using(job, "actions/upload-artifact")
    assert "always()" in upload["if"]
    uploaded = set(upload["with"]["path"].split())
    assert {f"reports/{path.name}" for path in reports.glob("summary.*")} <= uploaded
    assert "reports/smoke-report.html" in uploaded
    show = step(job, "Show the sign-off summary")
    assert job["steps"].index(show) > job["steps"].index(upload)
    assert show["env"]["REPORT_URL"] == "${{ steps.upload.outputs.artifact-url }}" and upload["id"] == "upload"
    assert run_step(job, "Show the sign-off summary", tmp_path, REPORT_URL="https://github.example/a/1").returncode == 0
    lines = (tmp_path / "step-summary.md").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# GO: release verdict on 1 checks"
    assert lines[2] == "Report and summary: https://github.example/a/1"


def test_actions_are_pinned_to_a_major_version(job):
    for item in job["steps"]:
        if "uses" in item:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", item["uses"]), item["uses"]
