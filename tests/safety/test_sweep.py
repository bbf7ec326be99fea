"""`python -m astronote_smoke sweep`: leftovers of earlier runs, found by name and cleaned up as the contract says."""
import datetime
import sqlite3
import subprocess
import sys

from shop_records import campaigns_named, plant, run_id
from suite import environment


def sweep(stack, *options, settings=None, cwd):
    done = subprocess.run([sys.executable, "-m", "astronote_smoke", "sweep", *options], cwd=cwd,
                          env=environment({**stack.env, **(settings or {})}), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=60)
    return done.returncode, done.stdout


def plant_leftovers(stack, run):
    """What a killed run leaves: a draft, a sending campaign, a sent one; and a merchant's look-alike."""
    plant(stack, f"smoke-{run}-I1")
    plant(stack, f"smoke-{run}-I2", enqueue=True)
    plant(stack, f"smoke-{run}-I3", enqueue=True, status="sent")
    plant(stack, "smoke-test promo for the summer")


def test_the_sweep_deletes_drafts_cancels_then_deletes_sending_keeps_sent_and_says_how_many(start_stack, tmp_path):
    stack = start_stack("worker-stopped")
    run = run_id()
    plant_leftovers(stack, run)
    plant(stack, f"smoke-{run}-I4", enqueue=True, status="cancelled")
    code, output = sweep(stack, "--min-age", "0", cwd=tmp_path)
    assert code == 0, output
    assert "4 campaigns found: 2 deleted, 1 cancelled, 1 kept as records" in output, output
    assert campaigns_named(stack, f"smoke-{run}-") == {f"smoke-{run}-I3": "sent"}
    assert campaigns_named(stack, "smoke-test promo") == {"smoke-test promo for the summer": "draft"}
    # A second sweep finds only the record of the run, and changes nothing.
    code, output = sweep(stack, "--min-age", "0", "--run-id", run, cwd=tmp_path)
    assert code == 0 and "1 campaign found: 0 deleted, 0 cancelled, 1 kept as records" in output, output


def test_the_sweep_leaves_young_campaigns_to_the_run_that_may_still_use_them(start_stack, tmp_path):
    stack = start_stack("worker-stopped")
    run = run_id()
    plant_leftovers(stack, run)
    code, output = sweep(stack, "--run-id", run, cwd=tmp_path)
    assert code == 0, output
    assert "2 left alone (younger than the minimum age)" in output, output
    assert campaigns_named(stack, f"smoke-{run}-")[f"smoke-{run}-I1"] == "draft"


def test_a_dry_run_and_writes_switched_off_only_list(start_stack, tmp_path):
    stack = start_stack("worker-stopped")
    run = run_id()
    plant_leftovers(stack, run)
    before = campaigns_named(stack, f"smoke-{run}-")
    code, output = sweep(stack, "--min-age", "0", "--dry-run", cwd=tmp_path)
    assert code == 1 and "2 to clean up (dry run: nothing changed)" in output, output
    code, output = sweep(stack, "--min-age", "0", settings={"SMOKE_ALLOW_WRITES": "no"}, cwd=tmp_path)
    assert code == 1 and "SMOKE_ALLOW_WRITES is no: listing only" in output, output
    assert campaigns_named(stack, f"smoke-{run}-") == before


def test_the_sweep_needs_a_target_and_the_test_shop(start_stack, tmp_path):
    stack = start_stack()
    code, output = sweep(stack, settings={"WEB_URL": None, "SHOPIFY_API_URL": None, "RETAIL_API_URL": None}, cwd=tmp_path)
    assert code == 2 and output.startswith("configuration error: SHOPIFY_API_URL is not set"), output
    code, output = sweep(stack, settings={"SHOPIFY_SESSION_TOKEN": ""}, cwd=tmp_path)
    assert code == 2 and "SHOPIFY_SESSION_TOKEN must be set" in output, output


def test_the_sweep_finds_a_leftover_behind_more_than_forty_newer_campaigns(start_stack, tmp_path):
    """The real list answers the newest 20 and ignores `search`: the sweep must page to find older leftovers."""
    stack = start_stack("worker-stopped")
    run = run_id()
    leftover = plant(stack, f"smoke-{run}-I1")
    with sqlite3.connect(stack.db_path, timeout=5) as db:
        db.execute("UPDATE campaigns SET created_at = ? WHERE id = ?", (_iso(-3600), leftover))
        for number in range(150):
            db.execute("INSERT INTO campaigns (id, shop, name, message, audience, schedule_type, status, created_at, "
                       "updated_at) SELECT ?, shop, ?, message, audience, schedule_type, 'draft', ?, ? FROM campaigns "
                       "WHERE id = ?", (f"cmerchant{number}", f"Summer promo {number}", _iso(-number), _iso(-number),
                                        leftover))
    code, output = sweep(stack, "--min-age", "0", "--run-id", run, cwd=tmp_path)
    assert code == 0 and "1 campaign found: 1 deleted" in output, output
    assert campaigns_named(stack, f"smoke-{run}-") == {}
    assert len(campaigns_named(stack, "Summer promo ")) == 150


def _iso(offset_s: float) -> str:
    moment = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=offset_s)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
