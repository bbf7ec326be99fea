"""The behave hooks of the smoke suite: a table of contents. The work is in `astronote_smoke.behave_adapter.hooks`."""
from astronote_smoke.behave_adapter import hooks


def before_all(context):
    """Check the tags and the configuration, start the local stack when no target is named, wake the services."""
    hooks.before_all(context)


def before_scenario(context, scenario):
    """Name the case on every request the scenario sends."""
    hooks.before_scenario(context, scenario)


def after_step(context, step):
    """Excuse a failure that is the known issue of this target."""
    hooks.after_step(context, step)


def after_scenario(context, scenario):
    """Judge the scenario's known issue and record its outcome."""
    hooks.after_scenario(context, scenario)


def after_all(context):
    """Sum up the known issues and write the run's outcomes."""
    hooks.after_all(context)
