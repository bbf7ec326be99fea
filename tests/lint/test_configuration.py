"""Configuration is read in one place: every variable the code reads is declared in `config.py`, and only
`config.py` and the reference stack touch the process environment.

Reads are found in the syntax tree: `os.environ` / `os.getenv` anywhere, and names looked up in a
mapping called `environ` or `env` (`environ.get("X")`, `environ["X"]`), given as a literal or as a
module-level constant (`WORKERS_VARIABLE = "SMOKE_WORKERS"`); `*_VARIABLE(S)` constants count as
reads too. Tests and benchmarks are exempt: they set up the environment of the runs they start.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from astronote_smoke.config import DECLARED

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MAY_READ_THE_PROCESS_ENVIRONMENT = ("astronote_smoke/config.py", "astronote_smoke/stack/")
# The interpreter's own variable, which the stack passes on to its child processes: no setting of the suite.
NOT_CONFIGURATION = {"PYTHONPATH"}
MAPPING_NAMES = ("environ", "env")
# A web request's own variables (the reference stack's servers), not the process's.
WSGI_ENVIRONMENTS = ("request.environ",)
VARIABLE_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
DOCUMENTED_NAME = re.compile(r"\b(SMOKE_[A-Z0-9_]*[A-Z0-9]|WEB_URL|SHOPIFY_[A-Z_]+_(?:URL|TOKEN|DOMAIN)|RETAIL_(?:API_URL|"
                             r"ACCESS_TOKEN|EMAIL|PASSWORD)|SHORT_LINK_[A-Z]+|REQUESTS_CA_BUNDLE)\b")


def project_sources() -> list[Path]:
    """The project's own Python code: the library, the steps and hooks, the scripts."""
    found = [*PROJECT_ROOT.glob("astronote_smoke/**/*.py"), *PROJECT_ROOT.glob("steps/**/*.py"),
             PROJECT_ROOT / "environment.py", *PROJECT_ROOT.glob("scripts/**/*.py")]
    return sorted(path for path in found if path.is_file())


def reads_of(source: str) -> tuple[set[str], list[int]]:
    """The variable names `source` reads, and the lines where it touches the process environment itself."""
    tree = ast.parse(source)
    constants = {target.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
                 and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                 for target in node.targets if isinstance(target, ast.Name)}
    names: set[str] = set()
    process: list[int] = []

    def name_of(node: ast.AST) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            return constants.get(node.id)
        return None

    def is_mapping(node: ast.AST) -> bool:
        text = ast.unparse(node)
        return text.split(".")[-1] in MAPPING_NAMES and text not in WSGI_ENVIRONMENTS

    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and ast.unparse(node) in ("os.environ", "os.getenv", "os.environb"):
            process.append(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "os" and \
                {alias.name for alias in node.names} & {"environ", "getenv", "environb"}:
            process.append(node.lineno)
        elif isinstance(node, ast.Call) and node.args and isinstance(node.func, ast.Attribute) and \
                (node.func.attr in ("get", "pop", "setdefault") and is_mapping(node.func.value)
                 or ast.unparse(node.func) == "os.getenv"):
            names.add(name_of(node.args[0]))
        elif isinstance(node, ast.Subscript) and is_mapping(node.value):
            names.add(name_of(node.slice))
        elif isinstance(node, ast.Assign) and any(isinstance(target, ast.Name) and
                                                  target.id.endswith(("_VARIABLE", "_VARIABLES"))
                                                  for target in node.targets):
            values = node.value.elts if isinstance(node.value, (ast.Tuple, ast.List, ast.Set)) else [node.value]
            names.update(name_of(value) for value in values)
    return {name for name in names if name and VARIABLE_NAME.match(name)}, process


def relative(path: Path) -> str:
    return path.relative_to(PROJECT_ROOT).as_posix()


def test_the_scanner_finds_every_form_of_read():
    source = '''
import os
from os import getenv
WORKERS_VARIABLE = "SMOKE_A"
SEED_VARIABLES = ("SMOKE_B", "SMOKE_C")
def f(environ, stack):
    os.environ.get("SMOKE_D")
    os.getenv("SMOKE_E")
    environ[WORKERS_VARIABLE]
    stack.env.get("SMOKE_F")
    environ.get("lower case is no variable")
    {"SMOKE_G": 1}.get("SMOKE_G")
    request.environ["SERVER_PORT"]
'''
    names, process = reads_of(source)
    assert names == {"SMOKE_A", "SMOKE_B", "SMOKE_C", "SMOKE_D", "SMOKE_E", "SMOKE_F"}
    assert sorted(process) == [3, 7, 8]


@pytest.mark.parametrize("path", project_sources(), ids=relative)
def test_the_code_reads_only_declared_variables(path):
    names, _ = reads_of(path.read_text(encoding="utf-8"))
    undeclared = sorted(names - set(DECLARED) - NOT_CONFIGURATION)
    assert not undeclared, f"{relative(path)} reads {', '.join(undeclared)}: declare it in astronote_smoke/config.py"


@pytest.mark.parametrize("path", project_sources(), ids=relative)
def test_only_the_configuration_and_the_stack_read_the_process_environment(path):
    if relative(path).startswith(MAY_READ_THE_PROCESS_ENVIRONMENT):
        return
    _, process = reads_of(path.read_text(encoding="utf-8"))
    assert not process, (f"{relative(path)} line {process[0]} reads the process environment: "
                         "call astronote_smoke.config.setting() instead")


def documents() -> list[Path]:
    found = [PROJECT_ROOT / "README.md", *PROJECT_ROOT.glob("docs/**/*.md"), *PROJECT_ROOT.glob("scripts/*.sh"),
             *PROJECT_ROOT.glob("bin/*"), *PROJECT_ROOT.glob(".github/workflows/*.yml")]
    return sorted(path for path in found if path.is_file())


@pytest.mark.parametrize("path", documents(), ids=relative)
def test_the_documents_and_scripts_name_only_declared_variables(path):
    named = set(DOCUMENTED_NAME.findall(path.read_text(encoding="utf-8")))
    assert not named - set(DECLARED), f"{relative(path)} names undeclared {sorted(named - set(DECLARED))}"
