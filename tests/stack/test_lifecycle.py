"""Starting and stopping the stack: what it reports, how it is configured,
how it fails, and that no process outlives it, however its parent ends."""

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from stack_support import PROJECT_ROOT_ENV, call, get, stack_processes
from tests.support.stack import eventually

from astronote_smoke.errors import ConfigError
from astronote_smoke.stack import FAULTS, ReferenceStack, StackError, process, store
from astronote_smoke.stack.faults import parse_faults


def test_start_reports_urls_seed_and_database(healthy):
    assert set(healthy.urls) == {"WEB_URL", "SHOPIFY_API_URL", "RETAIL_API_URL"}
    assert all(url.startswith("http://127.0.0.1:") for url in healthy.urls.values())
    assert set(healthy.env) == set(healthy.urls) | {
        "SHOPIFY_SHOP_DOMAIN", "SHOPIFY_SESSION_TOKEN", "RETAIL_EMAIL", "RETAIL_PASSWORD",
        "SHORT_LINK_TOKEN", "SHORT_LINK_DESTINATION",
    }
    assert healthy.env["SHOPIFY_SHOP_DOMAIN"] == "smoke-test.myshopify.com"
    assert healthy.env["SHORT_LINK_TOKEN"].isalnum() and len(healthy.env["SHORT_LINK_TOKEN"]) == 8
    assert os.path.exists(healthy.db_path)
    assert len(stack_processes(healthy.db_path)) == 4


def test_stop_ends_every_process_and_removes_the_database():
    stack = ReferenceStack().start()
    assert stack_processes(stack.db_path)
    stack.stop()
    assert stack_processes(stack.db_path) == []
    assert not os.path.exists(os.path.dirname(stack.db_path))
    stack.stop()  # idempotent


def test_a_running_stack_cannot_start_again(healthy):
    with pytest.raises(RuntimeError, match="already running"):
        healthy.start()


def test_secrets_are_random_per_start(start_stack):
    first, second = start_stack(), start_stack()
    for name in ("SHOPIFY_SESSION_TOKEN", "RETAIL_PASSWORD", "SHORT_LINK_TOKEN"):
        assert first.env[name] != second.env[name]


def test_seed_overrides_the_test_data(start_stack):
    seed = {"SHOPIFY_SHOP_DOMAIN": "given.myshopify.com", "SHOPIFY_SESSION_TOKEN": "given-token",
            "RETAIL_PASSWORD": "given-password", "SHORT_LINK_TOKEN": "Given123"}
    stack = start_stack(seed=seed)
    assert seed.items() <= stack.env.items()
    headers = {"X-Shopify-Shop-Domain": "given.myshopify.com", "Authorization": "Bearer given-token"}
    assert get(stack.urls["SHOPIFY_API_URL"] + "/dashboard", headers=headers).status_code == 200
    credentials = {"email": stack.env["RETAIL_EMAIL"], "password": "given-password"}
    assert call("POST", stack.urls["RETAIL_API_URL"] + "/api/auth/login", json=credentials).status_code == 200
    assert get(stack.urls["SHOPIFY_API_URL"] + "/r/Given123").status_code == 302


def test_unknown_fault_is_refused_with_the_valid_names():
    with pytest.raises(ValueError) as refusal:
        ReferenceStack(faults=["no-such-fault"])
    assert "no-such-fault" in str(refusal.value)
    assert all(name in str(refusal.value) for name in FAULTS)


@pytest.mark.parametrize("specs, faults", [
    (["cold-start"], {"cold-start": 5.0}),
    (["cold-start=20", "slow"], {"cold-start": 20.0, "slow": None}),
])
def test_fault_parameters(specs, faults):
    assert parse_faults(specs) == faults


@pytest.mark.parametrize("spec", ["slow=3", "cold-start=soon", "cold-start=0"])
def test_malformed_fault_parameters_are_refused(spec):
    with pytest.raises(ValueError, match=spec.partition("=")[0]):
        parse_faults([spec])


@pytest.mark.parametrize("options", [{"latency_ms": -1}, {"seed": {"RETAIL_TOKEN": "x"}}])
def test_malformed_options_are_refused(options):
    with pytest.raises(ValueError):
        ReferenceStack(**options)


def test_from_env_reads_faults_latency_and_seed():
    stack = ReferenceStack.from_env({
        "SMOKE_STACK_FAULTS": "slow, cold-start=2,",
        "SMOKE_STACK_LATENCY_MS": "25",
        "RETAIL_EMAIL": "someone@astronote.test",
        "WEB_URL": "",
    })
    assert stack.faults == {"slow": None, "cold-start": 2.0}
    assert stack.latency_ms == 25
    assert stack.seed_overrides == {"RETAIL_EMAIL": "someone@astronote.test"}


def test_from_env_refuses_malformed_latency():
    with pytest.raises(ConfigError, match="SMOKE_STACK_LATENCY_MS must be a whole number"):
        ReferenceStack.from_env({"SMOKE_STACK_LATENCY_MS": "fast"})


def test_a_child_that_dies_at_start_is_reported_with_its_stderr(monkeypatch):
    monkeypatch.setattr(process, "CHILD_MODULE", "astronote_smoke.stack.no_such_module")
    stack = ReferenceStack()
    with pytest.raises(StackError, match="exited with code 1") as failure:
        stack.start()
    assert "No module named" in str(failure.value)
    assert stack_processes(stack.db_path) == []
    assert not os.path.exists(os.path.dirname(stack.db_path))


def test_a_child_exits_when_its_stdin_closes(tmp_path):
    db_path = str(tmp_path / "stack.sqlite3")
    store.create(db_path, {
        "SHOPIFY_SHOP_DOMAIN": "a.myshopify.com", "SHOPIFY_SESSION_TOKEN": "t", "RETAIL_EMAIL": "e",
        "RETAIL_PASSWORD": "p", "SHORT_LINK_TOKEN": "s", "SHORT_LINK_DESTINATION": "https://d.example",
    })
    context = {"db_path": db_path, "urls": {}, "faults": {}, "latency_ms": 0,
               "started_at": 0, "log_requests": False}
    worker = process.launch("worker", json.dumps(context))
    process.wait_ready([worker], timeout=10)
    worker.popen.stdin.close()
    assert worker.popen.wait(timeout=5) == 0
    worker.popen.stdout.close()


def test_no_process_outlives_a_killed_parent():
    script = textwrap.dedent("""
        import time
        from astronote_smoke.stack import ReferenceStack
        print(ReferenceStack().start().db_path, flush=True)
        time.sleep(60)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=PROJECT_ROOT_ENV)
    db_path = parent.stdout.readline().strip()
    try:
        assert len(stack_processes(db_path)) == 4
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        assert eventually(lambda: stack_processes(db_path) == []), stack_processes(db_path)
    finally:
        parent.stdout.close()
        # A killed parent cannot remove its temporary directory.
        subprocess.run(["rm", "-rf", os.path.dirname(db_path)], check=True)


@pytest.mark.parametrize("ending", [signal.SIGINT, signal.SIGTERM])
def test_serve_runs_until_interrupted(ending):
    serve = subprocess.Popen(
        [sys.executable, "-m", "astronote_smoke.stack", "serve", "--fault", "light-theme"],
        stdout=subprocess.PIPE, text=True, env=PROJECT_ROOT_ENV,
    )
    try:
        lines = []
        while not lines or not lines[-1].startswith("# Ctrl-C"):
            lines.append(serve.stdout.readline())
            assert lines[-1], "serve ended before it was ready"
        values = dict(line.strip().split("=", 1) for line in lines if not line.startswith("#"))
        db_path = next(line.split(": ", 1)[1].strip() for line in lines if line.startswith("# database:"))
        assert get(values["SHOPIFY_API_URL"] + "/health").status_code == 200
        assert values["RETAIL_PASSWORD"] and values["SHOPIFY_SESSION_TOKEN"]
        assert len(stack_processes(db_path)) == 4
        serve.send_signal(ending)
        assert serve.wait(timeout=10) == 0
        assert stack_processes(db_path) == []
        assert not os.path.exists(db_path)
    finally:
        serve.kill()
        serve.wait()
        serve.stdout.close()


def test_serve_refuses_an_unknown_fault():
    result = subprocess.run(
        [sys.executable, "-m", "astronote_smoke.stack", "serve", "--fault", "nope"],
        capture_output=True, text=True, env=PROJECT_ROOT_ENV, timeout=30,
    )
    assert result.returncode == 2
    assert "unknown fault 'nope'" in result.stderr


def test_every_fault_is_exercised_by_a_test():
    tests = "".join(path.read_text() for path in Path(__file__).parent.glob("test_*.py"))
    assert [name for name in FAULTS if f'"{name}' not in tests] == []
