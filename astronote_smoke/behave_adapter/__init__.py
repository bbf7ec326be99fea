"""The one place of the library that knows behave and Allure.

Everything else works on plain records (`astronote_smoke.outcome`): the hooks here turn behave's
scenarios into `Outcome`s, the reporters write them into Allure and JUnit, and the parallel runner
sends them back from its workers.

- `hooks`: what `environment.py` calls, hook by hook.
- `runner`: the runner whose exit code is the verdict's (`parallel` runs it in worker processes).
- `records`: a finished scenario as an `Outcome`; the run's `RunRecord`; `reports/outcomes.json`.
- `features`: the feature files as plain records (for the matrix, the case ids, the release set).
- `allure_formatter`, `evidence`: the Allure results, and what they attach.
- `junit`: each scenario as a plain `report.junit_xml.JUnitCase`, and the reporter that writes them.
- `known_reds`, `skips`, `tags`, `output`: known issues, skipped checks, tag checks, masked output.
- `result_writes`: the result files a full disk kept the run from writing.
"""
