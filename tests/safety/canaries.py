r"""Canary secrets and the search for them in everything a run wrote.

A canary is a unique made-up secret. It is searched for raw, in either letter case,
URL-encoded with upper- or lower-case hex, escaped for JSON (`\u` escapes, `\/`), HTML and XML
(named and numeric character references), hex-encoded in either case, base64- and
base64url-encoded (at each of the three alignments base64 can give it inside a longer value),
and inside the base64 data blobs the single-file HTML report embeds. Any 12 consecutive
characters of a secret are a hit too (a token split by a line break), and so are 4 or more of
its first or last characters next to a cut mark. Any JWT is a hit too: the access token
the suite obtains at sign-in is one, and the test cannot know its value in advance.

This search is written apart from `astronote_smoke.masking` on purpose: a check that reused
the masker's own list of forms would miss what the masker misses.
"""
from __future__ import annotations

import base64
import html
import re
import uuid
from pathlib import Path
from urllib.parse import quote, quote_plus

# No output may keep this many consecutive characters of a secret.
RUN = 12
CUTS = ("…", "\\u2026", "...")
JWT = re.compile(r"eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
# What Allure 3 writes into its single-file report: d("data/...", "<base64 of the file>").
EMBEDDED = re.compile(r'd\("(?P<name>[^"]+)","(?P<data>[A-Za-z0-9+/=]+)"\)')


def canary(kind: str) -> str:
    # "/" and "+" make the URL-encoded and base64 forms differ from the raw one.
    return f"Cnry/{kind}+{uuid.uuid4().hex[:16]}"


def forms(secret: str) -> set[str]:
    raw = secret.encode()
    percent = quote(secret, safe="")
    found = {secret, secret.lower(), secret.upper(), percent, re.sub(r"%[0-9A-F]{2}", lambda m: m[0].lower(), percent),
             quote_plus(secret), secret.replace("/", "\\/"), html.escape(secret),
             "".join(f"\\u{ord(char):04x}" for char in secret), "".join(f"&#{ord(char)};" for char in secret),
             "".join(f"&#x{ord(char):x};" for char in secret)}
    for shift in range(3):
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            encoded = encode(b"\0" * shift + raw).decode().rstrip("=")
            # The part of the encoding that depends on the secret alone, whatever stands around it.
            start = {0: 0, 1: 4, 2: 4}[shift]
            found.add(encoded[start:-3])
    found |= {raw.hex(), raw.hex().upper()}
    found |= {secret[start:start + RUN] for start in range(len(secret) - RUN + 1)}
    # A cut never leaves 4 or more characters of a secret on either side of its mark.
    at_cuts = {secret[:n] + cut for cut in CUTS for n in range(4, len(secret))}
    at_cuts |= {cut + secret[-n:] for cut in CUTS for n in range(4, len(secret))}
    return {form for form in found if len(form) >= 8} | at_cuts


def texts(folder: Path, console: str) -> dict[str, str]:
    """Every file under `folder` as text, the HTML report's embedded files decoded, and the console."""
    found = {"console": console}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        found[str(path)] = text
        for blob in EMBEDDED.finditer(text):
            decoded = base64.b64decode(blob.group("data")).decode("utf-8", errors="replace")
            found[f"{path} → {blob.group('name')}"] = decoded
    return found


def hits(secrets: dict[str, str], folder: Path, console: str) -> list[str]:
    """Where any form of any secret, or any JWT, appears: one line per hit, empty when clean."""
    found = []
    for where, text in texts(folder, console).items():
        for name, secret in secrets.items():
            for form in forms(secret):
                if form in text or form.lower() in text.lower():
                    found.append(f"{name} ({form!r}) in {where}")
        found += [f"a JWT ({token[:12]}...) in {where}" for token in JWT.findall(text)]
    return found
