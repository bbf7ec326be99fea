"""The run's browser process, from the system's executable: a plain subprocess with a DevTools
port, which the browser service connects to over CDP and stops with itself."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from ..errors import NotConfigured

# Debian's package first, then the names other systems and CI runners give Chromium or Chrome.
CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Flags that let Chromium run headless in a container and keep it off the network on its own; and,
# since several scenarios' pages run at once and only one can be in front, that keep the others'
# timers and frames running at full speed (as Playwright's own launch does). The last two keep
# Chromium from starting a renderer process per origin and a spare one after each navigation: a
# run of the seven browser checks started about forty renderers, each costing CPU to start, and
# now starts eight (the pages are the target's own; isolating its origins from each other
# protects nothing here, and the network service enforces CORS whatever the process model).
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows",
         "--disable-renderer-backgrounding", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
         "--disable-site-isolation-trials",
         "--disable-features=site-per-process,IsolateOrigins,OriginKeyedProcessesByDefault,SpareRendererForSitePerProcess")
INSTALL_HINT = "install Debian's chromium package (apt-get install chromium) or Chrome"


class NoBrowser(NotConfigured):
    """No browser to run the browser checks in: they are skipped, never passed."""

    def __init__(self, problem: str):
        Exception.__init__(self, f"no browser: {problem}; set SMOKE_BROWSER to a Chromium or Chrome "
                                 f"executable, or {INSTALL_HINT}")
        self.variables = ("SMOKE_BROWSER",)


def find_browser(configured: str | None) -> str:
    """The executable to run: SMOKE_BROWSER when set, else the first Chromium or Chrome found."""
    if configured:
        found = shutil.which(configured)
        if not found:
            raise NoBrowser(f"SMOKE_BROWSER names {configured!r}, which is not an executable")
        return found
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise NoBrowser("no Chromium or Chrome found on PATH")


class BrowserProcess:
    """A headless browser started at once and waited for on first use: the browser service starts
    it while the run warms the services up, and stops it with itself."""

    def __init__(self, executable: str):
        self.executable = executable
        self._profile = tempfile.mkdtemp(prefix="smoke-browser-")
        self._process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self._profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)  # its own process group: stopping it stops its renderers too

    def endpoint(self, timeout: float) -> str:
        """`http://127.0.0.1:<port>` once the browser listens; NoBrowser if it does not within `timeout`."""
        port_file = Path(self._profile, "DevToolsActivePort")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            lines = port_file.read_text().splitlines() if port_file.exists() else []
            if len(lines) >= 2:
                return f"http://127.0.0.1:{lines[0]}"
            if self._process.poll() is not None:
                raise NoBrowser(f"{self.executable} exited as it started")
            time.sleep(0.02)
        raise NoBrowser(f"{self.executable} did not open its DevTools port within {timeout:g} s")

    def stop(self) -> None:
        if self._process.poll() is None:
            _signal_group(self._process.pid, signal.SIGTERM)
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            _signal_group(self._process.pid, signal.SIGKILL)  # renderers that outlived the browser
            self._process.wait()
        shutil.rmtree(self._profile, ignore_errors=True)


def _signal_group(pid: int, signum: int) -> None:
    try:
        os.killpg(pid, signum)
    except ProcessLookupError:
        pass
