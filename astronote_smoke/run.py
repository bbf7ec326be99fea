"""One smoke run as the steps see it: settings, the masked HTTP client, and credentials on demand."""
from __future__ import annotations

from typing import Callable

from .config import Settings
from .errors import NotConfigured
from .http import Client, Exchange, Reply
from .masking import Masker
from .services import SERVICES, Service, base_url


class SmokeRun:
    def __init__(self, settings: Settings, masker: Masker, on_exchange: Callable[[Exchange], None] | None = None):
        self.settings = settings
        self.masker = masker
        for secret in settings.secrets:
            masker.add_configured(secret)
        urls = {key: base_url(settings, service) for key, service in SERVICES.items()}
        self.client = Client(urls, settings.timeout, masker, on_exchange, verify=settings.tls_verify)

    def send(self, service: Service, method: str, path: str, **options) -> Reply:
        return self.client.request(service, method, path, **options)

    def get(self, service: Service, path: str, **options) -> Reply:
        return self.client.request(service, "GET", path, **options)

    def require(self, variable: str) -> str:
        return self.require_all(variable)[0]

    def require_all(self, *variables: str) -> tuple[str, ...]:
        """The values of the variables, or NotConfigured naming every one that is missing."""
        values = tuple(getattr(self.settings, variable.lower()) for variable in variables)
        missing = [variable for variable, value in zip(variables, values) if not value]
        if missing:
            raise NotConfigured(" and ".join(missing))
        return values

    def remember_secret(self, value: str) -> None:
        """A token obtained during the run is as secret as the configured ones."""
        self.masker.add(value)
