"""Command line of the suite: `python -m astronote_smoke <command> [options]`.

Commands:
  run     run the suite (behave options pass through, e.g. --tags=@prod)
  watch   run the watch selection (@watch), the campaign send only when due; behave options pass through
  notify  post to SMOKE_NOTIFY_WEBHOOK when this run's verdict differs from the previous watch run's
  serve   start the local reference stack and print its URLs and credentials
  matrix  write docs/deploy/smoke/smoke-matrix.md from the feature files (--check: only compare)
  sweep   clean up the campaigns earlier runs left in the test shop (--dry-run: only list)
  config  write .env.example from the declared variables (--check: only compare)

Installed (`pip install .`), the same commands are `astronote-smoke <command>`.
"""
import sys


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("--help", [])
    if command == "run":
        from .behave_adapter.parallel.command import main as run
        return run(rest)
    if command == "watch":
        from .behave_adapter.parallel.command import main as run
        from .watch import watch_main
        return watch_main(rest, run)
    if command == "notify":
        from .notify import main as notify
        return notify(rest)
    if command == "serve":
        from .stack import serve_main
        return serve_main(rest)
    if command == "matrix":
        from .matrix import main as matrix
        return matrix(rest)
    if command == "sweep":
        from .sweep import main as sweep
        return sweep(rest)
    if command == "config":
        from .config import main as config
        return config(rest)
    print(__doc__.strip(), file=sys.stderr)
    return 0 if command in ("-h", "--help") else 2


def console_script() -> int:
    """The `astronote-smoke` command that `pip install` creates."""
    return main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(console_script())
