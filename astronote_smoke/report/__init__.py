"""The release report: Allure labels and evidence during the run, then the HTML report and sign-off summary.

During a behave run, the adapter's `behave_adapter.allure_formatter.SmokeAllureFormatter` labels each
result (`labels.scenario_labels`, `categories`), `run_facts.write_run_facts` records the target, release,
suite version, who and when, and `behave_adapter.evidence.attach_exchange` attaches one HTTP exchange
as `evidence.format_exchange` writes it, with a curl line; `junit_xml.write_suite` writes each feature's
JUnit file from plain records. After it, `summary.summarize` and
`first_screen.first_screen` give the verdict, and `python -m astronote_smoke.report build` writes
reports/summary.md and reports/smoke-report.html (`build.generate_html`), adds the run to the history (`history.record`)
and puts the target's recent verdicts (`trend`) on the first screen.
"""
