"""One run at a time per folder: a second run would clear the first one's results and mix its reports.

`hold_run_lock(folder)` takes an exclusive lock on `<folder>/reports/.smoke-run.lock` for the
life of the process (the kernel drops it when the process ends, however it ends, so a killed
run leaves no stale lock) and writes who holds it. A second run in the same folder stops
before its first request, exit code 2, naming the run that holds the folder.
"""
from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from ..errors import RunInProgress

LOCK_NAME = ".smoke-run.lock"


def hold_run_lock(folder: str | os.PathLike) -> int:
    """Locks the folder for this run; returns the lock's file descriptor, held until the process ends."""
    folder = Path(folder).resolve()
    path = folder / "reports" / LOCK_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(descriptor, 512, 0).decode("utf-8", errors="replace").strip() or "a run that did not say"
        os.close(descriptor)
        raise RunInProgress(folder, holder) from None
    os.ftruncate(descriptor, 0)
    started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    # Pid and start time only: the command line names this machine's folders, and the file sits in reports/.
    os.pwrite(descriptor, f"pid {os.getpid()}, started {started}\n".encode(), 0)
    # Not inherited by programs the run starts (the reference stack): only this process holds the folder.
    os.set_inheritable(descriptor, False)
    return descriptor
