"""Bad configuration stops the run with exit code 2 before any request, in one line naming the variable."""
import socket
import threading
from pathlib import Path

import pytest

from suite import run_suite


@pytest.fixture
def listener():
    """A TCP port that counts the connections made to it: a run that stops in time makes none."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    connections = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except OSError:
                continue
            connections.append(connection)
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.getsockname()[1]}"
    yield url, connections
    stop.set()
    thread.join()
    server.close()


def targets(url):
    return {"WEB_URL": url, "SHOPIFY_API_URL": url, "RETAIL_API_URL": url}


def bad_env_file(folder: Path):
    (folder / ".env").write_bytes(b"SHOPIFY_SESSION_TOKEN=\xff\xfe not text\n")
    return {"SMOKE_ENV_FILE": None}


CASES = {
    "malformed URL": ({"WEB_URL": "https://astro note.onrender.com"}, "WEB_URL has an invalid host name"),
    "URL without scheme": ({"SHOPIFY_API_URL": "astronote-shopify.onrender.com"},
                           "SHOPIFY_API_URL must start with http:// or https://"),
    "URL with a password": ({"RETAIL_API_URL": "https://user:hunter22@retail.example"},
                            "RETAIL_API_URL must not hold a user name or password"),
    "only some URLs": ({"SHOPIFY_API_URL": None, "RETAIL_API_URL": None}, "SHOPIFY_API_URL, RETAIL_API_URL must be set too"),
    "a URL set but empty": ({"RETAIL_API_URL": ""}, "RETAIL_API_URL is set but empty"),
    "non-numeric timeout": ({"SMOKE_TIMEOUT": "ten"}, "SMOKE_TIMEOUT must be a number, got 'ten'"),
    "CA bundle that does not exist": ({"REQUESTS_CA_BUNDLE": "/nonexistent/ca.pem"},
                                      "REQUESTS_CA_BUNDLE names '/nonexistent/ca.pem', which does not exist"),
    "run id that cannot name a campaign": ({"SMOKE_RUN_ID": "release 42!"}, "SMOKE_RUN_ID must be"),
    "writes switch that is neither yes nor no": ({"SMOKE_ALLOW_WRITES": "maybe"}, "SMOKE_ALLOW_WRITES must be yes or no"),
}


def assert_stopped_before_any_request(run, expected, connections):
    lines = [line for line in run.console.splitlines() if line.startswith("configuration error")]
    assert run.exit_code == 2, run.console
    assert lines == [lines[0]] and lines[0].startswith(f"configuration error: {expected}"), run.console
    assert "Traceback" not in run.console
    assert "Target: local reference stack" not in run.console
    assert connections == []


@pytest.mark.parametrize("case", CASES)
def test_a_bad_value_stops_the_run_naming_the_variable(listener, case, tmp_path):
    url, connections = listener
    settings, expected = CASES[case]
    run = run_suite(settings={**targets(url), **settings}, folder=tmp_path)
    assert_stopped_before_any_request(run, expected, connections)


@pytest.mark.parametrize("runner", ["behave", "parallel"])
def test_a_bad_value_stops_the_run_before_the_reference_stack_starts(listener, runner, tmp_path):
    _, connections = listener
    run = run_suite(settings={"SMOKE_TIMEOUT": "ten"}, runner=runner, folder=tmp_path)
    assert_stopped_before_any_request(run, "SMOKE_TIMEOUT must be a number", connections)


@pytest.mark.parametrize("runner", ["behave", "parallel"])
def test_an_unknown_tag_stops_the_run_naming_it(listener, runner, tmp_path):
    url, connections = listener
    run = run_suite("--tags=@prod and not @wirtes", settings=targets(url), runner=runner, folder=tmp_path)
    assert_stopped_before_any_request(run, "--tags names @wirtes, which no scenario has", connections)


def test_an_unreadable_env_file_stops_the_run_naming_it(listener, tmp_path):
    url, connections = listener
    run = run_suite(settings={**targets(url), **bad_env_file(tmp_path)}, folder=tmp_path)
    assert_stopped_before_any_request(run, ".env cannot be read (UnicodeDecodeError)", connections)


def earlier_outputs(folder: Path) -> dict[Path, str]:
    """What an earlier, passing run left in the reports folder."""
    reports = folder / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    outputs = {reports / "summary.md": "# Verdict: GO (35 scenarios)\n", reports / "summary.json": '{"verdict": "GO"}',
               reports / "smoke-report.html": "<h1>GO</h1>", reports / "outcomes.json": '{"outcomes": []}'}
    for path, text in outputs.items():
        path.write_text(text)
    return outputs


@pytest.mark.parametrize("runner", ["behave", "parallel"])
@pytest.mark.parametrize("where", ["environment", ".env"])
def test_a_target_set_but_empty_stops_the_run_and_leaves_no_earlier_verdict_as_current(listener, runner, where,
                                                                                        tmp_path):
    # As in a CI job whose repository variables are missing: WEB_URL is there, and empty.
    _, connections = listener
    earlier = earlier_outputs(tmp_path)
    if where == ".env":
        (tmp_path / ".env").write_text("WEB_URL=\n")
        settings = {"SMOKE_ENV_FILE": None}
    else:
        settings = {"WEB_URL": ""}
    run = run_suite(settings=settings, runner=runner, folder=tmp_path)
    assert_stopped_before_any_request(run, "WEB_URL is set but empty", connections)
    assert_no_earlier_output_left(earlier, run)


def assert_no_earlier_output_left(earlier: dict[Path, str], run):
    left = [path.name for path, text in earlier.items() if path.exists() and path.read_text() == text]
    assert left == [], f"{left} of the earlier run still read as current:\n{run.console}"


def test_a_bad_worker_count_leaves_no_earlier_verdict_as_current(tmp_path):
    # The main command checks SMOKE_WORKERS before behave starts: it stops there, and withdraws the same outputs.
    earlier = earlier_outputs(tmp_path)
    run = run_suite(settings={"SMOKE_WORKERS": "0"}, runner="parallel", folder=tmp_path)
    assert run.exit_code == 2, run.console
    assert run.console.startswith("configuration error: SMOKE_WORKERS must be a whole number of at least 1"), run.console
    assert_no_earlier_output_left(earlier, run)


def stack_folders(tmp: Path) -> list[str]:
    return sorted(path.name for path in tmp.glob("astronote-stack-*"))


@pytest.mark.parametrize("runner", ["behave", "parallel"])
@pytest.mark.parametrize("case", ["known issues file that does not parse", "known issues file missing"])
def test_a_configuration_error_after_the_stack_started_leaves_no_stack_folder(runner, case, tmp_path):
    # The reference stack has started when the known issues are read: it is stopped and its folder removed.
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    broken = tmp_path / "known-issues.toml"
    if case == "known issues file that does not parse":
        broken.write_text("[[issue]\nid = \n", encoding="utf-8")
    run = run_suite(settings={"SMOKE_KNOWN_ISSUES": str(broken), "TMPDIR": str(tmp)}, runner=runner,
                    folder=tmp_path / "run", plain=False)  # without the plain formatter, the main command forks
    lines = [line for line in run.console.splitlines() if line.startswith("configuration error")]
    assert run.exit_code == 2, run.console
    assert len(lines) == 1 and str(broken) in lines[0], run.console
    assert "Traceback" not in run.console and "ABORTED" not in run.console, run.console
    assert "features passed" not in run.console, "a stopped run counted the features it did not run"
    assert "Target: local reference stack" in run.console  # the stack had started
    assert stack_folders(tmp) == [], run.console
    assert not list((tmp_path / "run" / "reports").glob("junit/*.xml")), "a stopped run wrote JUnit results"


SECRET_FLAWS = {
    "a zero-width space in the session token": (".env", "SHOPIFY_SESSION_TOKEN", "shpss_9f3a61\u200bc2e07b4d58",
                                                "SHOPIFY_SESSION_TOKEN holds an invisible character (U+200B, zero "
                                                "width space) at position 13"),
    "CR LF after the access token": ("environment", "RETAIL_ACCESS_TOKEN", "eyJ-not-a-jwt-9f3a61c2e07b\r\n",
                                     "RETAIL_ACCESS_TOKEN holds a line break (CR, U+000D) at position 27"),
}


@pytest.mark.parametrize("runner", ["behave", "parallel"])
@pytest.mark.parametrize("case", SECRET_FLAWS)
def test_a_secret_that_cannot_be_sent_stops_the_run_before_any_request(listener, runner, case, tmp_path):
    url, connections = listener
    where, variable, value, expected = SECRET_FLAWS[case]
    if where == ".env":
        (tmp_path / ".env").write_text(f'{variable}="{value}"\n', encoding="utf-8")
        settings = {**targets(url), "SMOKE_ENV_FILE": None}
    else:
        settings = {**targets(url), variable: value}
    run = run_suite(settings=settings, runner=runner, folder=tmp_path)
    assert_stopped_before_any_request(run, expected, connections)
    visible = value.strip().replace("\u200b", "")
    for piece in (visible[:8], visible[-8:]):
        assert piece not in run.console, run.console
