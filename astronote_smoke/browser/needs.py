"""What a browser case takes from the run's own HTTP side, in the scenario's process: whether a
service the page needs is already known to be down, and the figures the page must show."""
from __future__ import annotations

from .. import retail
from ..checks import expect
from ..errors import ServiceUnreachable
from ..run import SmokeRun
from ..services import Service


def known_down(run: SmokeRun, urls: dict[Service, str]) -> None:
    """Fails at once, as the HTTP checks do, when the run already knows that a service the page
    needs (its URL there by service) is down: no browser waits on a dead service."""
    for service, url in urls.items():
        if service.key in run.client.down:
            cause = run.client.down[service.key]
            raise ServiceUnreachable(f"{service.name} {url} in a browser: {cause.down_text()}", cause)


def total_campaigns(run: SmokeRun) -> float:
    """`totalCampaigns` of the test user's KPIs, as the retail API answers them to the suite."""
    reply = retail.kpis(run, retail.access_token(run))
    return expect.number(reply, expect.json_object(reply, 200), "totalCampaigns")
