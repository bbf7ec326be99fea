"""Waking sleeping services before the first scenario.

Render's free instances sleep and answer 5xx (or refuse) while they wake. Every configured
service is polled concurrently on its liveness endpoint until it answers with anything but
a 5xx, bounded by SMOKE_WARMUP. A poll that gets no answer at all within SMOKE_TIMEOUT
means the service is hung, not asleep: waiting longer would only delay the verdict. Each poll
has one wall-clock deadline of SMOKE_TIMEOUT, headers included, so a service that trickles
its answer cannot hold the run before its first scenario.
"""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests

from .http import transport_reason
from .services import Service
from .transport import deadline, session as new_session

RETRY_PAUSE_S = 0.25


@dataclass(frozen=True)
class Wake:
    service: Service
    seconds: float
    problem: str | None  # None: awake; otherwise why its scenarios fail at once

    def describe(self) -> str:
        if self.problem:
            return f"{self.service.name}: {self.problem}"
        return f"{self.service.name}: awake after {self.seconds:.1f} s"


def waited(wakes: list[Wake]) -> str:
    """How long the run waited before its first scenario: the services wake concurrently."""
    seconds = max((wake.seconds for wake in wakes), default=0.0)
    text = f"waited {seconds:.1f} s for {len(wakes)} services to wake"
    down = [wake.service.name for wake in wakes if wake.problem]
    return f"{text} ({', '.join(down)} did not)" if down else text


def wake_all(base_urls: dict[Service, str], budget_s: float, timeout_s: float,
             verify: str | bool = True) -> list[Wake]:
    with ThreadPoolExecutor(max_workers=len(base_urls) or 1) as pool:
        jobs = [pool.submit(_wake, service, url + service.liveness_path, budget_s, timeout_s, verify)
                for service, url in base_urls.items()]
        return [job.result() for job in jobs]


def _wake(service: Service, url: str, budget_s: float, timeout_s: float, verify: str | bool) -> Wake:
    started = time.monotonic()
    last = "no answer yet"
    with new_session(verify) as session:
        while True:
            elapsed = time.monotonic() - started
            try:
                with deadline(timeout_s) as limit:
                    try:
                        response = session.get(url, timeout=timeout_s, allow_redirects=False, stream=True)
                        response.close()
                    except requests.exceptions.RequestException:
                        if limit.expired:
                            raise requests.exceptions.ReadTimeout(f"no whole answer within {timeout_s:g} s")
                        raise
                if response.status_code < 500:
                    return Wake(service, time.monotonic() - started, None)
                last = f"it answered {response.status_code}"
            except requests.exceptions.SSLError as error:
                # A certificate or protocol problem does not go away while a service wakes.
                return Wake(service, time.monotonic() - started,
                            f"service unreachable: TLS handshake failed ({transport_reason(error)})")
            except requests.exceptions.ReadTimeout:
                return Wake(service, time.monotonic() - started,
                            f"service unreachable: it accepted a connection but did not answer within {timeout_s:g} s")
            except requests.exceptions.RequestException as error:
                last = transport_reason(error)
            if elapsed + RETRY_PAUSE_S >= budget_s:
                return Wake(service, time.monotonic() - started,
                            f"service unreachable: did not wake within {budget_s:g} s (last: {last})")
            time.sleep(RETRY_PAUSE_S)
