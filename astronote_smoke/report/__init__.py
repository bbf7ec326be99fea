"""The release report: Allure labels and evidence during the run, then the HTML report and sign-off summary.

During a behave run: `formatter.SmokeAllureFormatter` (labels, hook errors, skip reasons),
`run_facts.write_run_facts` (target, release, suite version, who and when) and
`evidence.attach_exchange` (one HTTP exchange with a curl line). After it:
`python -m astronote_smoke.report build` writes reports/summary.md and reports/smoke-report.html,
adds the run to `history.jsonl`, and puts the target's recent verdicts (`trend`) on the first screen.
"""
