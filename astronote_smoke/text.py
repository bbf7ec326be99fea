"""Text from the target made printable: the one door through which a service's words reach any output.

Whatever a service sends (a header, a field, a version, a body excerpt) may hold terminal escape
sequences, line breaks that forge a line of their own, bidi controls that reorder what a reader
sees, or sixty thousand characters. `printable` escapes every control, format (bidi) and
line-separator character as `\\xNN`/`\\uNNNN`, and caps the length at a word boundary, saying
where it cut. Masking comes after it: it runs on the final text of each output.
"""
from __future__ import annotations

import unicodedata

DEFAULT_LIMIT = 200
CUT = "…"
# Control (Cc), format (Cf: bidi overrides, zero-width joiners), line and paragraph separators,
# surrogates and unassigned code points: none is safe to put in front of a reader as it is.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Cn", "Co"})
_LINES = "\n\t"
# How far back from the limit a cut looks for a space before it cuts inside a word.
_WORD_SLACK = 20


def printable(text: object, limit: int = DEFAULT_LIMIT, keep_lines: bool = False) -> str:
    """`text` with every unsafe character escaped, at most about `limit` characters, the cut stated.

    `keep_lines` keeps plain line feeds and tabs, for evidence that shows a body as it came.
    """
    escaped = escape_unsafe(text, keep=_LINES if keep_lines else "")
    if len(escaped) <= limit:
        return escaped
    cut = escaped.rfind(" ", max(limit - _WORD_SLACK, 0), limit)
    cut = cut if cut > 0 else limit
    return f"{escaped[:cut]}{CUT} (cut at {cut} of {len(escaped)} characters)"


def escape_unsafe(text: object, keep: str = "") -> str:
    """`text` with every unsafe character but those in `keep` escaped, whatever its length."""
    return "".join(char if char in keep else _escape(char) for char in str(text))


def _escape(char: str) -> str:
    if unicodedata.category(char) not in _UNSAFE_CATEGORIES:
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
