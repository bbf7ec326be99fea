"""The builds the stand-in serves: its web app names its build as a Next.js production build does, the
same for two fetches of one build and new with a new build, and the release faults pick other builds."""

import re
import subprocess
import sys

import pytest

from astronote_smoke.errors import ConfigError
from astronote_smoke.fingerprint import api_fingerprint, web_fingerprint
from astronote_smoke.stack import ReferenceStack

from stack_support import PROJECT_ROOT_ENV, get

CHUNK = re.compile(r'<script src="/_next/static/chunks/([^"]+)"')


def landing(stack):
    return get(stack.urls["WEB_URL"] + "/").text


def test_chunks_are_content_hashed_and_the_page_names_its_build_id(healthy):
    page = landing(healthy)
    names = CHUNK.findall(page)
    assert names and all(re.fullmatch(r"[\w/()-]+-[0-9a-f]{16}\.js", name) for name in names), names
    assert re.search(r'\\"buildId\\":\\"[A-Za-z0-9_-]{21}\\"', page)
    for name in names:  # every chunk the page names is served
        assert get(healthy.urls["WEB_URL"] + "/_next/static/chunks/" + name).status_code == 200


def test_one_build_is_the_same_build_on_every_fetch_and_a_new_build_is_new(healthy, start_stack):
    first = web_fingerprint(landing(healthy))
    assert first.known and web_fingerprint(landing(healthy)) == first
    same_build = start_stack()
    assert web_fingerprint(landing(same_build)) == first
    new_build = start_stack(build=2)
    assert web_fingerprint(landing(new_build)).digest != first.digest
    assert get(new_build.urls["WEB_URL"] + "/auth/retail/login").status_code == 200


def test_a_stuck_web_deploy_serves_the_build_before_and_a_rollback_an_older_one(start_stack):
    builds = {number: web_fingerprint(landing(start_stack(build=number))).digest for number in (1, 2)}
    assert web_fingerprint(landing(start_stack("web-build-stuck", build=3))).digest == builds[2]
    assert web_fingerprint(landing(start_stack("web-rolled-back", build=3))).digest == builds[1]
    assert web_fingerprint(landing(start_stack("web-rolled-back=2", build=3))).digest == builds[2]


def test_the_shopify_api_switches_builds_after_its_first_full_health_answer(start_stack):
    stack = start_stack("shopify-switches-build")
    versions = [get(stack.urls["SHOPIFY_API_URL"] + "/health/full").json()["version"] for _ in range(3)]
    assert versions == ["1.0.0", "1.0.1", "1.0.1"]
    healthy_versions = {api_fingerprint("shopify", get(start_stack().urls["SHOPIFY_API_URL"] + "/health/full").json())
                        .shown() for _ in range(2)}
    assert healthy_versions == {"1.0.0"}


def test_the_build_comes_from_smoke_stack_build():
    assert ReferenceStack.from_env({"SMOKE_STACK_BUILD": "7"}).build == 7
    assert ReferenceStack.from_env({}).build == 1
    with pytest.raises(ConfigError, match="SMOKE_STACK_BUILD must be a whole number of at least 1, got .0."):
        ReferenceStack.from_env({"SMOKE_STACK_BUILD": "0"})


def test_serve_takes_the_build_and_refuses_a_malformed_one():
    refused = subprocess.run([sys.executable, "-m", "astronote_smoke.stack", "serve", "--build", "0"],
                             capture_output=True, text=True, env=PROJECT_ROOT_ENV, timeout=30)
    assert refused.returncode == 2 and "build must be a whole number >= 1, got 0" in refused.stderr
    serve = subprocess.Popen([sys.executable, "-m", "astronote_smoke.stack", "serve", "--build", "2"],
                             stdout=subprocess.PIPE, text=True, env=PROJECT_ROOT_ENV)
    try:
        lines = [serve.stdout.readline()]
        while not lines[-1].startswith("# Ctrl-C"):
            lines.append(serve.stdout.readline())
            assert lines[-1], "serve ended before it was ready"
        assert "(build 2, faults: none)" in lines[0]
        web_url = next(line.strip().split("=", 1)[1] for line in lines if line.startswith("WEB_URL="))
        with ReferenceStack(build=2) as same_build:
            assert web_fingerprint(get(web_url + "/").text) == web_fingerprint(landing(same_build))
    finally:
        serve.terminate()
        serve.wait(timeout=30)
