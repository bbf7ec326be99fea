"""Known issues: defects a target really has, which the release gate reports as known, not as failed.

`file.load_known_issues` reads `known-issues.toml`; `verdicts` says what a scenario's outcome means
when an entry applies to it (known, fixed, expired, different); `reds` holds the hooks that excuse a
known failure and mark it in the Allure results; `junit` writes a known red into the JUnit XML as
skipped.
"""
