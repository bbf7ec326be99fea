"""`python -m astronote_smoke.report build|summary`: the sign-off summary, and the HTML report with `build`.

Exit codes: 0 written (whatever the verdict: behave's own exit code gates the pipeline),
2 when there is nothing to work with (no results folder, or the Allure CLI not installed).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .build import ReportToolMissing, generate_html
from .summary import write_summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m astronote_smoke.report", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("build", "summary"),
                        help="build: summary and HTML report; summary: summary only (needs no Node.js)")
    parser.add_argument("--results", type=Path, default=Path("reports/allure-results"),
                        help="allure-behave's output folder (default: %(default)s)")
    parser.add_argument("--html", type=Path, default=Path("reports/smoke-report.html"),
                        help="the single-file HTML report to write (default: %(default)s)")
    args = parser.parse_args(argv)

    if not args.results.is_dir():
        print(f"No results in {args.results}: run behave with the Allure formatter first.", file=sys.stderr)
        return 2
    started = time.monotonic()
    markdown, data, summary = write_summary(args.results, args.html.parent, args.html)
    print(f"Summary:     {markdown.resolve()} ({data.name} beside it)")
    print(f"Verdict:     {summary['verdict']} ({summary['total']} scenarios)")
    if args.command == "build":
        try:
            generate_html(args.results, args.html)
        except ReportToolMissing as error:
            print(f"Cannot build the HTML report: {error}.", file=sys.stderr)
            return 2
        print(f"HTML report: {args.html.resolve()} (built in {time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
