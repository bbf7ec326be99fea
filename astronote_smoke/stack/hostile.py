"""Responses hostile to an HTTP client, as layers over every route of an API:
wrong or broken bodies, bodies too big or too slow, redirects that lead
nowhere good, connection resets, gzip bombs, raw non-ASCII header bytes,
secrets echoed raw, escaped or encoded (a token in the release string too), and
rate limits met once or on every call. Each is one named fault."""

import base64
import functools
import gzip
import json
import socket
import struct
import threading
import time
import urllib.parse

from werkzeug.wrappers import Response

from .service import edit_json

HUGE_BODY_BYTES = 50 * 1024 * 1024
BOMB_MEMBER_BYTES = 16 * 1024 * 1024
BOMB_MEMBERS = 256  # 256 gzip members of 16 MiB each: 4 GiB once inflated


def layers(ctx):
    """The hostile layers the faults of ``ctx`` switch on (echo-secrets aside)."""
    return [layer for name, layer in HOSTILE_LAYERS.items() if ctx.has(name)]


def html_for_json(request, inner):
    # What a proxy in front of the API answers when it serves an error page or an SPA fallback.
    response = inner(request)
    page = "<!DOCTYPE html><html><head><title>Astronote</title></head><body><div id=\"root\"></div></body></html>"
    return Response(page, response.status_code, mimetype="text/html")


def invalid_json(request, inner):
    response = inner(request)
    body = response.get_data()
    response.set_data(body[: len(body) // 2])
    return response


def huge_body(request, inner):
    response = inner(request)
    head, tail = b'{"ok":true,"padding":"', b'"}'
    padding = HUGE_BODY_BYTES - len(head) - len(tail)

    def body():
        yield head
        block = b"x" * 65536
        for start in range(0, padding, len(block)):
            yield block[: padding - start]
        yield tail

    return Response(body(), response.status_code, {"Content-Length": str(HUGE_BODY_BYTES)}, mimetype="application/json")


def trickle_body(request, inner):
    response = inner(request)
    data = response.get_data()

    def body():
        for index in range(len(data)):
            if index:
                time.sleep(1)
            yield data[index : index + 1]

    response.response = body()
    response.headers["Content-Length"] = str(len(data))
    return response


def redirect_loop(request, inner):
    return Response(status=302, headers={"Location": request.url})


def redirect_other_host(request, inner):
    port = request.environ["SERVER_PORT"]
    query = request.query_string.decode("latin-1")
    location = urllib.parse.urlunsplit(("http", f"127.0.0.2:{port}", request.path, query, ""))
    return Response(status=302, headers={"Location": location})


def reset_mid_response(request, inner):
    response = inner(request)
    data = response.get_data()
    connection = request.environ["werkzeug.socket"]

    def body():
        yield data[: len(data) // 2]
        # Let the client read the headers and the first half before the reset.
        time.sleep(0.2)
        # Linger 0 turns the close into a RST. The server still holds file objects on the
        # socket, so close() only marks it; the real close, and the RST, come when the
        # server drops them, before it would otherwise send its FIN.
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.close()
        raise ConnectionResetError("reset-mid-response fault")

    response.response = body()
    response.headers["Content-Length"] = str(len(data))
    return response


def gzip_bomb(request, inner):
    member = _zeros_gzip_member()
    # Concatenated gzip members are one valid gzip stream: 4 GiB of zeros from 4 MB on the wire.
    headers = {"Content-Encoding": "gzip", "Content-Length": str(len(member) * BOMB_MEMBERS)}
    return Response((member for _ in range(BOMB_MEMBERS)), 200, headers, mimetype="application/json")


@functools.cache
def _zeros_gzip_member():
    return gzip.compress(bytes(BOMB_MEMBER_BYTES), compresslevel=9)


def non_ascii_headers(request, inner):
    response = inner(request)
    # WSGI headers are latin-1 strings: these code points go out as the raw UTF-8 bytes of "Zürich".
    response.headers["X-Served-By"] = "Zürich-1".encode("utf-8").decode("latin-1")
    return response


def echo_secrets(known_tokens):
    """A debugging aid left on: every response echoes the request's
    Authorization header and ``known_tokens()``, in a JSON field and in headers."""

    def echo(request, inner):
        response = inner(request)
        authorization = request.headers.get("Authorization", "")
        tokens = known_tokens()
        edit_json(response, lambda body: body.update(debug={"authorization": authorization, "tokens": tokens}))
        response.headers["X-Debug-Authorization"] = authorization
        response.headers["X-Debug-Tokens"] = json.dumps(tokens)
        return response

    return echo


HOSTILE_LAYERS = {
    "html-for-json": html_for_json,
    "invalid-json": invalid_json,
    "huge-body": huge_body,
    "trickle-body": trickle_body,
    "redirect-loop": redirect_loop,
    "redirect-other-host": redirect_other_host,
    "reset-mid-response": reset_mid_response,
    "gzip-bomb": gzip_bomb,
    "non-ascii-headers": non_ascii_headers,
}


# --- Answers that keep the contract's shape but are hostile to the suite itself.

# A cookie that must never come back: the Shopify API answers 400 to any request carrying a cookie.
TRAP_COOKIE = "smoke-trap-cookie-value-7d41c0e2b9"
DEEP_NESTING = 100_000
LONG_LOCATION_CHARS = 60_000
HOSTILE_VERSION = "1.0.0\x1b[2J\x1b[H\nScenario D1 Shopify API is alive ... passed\u202e"


def _campaign_answer(request, method):
    parts = request.path.strip("/").split("/")
    return request.method == method and parts[0] == "campaigns" and parts[1:2] != ["queue"]


def campaign_id_traversal(request, inner):
    # The id of a new campaign points elsewhere: later URLs built from it would leave the campaign.
    response = inner(request)
    if _campaign_answer(request, "POST") and request.path == "/campaigns":
        edit_json(response, lambda body: body.get("data", {}).update(id="../../dashboard"))
    return response


def campaign_id_mismatch(request, inner):
    # A look at one campaign answers about another.
    response = inner(request)
    if _campaign_answer(request, "GET") and request.path.count("/") == 2:
        edit_json(response, lambda body: body.get("data", {}).update(id="c0ther0campaign0id"))
    return response


def delete_does_nothing(request, inner):
    if _campaign_answer(request, "DELETE"):
        return Response(json.dumps({"success": True, "data": None, "message": "Campaign deleted successfully"}),
                        200, mimetype="application/json")
    return inner(request)


def odd_retry_after(request, inner):
    # The cleanup's and the sweep's calls are refused with a Retry-After in superscript digits:
    # digits to Python's str.isdigit, not to float() and not to HTTP. Creating still works.
    parts = request.path.strip("/").split("/")
    cleanup = request.method == "DELETE" or (request.method == "GET" and parts[0] == "campaigns"
                                             and parts[1:2] != ["queue"])
    if cleanup:
        return Response(json.dumps({"success": False, "message": "Too many requests", "retryAfter": "23"}), 429,
                        {"Retry-After": "\u00b2\u00b3"}, mimetype="application/json")
    return inner(request)


def header_trickle(request, inner):
    # The status line and headers one byte every half second, straight onto the socket.
    response = inner(request)
    connection = request.environ["werkzeug.socket"]
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Pad: {'x' * 200}\r\n\r\n".encode()
    try:
        for byte in head:
            connection.sendall(bytes([byte]))
            time.sleep(0.5)
    except OSError:
        pass  # the client gave up: what this fault is about
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()
    raise ConnectionResetError("header-trickle fault")


def early_hints(request, inner):
    # An informational 103 before the final answer, as a CDN sends it.
    response = inner(request)
    request.environ["werkzeug.socket"].sendall(b"HTTP/1.1 103 Early Hints\r\nLink: </app.css>; rel=preload\r\n\r\n")
    return response


def deep_json(request, inner):
    response = inner(request)
    if response.mimetype == "application/json":
        response.set_data(b"[" * DEEP_NESTING + b"]" * DEEP_NESTING)
    return response


def nan_numbers(request, inner):
    response = inner(request)
    if response.mimetype == "application/json" and not response.is_streamed:
        body = json.loads(response.get_data())
        response.set_data(json.dumps(_numbers_to_nan(body)))  # json.dumps writes NaN, which JSON has not
    return response


def _numbers_to_nan(value):
    if isinstance(value, dict):
        return {key: _numbers_to_nan(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_numbers_to_nan(item) for item in value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float("nan")
    return value


def utf16_body(request, inner):
    response = inner(request)
    if response.mimetype == "application/json":
        response.set_data(response.get_data().decode("utf-8").encode("utf-16"))
    return response


def cookie_trap(request, inner):
    if request.headers.get("Cookie"):
        return Response(json.dumps({"success": False, "message": "a cookie travelled",
                                    "debug": {"cookie": request.headers["Cookie"]}}), 400, mimetype="application/json")
    response = inner(request)
    response.set_cookie("trap", TRAP_COOKIE, httponly=True)
    edit_json(response, lambda body: body.update(debug={"issued": TRAP_COOKIE}))
    return response


def hostile_text(request, inner):
    # Text meant for a terminal, a summary line and an XML file: escapes, forged lines, a 60 KB Location.
    response = inner(request)
    if request.path == "/health/full":
        edit_json(response, lambda body: body.update(version=HOSTILE_VERSION))
    if response.status_code in (301, 302, 303, 307, 308):
        response.headers["Location"] = response.headers["Location"] + "?" + "a" * LONG_LOCATION_CHARS
    if request.path == "/health":
        # NEL (U+0085) breaks a line for Python's splitlines and many terminals; headers are latin-1 text.
        response.headers["Content-Type"] = "text/html\x1b[2J\x1b]0;pwned\x07\x85Target: http://evil.example"
    return response


def echo_escaped_secrets(request, inner):
    """Echoes the Authorization header in the escaped forms services and proxies write."""
    response = inner(request)
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not token:
        return response
    forms = {"unicode": "".join(f"\\u{ord(char):04x}" for char in token), "slashes": token.replace("/", "\\/"),
             "html": "".join(f"&#{ord(char)};" for char in token),
             "percent": urllib.parse.quote(token, safe="").lower(), "upper": token.upper()}
    if response.mimetype == "application/json" and not response.is_streamed:
        text = response.get_data().decode("utf-8")
        if text.startswith("{") and len(text) > 2:
            # Raw JSON text, so that the escapes arrive as written (json.dumps would escape them again).
            echoed = ",".join(f'"{name}":"{form}"' for name, form in forms.items())
            response.set_data(f'{{"echo":{{{echoed}}},{text[1:]}')
    response.headers["X-Echo"] = forms["percent"]
    return response


def echo_encoded_secrets(request, inner):
    """Echoes the bearer token in the encodings a debugging aid or a proxy writes: hex in either case,
    base64 after a prefix (so not at the start of a base64 block), base64url, and split by a line break."""
    response = inner(request)
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not token or response.mimetype != "application/json" or response.is_streamed:
        return response
    raw = token.encode()
    half = len(token) // 2
    echo = {"hex": raw.hex(), "HEX": raw.hex().upper(), "basic": base64.b64encode(b"u:" + raw).decode(),
            "shifted": base64.b64encode(b"x" + raw).decode(), "url": base64.urlsafe_b64encode(b"id=" + raw).decode(),
            "split": f"{token[:half]}\n{token[half:]}"}
    edit_json(response, lambda body: body.update(echo=echo))
    return response


def token_in_release(known_tokens):
    """The Shopify API's release string carries the shop's session token, placed so that the cut of a
    build's readable part (`fingerprint.VALUE_CHARS`, 40 characters) falls inside it."""

    def release(request, inner):
        response = inner(request)
        if request.path == "/health/full" and known_tokens():
            token = known_tokens()[0]
            edit_json(response, lambda body: body.update(version=f"{RELEASE_BEFORE_TOKEN}{token}+final"))
        return response

    return release


def rate_limited(method, path_is, retry_after, once=True):
    """Requests of `method` to a path `path_is` accepts answer 429 with `retry_after` (None: no header);
    with `once`, only the first of them."""
    refused = threading.Event()

    def layer(request, inner):
        parts = request.path.strip("/").split("/")
        if request.method != method or not path_is(parts) or (once and refused.is_set()):
            return inner(request)
        refused.set()
        headers = {} if retry_after is None else {"Retry-After": retry_after}
        return Response(json.dumps({"success": False, "message": "Too many requests"}), 429, headers,
                        mimetype="application/json")

    return layer


def _campaign_list(parts):
    return parts == ["campaigns"]


def _one_campaign(parts):
    return parts[0] == "campaigns" and len(parts) == 2 and parts[1] != "queue"


# 74 characters: a cut at 80 leaves the first six of the token after it.
RELEASE_BEFORE_TOKEN = "2.8.1-rc.4+build.20261206.00"  # 28 characters: a cut at 40 falls in the token

HOSTILE_LAYERS.update({
    "first-list-rate-limited": rate_limited("GET", _campaign_list, "soon"),
    "first-delete-rate-limited": rate_limited("DELETE", _one_campaign, None),
    "deletes-rate-limited": rate_limited("DELETE", _one_campaign, "0", once=False),
    "echo-encoded-secrets": echo_encoded_secrets,
    "campaign-id-traversal": campaign_id_traversal,
    "campaign-id-mismatch": campaign_id_mismatch,
    "delete-does-nothing": delete_does_nothing,
    "odd-retry-after": odd_retry_after,
    "header-trickle": header_trickle,
    "early-hints": early_hints,
    "deep-json": deep_json,
    "nan-numbers": nan_numbers,
    "utf16-body": utf16_body,
    "cookie-trap": cookie_trap,
    "hostile-text": hostile_text,
    "echo-escaped-secrets": echo_escaped_secrets,
})
