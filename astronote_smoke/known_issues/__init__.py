"""Known issues: defects a target really has, which the release gate reports as known, not as failed.

`file.load_known_issues` reads `known-issues.toml`; `verdicts` says what a scenario's outcome means
when an entry applies to it (known, fixed, expired, different), on plain data. The behave side
(excusing a known failure, marking it in Allure and JUnit) is in `behave_adapter.known_reds`.
"""
