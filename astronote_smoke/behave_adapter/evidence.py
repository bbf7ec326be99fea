"""Evidence into the Allure report: HTTP exchanges, notes, and any named file, bytes or text.

`attach` is the one door other code goes through (the library hands it plain values); what an
exchange reads like is `report.evidence.format_exchange`'s business.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import allure

from ..report.evidence import format_exchange

KINDS = {"text": allure.attachment_type.TEXT, "html": allure.attachment_type.HTML,
         "png": allure.attachment_type.PNG, "json": allure.attachment_type.JSON,
         "zip": ("application/zip", "zip")}


def attach(name: str, content: str | bytes | Path, kind: str = "text") -> None:
    """Attach `content` (text, bytes, or the file at a path) to the running step, or to the scenario outside one."""
    attachment_type, extension = KINDS[kind] if isinstance(KINDS[kind], tuple) else (KINDS[kind], None)
    if isinstance(content, Path):
        allure.attach.file(str(content), name=name, attachment_type=attachment_type, extension=extension)
    else:
        allure.attach(content, name=name, attachment_type=attachment_type, extension=extension)


def attach_exchange(exchange) -> None:
    """The client's hook for each exchange: attach it, named by service, method and path."""
    path = urlsplit(exchange.url).path or "/"
    attach(f"{exchange.service} {exchange.method} {path}", format_exchange(exchange))


def attach_page(evidence) -> None:
    """Attach a browser scenario's evidence (a `PageEvidence`, masked by the session): the page as
    judged, the console errors and failed requests it saw, and its Playwright trace when kept."""
    if evidence.screenshot:
        attach(f"page {evidence.url}", evidence.screenshot, "png")
    lines = [f"Page: {evidence.url}", "", "Console errors:"] + [f"  {line}" for line in evidence.console_errors or ["none"]]
    lines += ["", "Failed requests:"] + [f"  {line}" for line in evidence.failed_requests or ["none"]]
    attach("browser console and failed requests", "\n".join(lines) + "\n")
    if evidence.trace:
        attach("Playwright trace (npx playwright show-trace)", evidence.trace, "zip")
