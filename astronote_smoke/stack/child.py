"""Entry point of one stack process, as the parent starts it:
``python -m astronote_smoke.stack.child SERVICE --parent-pid PID --context JSON [--fd FD]``.
It prints ``ready SERVICE`` once it serves, and ends with its parent."""

import argparse
import importlib
import json

from . import process, worker
from .service import Context, hold_connections, serve

APPS = {"web": "web", "shopify-api": "shopify_api", "retail-api": "retail_api"}
HUNG_BY = {"shopify-api": "hung-shopify", "retail-api": "hung-retail"}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="astronote_smoke.stack.child")
    parser.add_argument("service", choices=[*APPS, "worker"])
    parser.add_argument("--parent-pid", type=int, required=True)
    parser.add_argument("--context", required=True, help="the Context of the stack, as JSON")
    parser.add_argument("--fd", type=int, help="the listening socket the parent bound")
    args = parser.parse_args(argv)
    process.follow_parent(args.parent_pid)
    ctx = Context(**json.loads(args.context))

    def announce():
        print(f"ready {args.service}", flush=True)

    if args.service == "worker":
        worker.run(ctx, announce)
    elif args.service in HUNG_BY and ctx.has(HUNG_BY[args.service]):
        hold_connections(args.fd, announce)
    else:
        app = importlib.import_module(f"{__package__}.{APPS[args.service]}")
        serve(args.service, ctx, app.create_app(ctx), args.fd, announce)


if __name__ == "__main__":
    main()
