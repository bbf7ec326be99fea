"""Settings of the browser tests: the stack's, with the contract's default T."""
from astronote_smoke.config import settings_from


def settings(stack):
    return settings_from({**stack.env, "SMOKE_TIMEOUT": "10"})
