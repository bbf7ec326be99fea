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
         "png": allure.attachment_type.PNG, "json": allure.attachment_type.JSON}


def attach(name: str, content: str | bytes | Path, kind: str = "text") -> None:
    """Attach `content` (text, bytes, or the file at a path) to the running step, or to the scenario outside one."""
    attachment_type = KINDS[kind]
    if isinstance(content, Path):
        allure.attach.file(str(content), name=name, attachment_type=attachment_type)
    else:
        allure.attach(content, name=name, attachment_type=attachment_type)


def attach_exchange(exchange) -> None:
    """The client's hook for each exchange: attach it, named by service, method and path."""
    path = urlsplit(exchange.url).path or "/"
    attach(f"{exchange.service} {exchange.method} {path}", format_exchange(exchange))
