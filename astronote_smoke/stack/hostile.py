"""Responses hostile to an HTTP client, as layers over every route of an API:
wrong or broken bodies, bodies too big or too slow, redirects that lead
nowhere good, connection resets, gzip bombs, raw non-ASCII header bytes, and
echoed secrets. Each is one named fault."""

import functools
import gzip
import json
import socket
import struct
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
