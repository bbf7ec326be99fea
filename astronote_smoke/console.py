"""What the suite tells the person running it, on standard error, with secrets masked."""
from __future__ import annotations

import sys

from .masking import Masker


class Console:
    def __init__(self, masker: Masker, stream=None):
        self.masker = masker
        self.stream = stream or sys.stderr

    def say(self, text: str) -> None:
        self.stream.write(self.masker.mask(text) + "\n")
        self.stream.flush()
