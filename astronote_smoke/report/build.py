"""Build the single-file HTML report with the pinned Allure 3 CLI: verdict first, no analytics.

Allure Report 3.18 writes a Google Analytics (gtag) snippet into every report it generates:
the awesome plugin's page template has it behind `analyticsEnable`, which the plugin sets
to `true` with no option to turn it off. A sign-off report must not call any outside host
when opened, so `strip_analytics` removes the snippet and refuses to pass a page that still
refers to an outside script.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .first_screen import inject

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


def generate_html(results_dir: Path, html_path: Path, first_screen: str = "", workdir: Path | None = None) -> Path:
    """Run `allure generate` on `results_dir` and put the cleaned single HTML file at `html_path`.

    `first_screen` (HTML) goes above Allure's app. The page is built in a scratch folder beside
    `html_path` and moved into place only when complete: a reader finds the new report or none,
    never half of one, and a failed build leaves neither the scratch folder nor an older report.
    """
    if not ALLURE_CLI.exists():
        raise ReportToolMissing(f"{ALLURE_CLI} not found: run `npm ci` in {PROJECT_ROOT} "
                                "to install the pinned Allure Report CLI")
    if shutil.which("node") is None:
        raise ReportToolMissing("node not found on PATH: the Allure Report CLI needs Node.js 20 or later")
    html_path = Path(html_path)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{html_path.stem}-build-", dir=html_path.parent))
    try:
        subprocess.run([str(ALLURE_CLI), "generate", "--config", str(ALLURE_CONFIG),
                        "--output", str(scratch / "allure"), str(Path(results_dir).resolve())],
                       cwd=workdir or Path.cwd(), check=True, timeout=GENERATE_TIMEOUT_S,
                       stdout=subprocess.DEVNULL)
        page = strip_analytics((scratch / "allure" / "index.html").read_text(encoding="utf-8"))
        built = scratch / html_path.name
        built.write_text(inject(page, first_screen) if first_screen else page, encoding="utf-8")
        os.replace(built, html_path)
    except BaseException:
        html_path.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
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
