"""The browser library against the healthy reference stack, in the system Chromium: one browser
serves processes forked after it started, a screenshot never shows the typed password, and the
run's browser leaves no process and no profile behind. Fails, naming what to install, without
Chromium: a browser test that skipped silently would let a broken browser check ship."""
import os
import time
from pathlib import Path

import pytest

from astronote_smoke.browser import cases
from astronote_smoke.browser.page import PageSession
from astronote_smoke.browser.process import RunBrowser
from astronote_smoke.masking import Masker
from browser_support import settings




def typed_screenshot(endpoint, stack, password):
    with PageSession(endpoint, Masker([password]), trace=False) as session:
        cases.visit(session, settings(stack), "/auth/retail/login")
        cases.sign_in_form_appears(session, settings(stack))
        session.page.fill("#password", password)
        session.page.locator("#password").blur()
        raw = session.page.screenshot()
        return session.evidence(failed=True).screenshot, raw


def test_the_screenshot_masks_the_password_whatever_its_length(browser, stack):
    _, endpoint = browser
    short, short_raw = typed_screenshot(endpoint, stack, "pw-1234")
    long, long_raw = typed_screenshot(endpoint, stack, "a-much-longer-password-typed-in-0123456789")
    assert short_raw != long_raw  # unmasked, the dots show how long the password is
    assert short == long


def test_a_forked_process_uses_the_same_browser(browser, stack):
    _, endpoint = browser
    pid = os.fork()
    if pid == 0:
        try:
            with PageSession(endpoint, Masker(), trace=False) as session:
                cases.visit(session, settings(stack), "/")
                cases.landing_renders_dark(session, settings(stack))
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_stopping_the_browser_leaves_no_process_and_no_profile():
    browser = RunBrowser(os.environ.get("SMOKE_BROWSER"))
    browser.endpoint(20)
    process = browser.process
    pid, profile = process._process.pid, process._profile
    browser.stop()
    time.sleep(0.2)
    survivors = [entry for entry in Path("/proc").iterdir() if entry.name.isdigit() and _group(entry) == pid]
    assert survivors == [] and not Path(profile).exists()


def _group(entry):
    """The process group of a live process; None for a zombie (it holds nothing; its reaper is not ours)."""
    try:
        state, _, group = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:3]
        return None if state == "Z" else int(group)
    except (OSError, IndexError, ValueError):
        return None


def test_a_worker_forked_before_the_browser_listens_waits_for_it():
    browser = RunBrowser(os.environ.get("SMOKE_BROWSER"))
    pid = os.fork()
    if pid == 0:
        try:
            browser.endpoint(20)
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    browser.stop()
    assert os.waitstatus_to_exitcode(status) == 0
