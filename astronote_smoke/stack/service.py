"""What the three HTTP services of the stack share: the Context a stack process
is started with, request layers and how they compose, JSON answers, the faults
that hit every service alike (latency, cold start, empty 200, slow health), and
serving on the listening socket the parent bound."""

import dataclasses
import json
import math
import socket
import time

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

@dataclasses.dataclass(frozen=True)
class Context:
    """Everything a stack process knows about the stack it belongs to."""

    db_path: str
    urls: dict
    faults: dict  # fault name -> parameter or None, as faults.parse_faults gives it
    latency_ms: int
    started_at: float  # time.time() when the parent started the stack
    log_requests: bool
    build: int = 1  # the build every service runs: SMOKE_STACK_BUILD

    def has(self, fault):
        return fault in self.faults

    @property
    def web_origin(self):
        return self.urls["WEB_URL"]


class Refused(Exception):
    """Ends a request with the error answer it carries."""

    def __init__(self, response):
        super().__init__(response.status)
        self.response = response


def json_response(body, status=200, headers=None):
    return Response(json.dumps(body), status, headers, mimetype="application/json")


def edit_json(response, change):
    """Let ``change`` edit a JSON object body in place (other bodies are left alone)."""
    if response.mimetype == "application/json" and not response.is_streamed:
        body = json.loads(response.get_data())
        if isinstance(body, dict):
            change(body)
            response.set_data(json.dumps(body))
    return response


def layered(handler, layers):
    """Compose ``layer(request, inner) -> Response`` functions around a handler;
    the first layer sees the request first."""
    for layer in reversed(layers):
        handler = _bind(layer, handler)
    return handler


def _bind(layer, inner):
    return lambda request: layer(request, inner)


def common_layers(ctx, health_paths):
    """The layers every HTTP service gets: the latency of the stack and the
    faults that apply to all services."""
    layers = []
    if ctx.latency_ms:
        layers.append(_delayed(ctx.latency_ms / 1000))
    if ctx.has("cold-start"):
        layers.append(_cold_for(ctx.faults["cold-start"]))
    if ctx.has("empty-200"):
        layers.append(_empty_200)
    if ctx.has("slow"):
        layers.append(_slow_on(health_paths, seconds=1.5))
    return layers


def _delayed(seconds):
    def delayed(request, inner):
        time.sleep(seconds)
        return inner(request)

    return delayed


def _cold_for(seconds):
    # What a sleeping Render instance answers while it boots, from the request that woke it: a
    # clock from the stack's start would let a slow start-up on a busy machine sleep the fault away.
    woken_at = []

    def cold_start(request, inner):
        if not woken_at:
            woken_at.append(time.time())
        remaining = woken_at[0] + seconds - time.time()
        if remaining <= 0:
            return inner(request)
        page = "<!DOCTYPE html><html><head><title>Service waking up</title></head><body></body></html>"
        return Response(page, 503, {"Retry-After": str(math.ceil(remaining))}, mimetype="text/html")

    return cold_start


def _empty_200(request, inner):
    response = Response(b"", 200)
    del response.headers["Content-Type"]
    return response


def _slow_on(paths, seconds):
    def slow(request, inner):
        if request.path in paths:
            time.sleep(seconds)
        return inner(request)

    return slow


def hang():
    """Never answer this request (the service waits on a dependency that is gone);
    the connection stays open until the client gives up or the process ends."""
    while True:
        time.sleep(3600)


def _request_handler(name, log_requests):
    class RequestHandler(WSGIRequestHandler):
        def log_request(self, code="-", size="-"):
            if log_requests:
                super().log_request(code, size)

        def log(self, type, message, *args):
            # Three services share one stderr: say which one speaks.
            super().log(type, f"[{name}] {message}", *args)

    return RequestHandler


def serve(name, ctx, handler, fd, announce):
    """Serve ``handler`` on the inherited listening socket ``fd`` until the process ends."""

    def app(environ, start_response):
        return handler(Request(environ))(environ, start_response)

    request_handler = _request_handler(name, ctx.log_requests)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=request_handler, fd=fd)
    announce()
    server.serve_forever()


def hold_connections(fd, announce):
    """Accept connections and never answer them: a hung service."""
    listener = socket.socket(fileno=fd)
    announce()
    held = []
    while True:
        connection, _ = listener.accept()
        held.append(connection)  # kept open and unread until the process ends
