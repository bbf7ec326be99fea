"""No secret reaches anything a run writes: console, JUnit, Allure results, the HTML report, the summary.

The whole suite runs against a reference stack seeded with canary secrets, with faults that
make scenarios fail (failure messages and evidence are where secrets would leak) and with
`echo-secrets`, which makes the Shopify API echo the Authorization header and every token it
knows into each answer, `echo-encoded-secrets` (the token hex, base64 after a prefix, split by a
line break) and `token-in-release` (the token in the release string, where a cut falls inside it). Then the report is built, and every file is searched.
"""
import subprocess
import sys

import pytest

from canaries import canary, hits
from suite import environment, run_suite

FAILING_FAULTS = ("echo-secrets,echo-encoded-secrets,token-in-release,enqueue-broken,auth-open,"
                  "shop-domain-is-credential,health-not-ok,reports-not-embedded")


def build_report(run):
    done = subprocess.run([sys.executable, "-m", "astronote_smoke.report", "build",
                           "--results", str(run.reports / "allure"),
                           "--html", str(run.reports / "smoke-report.html")],
                          cwd=run.folder, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout
    return done.stdout


SIGN_IN = {"SHOPIFY_SESSION_TOKEN": canary("Shop"), "RETAIL_PASSWORD": canary("Pass")}
ACCESS_TOKEN = {"SHOPIFY_SESSION_TOKEN": canary("Shop"), "RETAIL_ACCESS_TOKEN": canary("Access")}


@pytest.mark.parametrize("secrets, runner", [
    pytest.param(SIGN_IN, "behave", id="password and the token obtained at sign-in, behave"),
    pytest.param(SIGN_IN, "parallel", id="password and the token obtained at sign-in, parallel workers"),
    pytest.param(ACCESS_TOKEN, "behave", id="a retail access token the API refuses, behave"),
])
def test_no_secret_in_any_output_of_a_failing_run(secrets, runner, tmp_path):
    run = run_suite(settings={**secrets, "SMOKE_STACK_FAULTS": FAILING_FAULTS}, runner=runner, folder=tmp_path)
    failed = {case for case, outcome in run.outcomes.items() if outcome.status in ("failed", "error")}
    assert run.exit_code == 1 and {"D2", "F2", "G1", "I2"} <= failed, run.console[-3000:]
    console = run.console + build_report(run)
    assert (run.reports / "smoke-report.html").stat().st_size > 0
    assert (run.reports / "summary.md").is_file()
    assert hits(secrets, run.reports, console) == []


def test_the_search_finds_a_secret_in_every_form_it_looks_for(tmp_path):
    """The canary search itself: a leak written raw, encoded or as a JWT is found."""
    import base64
    from urllib.parse import quote

    secret = canary("Probe")
    (tmp_path / "raw.txt").write_text(f"token={secret}")
    (tmp_path / "url.txt").write_text(f"?t={quote(secret, safe='')}")
    (tmp_path / "basic.txt").write_text(base64.b64encode(f"user:{secret}".encode()).decode())
    (tmp_path / "jwt.txt").write_text("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.c2lnbmF0dXJl")
    html = base64.b64encode(f'{{"message": "{secret}"}}'.encode()).decode()
    (tmp_path / "report.html").write_text(f'<script>d("data/test-results/x.json","{html}")</script>')
    (tmp_path / "hex.txt").write_text(secret.encode().hex().upper())
    (tmp_path / "split.txt").write_text(f'"{secret[:13]}\n{secret[13:]}"')
    (tmp_path / "cut.json").write_text(f'{{"release": "2.8.1+{secret[:5]}\\u2026 (cut at 80 of 98 characters)"}}')
    found = hits({"PROBE": secret}, tmp_path, console="")
    for name in ("raw.txt", "url.txt", "basic.txt", "jwt.txt", "report.html → data/test-results/x.json", "hex.txt",
                 "split.txt", "cut.json"):
        assert any(hit.endswith(name) for hit in found), (name, found)
