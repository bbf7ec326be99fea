"""The parallel run: behave's scenarios run side by side by forked worker processes.

`runner.ParallelRunner` is the runner (`behave --runner=astronote_smoke.behave_adapter.parallel.runner:ParallelRunner`),
and `command.main` the `python -m astronote_smoke run` command that uses it. The other modules serve
it: `units` (one per scenario), `pool` and `worker` (the forked processes), `unit_results` (what a
worker sends back: plain records, with the run's `findings.RunFindings`), `tally` (the JUnit files
and behave's summary, from those records), `console` (each feature's output in one piece), `breaker`
(the circuit breaker all workers share) and `lost` (a scenario whose worker ended, written into the
Allure results).
"""
