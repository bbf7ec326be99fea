"""How the stack's processes start and end. In the parent: launching a child
with its listening socket, waiting for every child's readiness line, and
stopping children (close their stdin, then terminate, then kill). In a child:
ending with the parent, however the parent ends."""

import ctypes
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

CHILD_MODULE = "astronote_smoke.stack.child"
# The directory holding the astronote_smoke package, for children started from anywhere.
PROJECT_ROOT = Path(__file__).resolve().parents[2]
PR_SET_PDEATHSIG = 1


class StackError(RuntimeError):
    """A stack process did not start."""


class Child:
    """One running stack process and where its stderr goes."""

    def __init__(self, service, popen, log_path):
        self.service = service
        self.popen = popen
        self.log_path = log_path

    def log_tail(self, limit=4000):
        if self.log_path is None:
            return "(its stderr went to the terminal)"
        try:
            text = Path(self.log_path).read_text(errors="replace")
        except OSError:
            return "(no stderr)"
        return text[-limit:] or "(no stderr)"


def launch(service, context_json, fd=None, log_path=None):
    """Start ``python -m astronote_smoke.stack.child SERVICE``. Its stdin is a
    pipe only the parent holds, its stdout carries the readiness line, its
    stderr goes to ``log_path`` (None: the parent's stderr)."""
    command = [
        sys.executable, "-m", CHILD_MODULE, service,
        "--parent-pid", str(os.getpid()), "--context", context_json,
    ]
    if fd is not None:
        command += ["--fd", str(fd)]
    path = os.environ.get("PYTHONPATH")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_ROOT), path])))
    stderr = open(log_path, "wb") if log_path else None
    try:
        popen = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
            pass_fds=() if fd is None else (fd,), env=env,
        )
    finally:
        if stderr:
            stderr.close()
    return Child(service, popen, log_path)


def wait_ready(children, timeout):
    """Return once every child has printed its readiness line; StackError with
    the child's stderr if one exits first or the time runs out."""
    deadline = time.monotonic() + timeout
    pending = {child.popen.stdout: child for child in children}
    with selectors.DefaultSelector() as selector:
        for stdout, child in pending.items():
            selector.register(stdout, selectors.EVENT_READ, child)
        while pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                child = next(iter(pending.values()))
                raise StackError(f"{child.service} was not ready within {timeout} s; its stderr:\n{child.log_tail()}")
            for key, _ in selector.select(remaining):
                child = key.data
                line = key.fileobj.readline()
                if not line:  # stdout closed: the child has ended
                    code = child.popen.wait()
                    raise StackError(f"{child.service} exited with code {code} before it was ready; its stderr:\n{child.log_tail()}")
                if not line.startswith(b"ready"):
                    raise StackError(f"{child.service} printed {line!r} instead of its readiness line")
                selector.unregister(key.fileobj)
                del pending[key.fileobj]


def stop(children, grace=2.0):
    """End the children: EOF on stdin first (they exit at once), then SIGTERM,
    then SIGKILL for any still running after ``grace`` seconds each."""
    for child in children:
        child.popen.stdin.close()
    for ending in (None, subprocess.Popen.terminate, subprocess.Popen.kill):
        deadline = time.monotonic() + grace
        for child in children:
            if ending and child.popen.poll() is None:
                ending(child.popen)
        for child in children:
            try:
                child.popen.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        if all(child.popen.poll() is not None for child in children):
            break
    for child in children:
        child.popen.stdout.close()


def follow_parent(parent_pid):
    """In a child: exit when the parent ends, even by SIGKILL. Two ways, as
    either alone has a gap: the kernel's parent-death signal (Linux; it follows
    the parent *thread* that started us) and EOF on stdin, a pipe only the
    parent holds, which closes whenever the parent process ends."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(0)
    threading.Thread(target=_exit_at_eof, name="parent-watch", daemon=True).start()


def _exit_at_eof():
    sys.stdin.buffer.read()
    # Nothing to flush or close: state is committed SQLite, connections may just drop.
    os._exit(0)
