"""Signed access tokens in the JWT format (HS256) the retail API issues; the
standard library is enough for the one algorithm it uses."""

import base64
import hashlib
import hmac
import json
import time


def issue(secret, claims, lifetime):
    """A token carrying ``claims`` that expires in ``lifetime`` seconds."""
    now = int(time.time())
    header = _encode({"alg": "HS256", "typ": "JWT"})
    payload = _encode({**claims, "iat": now, "exp": now + lifetime})
    return f"{header}.{payload}.{_sign(secret, f'{header}.{payload}')}"


def verify(secret, token):
    """The claims of a token signed with ``secret`` and not expired, else None."""
    parts = token.split(".")
    if not token.isascii() or len(parts) != 3 or not hmac.compare_digest(parts[2], _sign(secret, f"{parts[0]}.{parts[1]}")):
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except ValueError:
        return None
    if not isinstance(claims, dict) or not isinstance(claims.get("exp"), int) or claims["exp"] < time.time():
        return None
    return claims


def _encode(value):
    return base64.urlsafe_b64encode(json.dumps(value, separators=(",", ":")).encode()).rstrip(b"=").decode()


def _sign(secret, signing_input):
    digest = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
