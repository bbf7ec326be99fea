"""CORS as the two APIs apply it (the Express ``cors`` package with an origin
callback): which origins a policy admits, the preflight answer, the headers on
actual responses, and the 500 a refused origin gets."""

import dataclasses
from typing import Callable

from werkzeug.wrappers import Response

from .service import json_response

ALLOWED_METHODS = "GET,HEAD,PUT,PATCH,POST,DELETE"
ALLOWED_HEADERS = "Authorization,Content-Type,X-Shopify-Shop-Domain,Idempotency-Key"


@dataclasses.dataclass(frozen=True)
class Policy:
    admits: Callable[[str], bool]
    credentials: bool
    # False: only the preflight admits the origin, as when a proxy strips the actual answer's headers.
    on_actual_responses: bool = True


def exactly(*origins):
    return lambda origin: origin in origins


def prefixed_by(prefix):
    # The look-alike https://web.example.evil.example passes this test.
    return lambda origin: origin.startswith(prefix)


def any_origin(origin):
    return True


def layer(policy, refusal_body):
    """The CORS layer of an API; a refused origin gets ``refusal_body`` with
    status 500, as the origin callback's error reaches the error handler."""

    def cors(request, inner):
        origin = request.headers.get("Origin")
        if origin is None:
            return inner(request)
        if not policy.admits(origin):
            return json_response(refusal_body, 500)
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response = Response(status=204)
            response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response.headers["Access-Control-Max-Age"] = "600"
        else:
            response = inner(request)
            if not policy.on_actual_responses:
                return response
        response.headers["Access-Control-Allow-Origin"] = origin
        if policy.credentials:
            response.headers["Access-Control-Allow-Credentials"] = "true"
        response.vary.add("Origin")
        return response

    return cors
