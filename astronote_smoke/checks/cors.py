"""The verdict a browser reaches on a CORS preflight (the Fetch standard's CORS-preflight check).

`preflight_problems` lists every reason a browser would block the call; an empty list
means the call goes through.
"""
from __future__ import annotations

from ..errors import ContractViolation
from ..http import Reply
from ..text import printable
from .expect import MESSAGE_LIMIT

SAFELISTED_METHODS = {"GET", "HEAD", "POST"}
# Safelisted only with restricted values; the web app sends authorization and a JSON content-type,
# which are never among them, so every requested header here must be allowed explicitly.
_ALWAYS_SAFELISTED = {"accept", "accept-language", "content-language"}


def _listed(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def preflight_problems(reply: Reply, origin: str, method: str, request_headers: list[str],
                       credentials: bool) -> list[str]:
    problems = []
    if not 200 <= reply.status < 300:
        problems.append(f"the preflight answered {reply.status}, not 2xx")
    allow_origin = reply.headers.get("Access-Control-Allow-Origin")
    if allow_origin is None:
        problems.append(f"Access-Control-Allow-Origin missing for {origin}")
    elif allow_origin == "*":
        if credentials:
            problems.append("Access-Control-Allow-Origin is `*`, which a browser refuses for a call with credentials")
    elif allow_origin != origin:
        problems.append(f"Access-Control-Allow-Origin is {printable(repr(allow_origin), 120)}, not {origin}")
    if credentials and reply.headers.get("Access-Control-Allow-Credentials") != "true":
        problems.append("Access-Control-Allow-Credentials is "
                        f"{printable(repr(reply.headers.get('Access-Control-Allow-Credentials', 'missing')), 60)}, not 'true'")
    methods = _listed(reply.headers.get("Access-Control-Allow-Methods"))
    if method not in SAFELISTED_METHODS and method not in methods and (credentials or "*" not in methods):
        problems.append(f"Access-Control-Allow-Methods does not list {method}")
    allowed = {name.lower() for name in _listed(reply.headers.get("Access-Control-Allow-Headers"))}
    for name in (header.lower() for header in request_headers):
        wildcard = "*" in allowed and not credentials and name != "authorization"
        if name not in _ALWAYS_SAFELISTED and name not in allowed and not wildcard:
            problems.append(f"Access-Control-Allow-Headers does not list {name}")
    return problems


def browser_allows(reply: Reply, origin: str, method: str, request_headers: list[str], credentials: bool) -> None:
    problems = preflight_problems(reply, origin, method, request_headers, credentials)
    if problems:
        kind = "with" if credentials else "without"
        found = printable('; '.join(problems), MESSAGE_LIMIT)
        raise ContractViolation(f"{reply.where}: CORS: {found} (a browser on {origin} "
                                f"would block the {method} call {kind} credentials)",
                                expectation=f"CORS: {found}")


def admits(reply: Reply, origin: str) -> bool:
    return reply.headers.get("Access-Control-Allow-Origin") in (origin, "*")


def refuses(reply: Reply, origin: str) -> None:
    if admits(reply, origin):
        allowed = printable(repr(reply.headers.get("Access-Control-Allow-Origin")), 120)
        raise ContractViolation(f"{reply.where}: CORS: the foreign origin {origin} is admitted "
                                f"(Access-Control-Allow-Origin {allowed}, status {reply.status})",
                                expectation=f"CORS: the foreign origin {origin} is admitted")
