"""`SharedBreaker`: the HTTP client's circuit breaker, shared by the processes of one parallel run.

The client keeps the services it found down in its `down` mapping (service key -> `errors.Cause`).
In a parallel run every worker process has its own client, so a service that timed out in
one worker would make each other worker wait for its own timeout. This mapping keeps the
entries as files in a folder that all workers of the run share: the first reason written
for a service wins, and every process sees it on its next request.
"""
from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator, MutableMapping
from dataclasses import asdict
from pathlib import Path

from ...errors import Cause


class SharedBreaker(MutableMapping):
    """A `dict[str, Cause]` of down services, kept in `folder` so that forked processes share it.

    A service is down for the rest of the run: setting a key that is set already keeps the
    first cause, which names the scenario that first saw the service fail.
    """

    def __init__(self, folder: Path | str, entries: dict[str, Cause] | None = None):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        for key, cause in (entries or {}).items():
            self.setdefault(key, cause)

    def setdefault(self, key: str, default: Cause) -> Cause:
        """Record `default` unless a cause for `key` is recorded already, by any process."""
        path = self._path(key)
        # Written aside, then linked into place: linking fails if another process was first,
        # and readers never see a file that is still being written.
        draft = self.folder / f".{key}.{os.getpid()}.{threading.get_ident()}"
        draft.write_text(json.dumps(asdict(default)), encoding="utf-8")
        try:
            os.link(draft, path)
        except FileExistsError:
            return self[key]
        finally:
            draft.unlink()
        return default

    def __getitem__(self, key: str) -> Cause:
        try:
            return Cause(**json.loads(self._path(key).read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise KeyError(key) from None

    def __setitem__(self, key: str, cause: Cause) -> None:
        self.setdefault(key, cause)

    def __delitem__(self, key: str) -> None:
        try:
            self._path(key).unlink()
        except FileNotFoundError:
            raise KeyError(key) from None

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(key for key in os.listdir(self.folder) if _valid(key)))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str) or not _valid(key):
            return False
        return self._path(key).exists()

    def __repr__(self) -> str:
        return f"SharedBreaker({dict(self.items())!r})"

    def _path(self, key: str) -> Path:
        if not _valid(key):
            raise KeyError(key)
        return self.folder / key


def _valid(key: str) -> bool:
    # Service keys name files: no paths, and no dot files, which are drafts.
    return bool(key) and "/" not in key and not key.startswith(".")
