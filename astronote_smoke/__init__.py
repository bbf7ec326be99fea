"""The Astronote release smoke suite: configuration, HTTP client, contract checks and the local reference stack."""

# The package's version: pyproject.toml reads it from here.
__version__ = "1.0.0"
