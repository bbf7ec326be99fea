"""Run facts for the report: what was tested, which release, by which suite, started by whom and when.

allure-behave writes none of them. Allure 3 reads two files from the results folder:
`environment.properties` (shown as the report's Environment) and `executor.json` (who ran it,
with the build link). It ignores `categories.json` there; the categories live in allurerc.mjs.
Nothing secret goes in: URLs lose any user:password part, and no token variable is read.
"""
from __future__ import annotations

import getpass
import json
import socket
from datetime import datetime, timezone
from pathlib import Path
from typing import Mapping
from urllib.parse import urlsplit, urlunsplit

import astronote_smoke
from astronote_smoke.config import TARGET_VARIABLES

LOCAL_TARGET = "local reference stack"
ENVIRONMENT_FILE = "environment.properties"
EXECUTOR_FILE = "executor.json"


def write_run_facts(results_dir: Path | str, targets: Mapping[str, str] | None = None,
                    release: Mapping[str, str] | None = None,
                    ci: Mapping[str, str] | None = None, now: datetime | None = None,
                    warm_up: str | None = None) -> dict[str, str]:
    """Write environment.properties and executor.json into `results_dir`; return the facts written.

    `targets` maps WEB_URL, SHOPIFY_API_URL and RETAIL_API_URL to the URLs under test; empty or
    None means the suite runs against its local reference stack. `release` names each service's
    build, e.g. {"Shopify API": "1.0.0 (build unchanged)"} (see `release.release_facts`). `warm_up` says how long the run
    waited for sleeping services before its first scenario. `ci` holds the CI service's variables
    (`Settings.ci`): who started the run.
    """
    results = Path(results_dir)
    results.mkdir(parents=True, exist_ok=True)
    executor = executor_facts(ci or {})
    started = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    facts = {"Target": describe_target(targets)}
    facts.update({name: without_credentials(url) for name, url in (targets or {}).items() if url})
    facts.update({f"Release {service}": version for service, version in (release or {}).items()})
    if warm_up:
        facts["Warm-up"] = warm_up
    facts["Suite version"] = suite_version()
    facts["Started by"] = executor.get("buildUrl") or executor["name"]
    facts["Started at"] = started.isoformat(timespec="seconds")
    (results / ENVIRONMENT_FILE).write_text(to_properties(facts), encoding="utf-8")
    (results / EXECUTOR_FILE).write_text(json.dumps(executor, indent=2), encoding="utf-8")
    return facts


def describe_target(targets: Mapping[str, str] | None) -> str:
    urls = [without_credentials(targets[name]) for name in TARGET_VARIABLES if targets and targets.get(name)]
    return ", ".join(urls) if urls else LOCAL_TARGET


def without_credentials(url: str) -> str:
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def suite_version() -> str:
    # Read at call time, and tolerate its absence: the version is set by the suite's packaging.
    return str(getattr(astronote_smoke, "__version__", "unknown"))


def executor_facts(environ: Mapping[str, str]) -> dict:
    """Allure's executor: the CI build when GitHub Actions variables are set, else user@host."""
    server, repository, run_id = (environ.get(name) for name in
                                  ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID"))
    if server and repository and run_id:
        build_url = f"{server}/{repository}/actions/runs/{run_id}"
        return {"name": "GitHub Actions", "type": "github", "url": f"{server}/{repository}",
                "buildName": f"{environ.get('GITHUB_WORKFLOW', repository)} #{environ.get('GITHUB_RUN_NUMBER', run_id)}",
                "buildUrl": build_url}
    where = f"{_user(environ)}@{socket.gethostname()}"
    if environ.get("CI"):
        where += " (CI)"
    return {"name": where, "type": "local"}


def _user(environ: Mapping[str, str]) -> str:
    try:
        return environ.get("USER") or getpass.getuser()
    except OSError:  # no user name in a bare container
        return "unknown"


_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r"}
_KEY_ESCAPES = {**_ESCAPES, **{char: "\\" + char for char in " =:#!"}}
_UNESCAPES = {"n": "\n", "r": "\r", "t": "\t"}


def to_properties(facts: Mapping[str, str]) -> str:
    """Java .properties text: Allure 3 parses the escapes, so keys may contain spaces and colons."""
    def escape(text: str, table: dict[str, str]) -> str:
        return "".join(table.get(char, char) for char in text)
    return "".join(f"{escape(key, _KEY_ESCAPES)}={escape(value, _ESCAPES)}\n" for key, value in facts.items())


def read_run_facts(results_dir: Path | str) -> dict[str, str]:
    """The facts `write_run_facts` wrote (the subset of .properties syntax that `to_properties` emits)."""
    path = Path(results_dir) / ENVIRONMENT_FILE
    if not path.exists():
        return {}
    facts = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, value = [], []
        current, escaped = key, False
        for char in line:
            if escaped:
                current.append(_UNESCAPES.get(char, char))
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == "=" and current is key:
                current = value
            else:
                current.append(char)
        if current is value:
            facts["".join(key)] = "".join(value)
    return facts
