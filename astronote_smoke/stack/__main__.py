"""``python -m astronote_smoke.stack serve [--fault NAME ...] [--latency-ms N]``."""

import sys

from .cli import serve_main

sys.exit(serve_main(sys.argv[1:]))
