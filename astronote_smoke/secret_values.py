"""What makes a configured secret unfit to send, found when the configuration is read.

A token pasted from a chat or a web page often carries what no one sees: a zero-width space,
a bidi mark, a line break, a space at either end. Sent as it is, it ends in a 401 or a broken
request that looks like the target's fault. `flaw` names the first such character by its kind
and position (and, for a character that cannot be part of a real secret, its code point), never
the value: the message goes to the console and the CI log.
"""
from __future__ import annotations

import unicodedata

_LINE_BREAKS = {"\n": "LF", "\r": "CR", "\x0b": "VT", "\x0c": "FF", "\x1c": "FS", "\x1d": "GS", "\x1e": "RS",
                "\x85": "NEL", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}


def flaw(value: str, in_header: bool) -> str | None:
    """What is wrong with a secret's text, in words that never quote it; None when it can be sent.

    `in_header`: the value travels in an HTTP header, which carries ASCII only.
    """
    for position, char in enumerate(value, start=1):
        kind = _kind(char)
        if kind:
            return f"holds {kind} at position {position} of {len(value)}: set it again without it"
    if value != value.strip():
        position = 1 if value[0].isspace() else len(value)
        return (f"has whitespace at its {'start' if position == 1 else 'end'} (position {position} of {len(value)}): "
                "set it again without it")
    if in_header and not value.isascii():
        position = next(index for index, char in enumerate(value, start=1) if not char.isascii())
        return (f"holds a non-ASCII character at position {position} of {len(value)}, and it is sent in an HTTP "
                "header, which carries ASCII only: check that it was copied whole")
    return None


def _kind(char: str) -> str | None:
    code = f"U+{ord(char):04X}"
    if char in _LINE_BREAKS:
        return f"a line break ({_LINE_BREAKS[char]}, {code})"
    category = unicodedata.category(char)
    if category == "Cc":
        return f"a control character ({code})"
    if category == "Cf":
        name = unicodedata.name(char, "format character").lower()
        return f"an invisible character ({code}, {name})"
    if category in ("Co", "Cs", "Cn"):
        return f"a character that is no text ({code})"
    return None
