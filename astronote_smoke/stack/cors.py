"""CORS as the two APIs apply it (the Express ``cors`` package with an origin
callback): which origins a policy admits, the preflight answer (the methods,
headers and Max-Age each API lists, no Content-Type), the headers on actual
responses, and the 500 a refused origin gets."""

import dataclasses
from typing import Callable

from werkzeug.wrappers import Response

MAX_AGE = "86400"


@dataclasses.dataclass(frozen=True)
class Policy:
    admits: Callable[[str], bool]
    credentials: bool
    methods: str
    headers: str
    vary_origin: bool  # the Shopify API sends Vary: Origin on every answer; the retail API never does
    expose: str = ""
    # False: only the preflight admits the origin, as when a proxy strips the actual answer's headers.
    on_actual_responses: bool = True


def exactly(*origins):
    return lambda origin: origin in origins


def prefixed_by(prefix):
    # The look-alike https://web.example.evil.example passes this test.
    return lambda origin: origin.startswith(prefix)


def any_origin(origin):
    return True


def layer(policy, refusal):
    """The CORS layer of an API; ``refusal(request)`` is the 500 answer a
    refused origin gets, as the origin callback's error reaches the error handler."""

    def cors(request, inner):
        origin = request.headers.get("Origin")
        if origin is not None and not policy.admits(origin):
            return refusal(request)
        preflight = (origin is not None and request.method == "OPTIONS"
                     and "Access-Control-Request-Method" in request.headers)
        if preflight:
            response = Response(status=204)
            del response.headers["Content-Type"]
            response.headers["Access-Control-Allow-Methods"] = policy.methods
            response.headers["Access-Control-Allow-Headers"] = policy.headers
            response.headers["Access-Control-Max-Age"] = MAX_AGE
        else:
            response = inner(request)
        if origin is not None and (preflight or policy.on_actual_responses):
            response.headers["Access-Control-Allow-Origin"] = origin
            if policy.credentials:
                response.headers["Access-Control-Allow-Credentials"] = "true"
        if policy.vary_origin:
            response.vary.add("Origin")
        if policy.expose:
            response.headers["Access-Control-Expose-Headers"] = policy.expose
        return response

    return cors
