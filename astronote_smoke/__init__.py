"""The Astronote release smoke suite: configuration, HTTP client, contract checks and the local reference stack."""

__version__ = "1.0.0"
