"""What keeps a run against production safe, before and while it runs.

`run_lock.hold_run_lock` keeps a second run out of the folder; `writes.ensure_allowed` lets
campaigns go to the configured test shop only; `signals.interrupts_held` keeps Ctrl-C from cutting
a creation or a cleanup in half. In the adapter, `behave_adapter.tags.check_tags` stops a run whose
tag expression names a tag no scenario has, and `behave_adapter.output.guard_behave_output` masks
secrets in what behave itself writes.
"""
