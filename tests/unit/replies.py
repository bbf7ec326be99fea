"""Replies built in memory, so checks can be tested without a server."""
import json

from requests.structures import CaseInsensitiveDict

from astronote_smoke.http import Reply
from astronote_smoke.services import SHOPIFY, WEB


def reply(status=200, body=b"", headers=None, service=SHOPIFY, url="https://api.example/x", method="GET"):
    if not isinstance(body, bytes):
        body = json.dumps(body).encode()
        headers = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
    return Reply(service, method, url, status, CaseInsensitiveDict(headers or {}), body, 5.0, False,
                 body.decode(errors="replace"))


def page(html, status=200, url="https://web.example/"):
    return reply(status, html.encode(), {"Content-Type": "text/html; charset=utf-8"}, service=WEB, url=url)
