"""The suite's side of the browser service: `BrowserService` starts it for the run (while the
services warm up) and stops it; `RemotePage` is one scenario's page in it, whose calls block
the calling step while the service runs other scenarios' pages beside it. A process forked
after the service started reaches it too: the address and the key are all it needs."""
from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from multiprocessing.connection import Client
from pathlib import Path

from ..errors import Cause, ContractViolation, ServiceUnreachable, SuiteError
from ..masking import Masker
from .page import PageEvidence
from .process import NoBrowser, find_browser
from .service import READY_FILE

FAILURES = {"ContractViolation": ContractViolation, "ServiceUnreachable": ServiceUnreachable}
POLL_S = 0.02
STOP_S = 5
# The browser and the driver start while the services warm up; on a loaded machine that takes
# longer than a service may take to answer, so their bound is their own, not T.
START_S = 40


class BrowserService:
    """The run's browser service, started now, or the reason there is none (raised when a scenario asks)."""

    def __init__(self, configured: str | None):
        self.problem: NoBrowser | None = None
        self._process: subprocess.Popen | None = None
        self._owner = os.getpid()
        self._key = secrets.token_bytes(32)
        self._folder = Path(tempfile.mkdtemp(prefix="smoke-browser-service-"))
        try:
            executable = find_browser(configured)
            self._process = subprocess.Popen(
                [sys.executable, "-m", "astronote_smoke.browser.service", executable, str(self._folder),
                 str(self._owner)], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True)
            self._process.stdin.write(self._key.hex().encode() + b"\n")
            self._process.stdin.close()
        except NoBrowser as problem:
            self.problem = problem
        except OSError as error:
            self.problem = NoBrowser(f"{configured or 'the browser'} could not be started ({error.strerror})")

    def endpoint(self, timeout: float = START_S) -> tuple[tuple, bytes]:
        """The service's address and key once it serves; NoBrowser if it does not within `timeout`."""
        if self.problem is not None:
            raise self.problem
        ready = self._folder / READY_FILE
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            exited = self._exited()  # looked at first: a service that tells its problem writes it, then exits
            if ready.exists():
                told = json.loads(ready.read_text(encoding="utf-8"))
                if "problem" in told:
                    raise NoBrowser(told["problem"])
                return tuple(told["address"]), self._key
            if exited:
                raise NoBrowser("the browser service exited as it started")
            time.sleep(POLL_S)
        raise NoBrowser(f"the browser did not start within {timeout:g} s")

    def _exited(self) -> bool:
        if os.getpid() == self._owner:
            return self._process.poll() is not None
        # A forked worker is not the service's parent: poll() would take "not my child" for an exit.
        try:
            os.kill(self._process.pid, 0)
        except ProcessLookupError:
            return True
        return False

    def stop(self) -> None:
        if os.getpid() != self._owner:
            return  # a forked worker: the service is the run's
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=STOP_S)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        shutil.rmtree(self._folder, ignore_errors=True)


class RemotePage:
    """One scenario's page in the service: `with RemotePage(endpoint, settings, masker, trace) as page:`.
    A scenario that `signs_in` gets a context of its own; the others a lane, reset for them."""

    def __init__(self, endpoint: tuple[tuple, bytes], settings, masker: Masker, trace: bool, signs_in: bool = False):
        address, key = endpoint
        self.masker = masker
        try:
            self._connection = Client(address, authkey=key)
            self._connection.send((settings, list(settings.secrets), trace, signs_in))
            answer = self._connection.recv()
        except (OSError, EOFError) as error:
            raise SuiteError(f"the browser service could not be reached ({type(error).__name__})") from None
        self._answer(answer)

    def __enter__(self) -> RemotePage:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def call(self, name: str, *args):
        """Runs case `name` on this page; its result, or its failure raised here."""
        return self._request(("call", name, args))

    def evidence(self, failed: bool) -> PageEvidence:
        evidence = self._request(("evidence", "", (failed,)))
        for value in evidence.learned:
            self.masker.add(value)
        # Masked again with all the run knows: tokens the suite's own requests learned too.
        evidence.learned = []
        evidence.url = self.masker.mask(evidence.url)
        evidence.console_errors = [self.masker.mask(line) for line in evidence.console_errors]
        evidence.failed_requests = [self.masker.mask(line) for line in evidence.failed_requests]
        return evidence

    def close(self) -> None:
        try:
            self._connection.send(("close",))
        except (OSError, EOFError):
            pass
        self._connection.close()

    def _request(self, request: tuple):
        try:
            self._connection.send(request)
            return self._answer(self._connection.recv())
        except (OSError, EOFError):
            raise SuiteError("the browser service went away during the scenario") from None

    def _answer(self, answer: tuple):
        if answer[0] == "ok":
            return answer[1]
        if answer[0] == "failed":
            _, name, message, cause = answer
            # A failure crosses from the service as its class, message and cause: the outputs group by the cause.
            raise ServiceUnreachable(message, Cause(*cause)) if cause else FAILURES[name](message)
        raise SuiteError(f"browser: {answer[1]}")
