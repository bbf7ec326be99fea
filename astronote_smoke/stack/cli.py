"""The ``serve`` command: run the reference stack in the foreground, print its
URLs and seeded test data as environment lines, stop on Ctrl-C or SIGTERM."""

import argparse
import signal
import time

from .build import DEFAULT_BUILD
from .faults import FAULTS
from .reference import ReferenceStack


def serve_main(argv=None):
    """Run ``serve [--fault NAME ...] [--latency-ms N] [--build N] [--log-requests]``
    (a leading ``serve`` in ``argv`` is accepted); returns the exit code."""
    argv = list(argv or [])
    if argv[:1] == ["serve"]:
        argv = argv[1:]
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        stack = ReferenceStack(faults=args.fault, latency_ms=args.latency_ms, log_requests=args.log_requests,
                               build=args.build)
    except ValueError as problem:
        parser.error(str(problem))
    # SIGTERM ends the stack the way Ctrl-C does.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    began = time.monotonic()
    try:
        with stack:
            faults = ", ".join(args.fault) or "none"
            print(f"# Astronote reference stack ready in {time.monotonic() - began:.2f} s "
                  f"(build {args.build}, faults: {faults})")
            for name, value in stack.env.items():
                print(f"{name}={value}")
            print(f"# database: {stack.db_path}")
            print("# Ctrl-C stops it.", flush=True)
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        return 0


def _parser():
    width = max(map(len, FAULTS))
    faults = "\n".join(f"  {name:<{width}}  {description}" for name, description in FAULTS.items())
    parser = argparse.ArgumentParser(
        prog="serve",
        description="Run the local Astronote reference stack until Ctrl-C.",
        epilog=f"faults:\n{faults}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--fault", action="append", default=[], metavar="NAME[=VALUE]",
                        help="switch a fault on (repeatable)")
    parser.add_argument("--latency-ms", type=int, default=0, metavar="N", help="delay added to every response")
    parser.add_argument("--build", type=int, default=DEFAULT_BUILD, metavar="N",
                        help="the build the services run: a restart with another number is a new deploy")
    parser.add_argument("--log-requests", action="store_true", help="log every request to stderr")
    return parser
