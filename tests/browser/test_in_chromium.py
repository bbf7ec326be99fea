"""The browser library against the healthy reference stack, in the system Chromium: a screenshot
never shows the typed password; the run's browser service serves processes forked after it
started, and leaves no process and no profile behind. Fails, naming what to install, without
Chromium: a browser test that skipped silently would let a broken browser check ship."""
import os
import time
from pathlib import Path

from astronote_smoke.browser import cases
from astronote_smoke.browser.client import BrowserService, RemotePage
from astronote_smoke.browser.process import BrowserProcess, find_browser
from astronote_smoke.masking import Masker
from browser_support import settings


def typed_screenshot(engine, stack, password):
    session = engine.page(Masker([password]))
    try:
        engine.run(cases.visit(session, settings(stack), "/auth/retail/login"))
        engine.run(cases.sign_in_form_appears(session, settings(stack)))
        engine.run(session.page.fill("#password", password))
        engine.run(session.page.locator("#password").blur())
        raw = engine.run(session.page.screenshot())
        return engine.run(session.evidence(failed=True)).screenshot, raw
    finally:
        engine.run(session.close())


def test_the_screenshot_masks_the_password_whatever_its_length(engine, stack):
    short, short_raw = typed_screenshot(engine, stack, "pw-1234")
    long, long_raw = typed_screenshot(engine, stack, "a-much-longer-password-typed-in-0123456789")
    assert short_raw != long_raw  # unmasked, the dots show how long the password is
    assert short == long


def test_a_forked_process_uses_the_run_s_browser_service(service, stack):
    _, endpoint = service
    pid = os.fork()
    if pid == 0:
        try:
            with RemotePage(endpoint, settings(stack), Masker(), trace=False) as page:
                page.call("visit", "/")
                page.call("landing_renders_dark")
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_stopping_the_browser_leaves_no_process_and_no_profile():
    process = BrowserProcess(find_browser(os.environ.get("SMOKE_BROWSER")))
    process.endpoint(20)
    pid, profile = process._process.pid, process._profile
    process.stop()
    time.sleep(0.2)
    assert _survivors(pid) == [] and not Path(profile).exists()


def test_stopping_the_service_stops_its_browser_too(stack):
    service = BrowserService(os.environ.get("SMOKE_BROWSER"))
    service.endpoint(30)
    pid, folder = service._process.pid, service._folder
    browsers = [entry.name for entry in Path("/proc").iterdir() if entry.name.isdigit() and _parent(entry) == pid]
    service.stop()
    time.sleep(0.2)
    assert browsers and all(_survivors(int(browser)) == [] for browser in browsers)
    assert not folder.exists() and not Path(f"/proc/{pid}").exists()


def _survivors(group):
    return [entry for entry in Path("/proc").iterdir() if entry.name.isdigit() and _group(entry) == group]


def _group(entry):
    """The process group of a live process; None for a zombie (it holds nothing; its reaper is not ours)."""
    try:
        state, _, group = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:3]
        return None if state == "Z" else int(group)
    except (OSError, IndexError, ValueError):
        return None


def _parent(entry):
    try:
        return int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def test_a_worker_forked_before_the_service_listens_waits_for_it():
    service = BrowserService(os.environ.get("SMOKE_BROWSER"))
    pid = os.fork()
    if pid == 0:
        try:
            service.endpoint(30)
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    service.stop()
    assert os.waitstatus_to_exitcode(status) == 0
