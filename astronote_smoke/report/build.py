"""Build the single-file HTML report with the pinned Allure 3 CLI, without its analytics.

Allure Report 3.18 writes a Google Analytics (gtag) snippet into every report it generates:
the awesome plugin's page template has it behind `analyticsEnable`, which the plugin sets
to `true` with no option to turn it off. A sign-off report must not call any outside host
when opened, so `strip_analytics` removes the snippet and refuses to pass a page that still
refers to an outside script.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ALLURE_CLI = PROJECT_ROOT / "node_modules" / ".bin" / "allure"
ALLURE_CONFIG = PROJECT_ROOT / "allurerc.mjs"
GENERATE_TIMEOUT_S = 300

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>\s*", re.IGNORECASE | re.DOTALL)
_REMOTE_SRC = re.compile(r"""\bsrc\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
_REMOTE_REFERENCE = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""",
                               re.IGNORECASE)
_TRACKERS = ("googletagmanager", "google-analytics", "gtag(")


class ReportToolMissing(RuntimeError):
    """The pinned Allure CLI is not installed (node_modules is missing)."""


class ReportNotPrivate(RuntimeError):
    """The generated page would still load something from another host."""


def generate_html(results_dir: Path, html_path: Path, workdir: Path | None = None) -> Path:
    """Run `allure generate` on `results_dir` and write the cleaned single HTML file to `html_path`.

    Allure resolves the config's relative paths (notably `historyPath`, reports/history.jsonl)
    against `workdir`, the current directory by default, like the CLI's own defaults.
    """
    if not ALLURE_CLI.exists():
        raise ReportToolMissing(f"{ALLURE_CLI} not found: run `npm ci` in {PROJECT_ROOT} "
                                "to install the pinned Allure Report CLI")
    if shutil.which("node") is None:
        raise ReportToolMissing("node not found on PATH: the Allure Report CLI needs Node.js 20 or later")
    with tempfile.TemporaryDirectory(prefix="allure-report-") as output:
        subprocess.run([str(ALLURE_CLI), "generate", "--config", str(ALLURE_CONFIG),
                        "--output", output, str(Path(results_dir).resolve())],
                       cwd=workdir or Path.cwd(), check=True, timeout=GENERATE_TIMEOUT_S,
                       stdout=subprocess.DEVNULL)
        page = (Path(output) / "index.html").read_text(encoding="utf-8")
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(strip_analytics(page), encoding="utf-8")
    return html_path


def strip_analytics(html: str) -> str:
    """Remove remote scripts and the inline gtag set-up; fail if any outside reference is left."""
    def keep(script: re.Match) -> str:
        attributes, body = script.group(1), script.group(2)
        if _REMOTE_SRC.search(attributes) or any(tracker in body for tracker in _TRACKERS):
            return ""
        return script.group(0)
    cleaned = _SCRIPT.sub(keep, html)
    leftovers = [tracker for tracker in _TRACKERS if tracker in cleaned]
    leftovers += [match.group(0)[:80] for match in _REMOTE_REFERENCE.finditer(cleaned)]
    if leftovers:
        raise ReportNotPrivate(f"the report still refers to outside hosts: {leftovers}")
    return cleaned
