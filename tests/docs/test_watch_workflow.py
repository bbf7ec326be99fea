"""The watch workflow (.github/workflows/watch.yml): every 10 minutes, never beside a release run on production,
the history restored and saved as the release workflow keeps it, bin/watch, the webhook from the secret store."""
from __future__ import annotations

import yaml

from astronote_smoke.config import SECRET_VARIABLES, TARGET_VARIABLES
from test_workflow import EXPRESSION, PROJECT_ROOT, WORKFLOW, step_using

WATCH_WORKFLOW = PROJECT_ROOT / ".github" / "workflows" / "watch.yml"
SCHEDULE_MINUTES = 10


def load(path):
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    return workflow, job


def test_it_runs_every_ten_minutes_and_ends_before_the_next_run_is_due():
    workflow, job = load(WATCH_WORKFLOW)
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["schedule"] == [{"cron": f"*/{SCHEDULE_MINUTES} * * * *"}]
    assert job["timeout-minutes"] < SCHEDULE_MINUTES


def test_it_shares_the_release_job_s_concurrency_group_and_cancels_nothing():
    _, release = load(WORKFLOW)
    _, watch = load(WATCH_WORKFLOW)
    assert watch["concurrency"] == release["concurrency"] == {"group": "release-smoke", "cancel-in-progress": False}
    assert watch["environment"] == release["environment"]


def test_the_history_is_the_release_workflow_s_restored_before_and_saved_after():
    _, release = load(WORKFLOW)
    _, watch = load(WATCH_WORKFLOW)
    for action in ("actions/cache/restore", "actions/cache/save"):
        (ours,), (theirs,) = step_using(watch, action), step_using(release, action)
        assert ours["with"] == theirs["with"]
    steps = watch["steps"]
    (restore,), (save,) = step_using(watch, "actions/cache/restore"), step_using(watch, "actions/cache/save")
    (run,) = [item for item in steps if item.get("run") == "bin/watch"]
    assert steps.index(restore) < steps.index(run) < steps.index(save) and "always()" in save["if"]


def test_secrets_come_from_the_store_and_the_target_from_variables():
    _, watch = load(WATCH_WORKFLOW)
    environ = watch["env"]
    for name in SECRET_VARIABLES:
        assert EXPRESSION.fullmatch(environ[name]).group(1) == f"secrets.{name}", name
    for name in TARGET_VARIABLES:
        assert EXPRESSION.fullmatch(environ[name]).group(1) == f"vars.{name}", name
    assert all(EXPRESSION.search(str(value)) for value in environ.values())
