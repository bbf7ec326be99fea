"""The project as a package: `pip install .` into a fresh virtual environment gives plain `behave` and
the `astronote-smoke` command, with every file the package needs, and no copy of the sources on the path.

The fresh environment installs the project itself (`--no-deps`, built with the pinned setuptools of this
environment, without build isolation: nothing is downloaded) and finds the pinned dependencies in this
environment's site-packages, as a `.pth` line (so behave's own `behave` script is not in the fresh
environment: `python -m behave` is the same program). The suite then runs from a copy of the project root that
holds the features, steps and hooks but not `astronote_smoke/`, so only the installed copy can serve it.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

from astronote_smoke.stack import ReferenceStack
from tests.support.suite_run import PROJECT_ROOT, caller_environment

# A fresh venv, a wheel and an install take seconds; this long means stuck.
STEP_LIMIT_S = 300
# What a checkout holds besides the package: what plain `behave` reads from the project root.
PROJECT_FILES = ("features", "steps", "environment.py", "behave.ini", "known-issues.toml")


def run(command: list, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], cwd=cwd, env=env or caller_environment(),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=STEP_LIMIT_S)


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A fresh virtual environment with the project installed by `pip install .` (pinned dependencies shared)."""
    root = tmp_path_factory.mktemp("install")
    fresh = root / "venv"
    made = run([sys._base_executable, "-m", "venv", "--without-pip", fresh], cwd=root)
    assert made.returncode == 0, made.stdout
    python = fresh / "bin" / "python"
    site = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=root).stdout.strip())
    (site / "pinned-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    # A copy of the checkout, so the build writes nothing into the project (build/, *.egg-info).
    source = root / "source"
    shutil.copytree(PROJECT_ROOT, source, ignore=shutil.ignore_patterns(".venv", "node_modules", "reports", ".git",
                                                                          "__pycache__", "*.egg-info", "build"))
    installed = run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-deps",
                     "--no-build-isolation", "--no-index", "."], cwd=source)
    assert installed.returncode == 0, installed.stdout
    return fresh


def fresh_environment(**settings: str) -> dict[str, str]:
    """The caller's environment without a target, without .env and without the project on PYTHONPATH."""
    env = {name: value for name, value in caller_environment().items() if name not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, "SMOKE_ENV_FILE": os.devnull, "SMOKE_WARMUP": "5", **settings}


def test_the_installed_package_holds_every_file_the_sources_have(venv):
    python = venv / "bin" / "python"
    where = run([python, "-c", "import astronote_smoke, pathlib; print(pathlib.Path(astronote_smoke.__file__).parent)"],
                cwd=venv, env=fresh_environment())
    installed = Path(where.stdout.strip())
    assert installed.is_relative_to(venv), where.stdout
    package = PROJECT_ROOT / "astronote_smoke"
    tracked = run(["git", "ls-files", "astronote_smoke"], cwd=PROJECT_ROOT).stdout.split()
    wanted = {Path(name).relative_to("astronote_smoke") for name in tracked if (PROJECT_ROOT / name).is_file()}
    assert wanted, "git lists no files of the package"
    missing = sorted(str(name) for name in wanted if not (installed / name).is_file())
    assert missing == [], f"pip install . leaves out {missing}: add them to package-data in pyproject.toml"
    assert (package / "report" / "failure_categories.json").read_bytes() == \
        (installed / "report" / "failure_categories.json").read_bytes()


def test_plain_behave_runs_from_the_project_root_against_the_local_stack(venv, tmp_path):
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    for name in PROJECT_FILES:
        if (PROJECT_ROOT / name).is_dir():
            shutil.copytree(PROJECT_ROOT / name, checkout / name)
        else:
            shutil.copy2(PROJECT_ROOT / name, checkout / name)
    # behave's own command lives with behave, in the shared dependencies: `python -m behave` is the same
    # program, run by the fresh environment's interpreter.
    behave = run([venv / "bin" / "python", "-m", "behave", "--tags=@D1", "--no-color"], cwd=checkout,
                 env=fresh_environment())
    assert behave.returncode == 0, behave.stdout[-3000:]
    assert "Target: local reference stack" in behave.stdout
    assert "1 scenario passed, 0 failed" in behave.stdout, behave.stdout[-3000:]
    results = list((checkout / "reports" / "allure-results").glob("*-result.json"))
    assert len(results) == 1, "the project's Allure formatter wrote no result"


def test_the_command_lists_its_help_from_any_folder(venv, tmp_path):
    helped = run([venv / "bin" / "astronote-smoke", "sweep", "--help"], cwd=tmp_path, env=fresh_environment())
    assert helped.returncode == 0, helped.stdout
    assert "--dry-run" in helped.stdout


def test_the_sweep_without_a_target_stops_with_exit_2_naming_what_to_set(venv, tmp_path):
    swept = run([venv / "bin" / "astronote-smoke", "sweep", "--dry-run"], cwd=tmp_path, env=fresh_environment())
    assert swept.returncode == 2, swept.stdout
    assert swept.stdout.startswith("configuration error: SHOPIFY_API_URL is not set"), swept.stdout


def test_the_sweep_dry_run_lists_a_clean_test_shop_with_exit_0(venv, tmp_path):
    with ReferenceStack() as stack:
        swept = run([venv / "bin" / "python", "-m", "astronote_smoke", "sweep", "--dry-run"], cwd=tmp_path,
                    env=fresh_environment(**stack.env))
    assert swept.returncode == 0, swept.stdout
    assert "Traceback" not in swept.stdout


def pins(path: Path) -> list[str]:
    lines = (line.split("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def test_the_installed_package_depends_on_exactly_the_lock_files_pins(venv):
    listed = run([venv / "bin" / "python", "-c", "from importlib.metadata import requires; "
                  "print('\\n'.join(requires('astronote-smoke')))"], cwd=venv, env=fresh_environment())
    assert listed.returncode == 0, listed.stdout
    assert listed.stdout.split() == pins(PROJECT_ROOT / "requirements.txt")


def test_the_build_tool_is_the_one_pinned_for_setup():
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["build-system"]["requires"] == pins(PROJECT_ROOT / "requirements-build.txt")
