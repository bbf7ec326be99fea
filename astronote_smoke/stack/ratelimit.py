"""Per-key request limits over fixed windows, as express-rate-limit applies
them in one API process, with the headers it sends (draft-7 style)."""

import collections
import math
import threading
import time


class FixedWindow:
    """At most ``limit`` requests per key in each ``window`` seconds, counted
    from the key's first request of the window."""

    def __init__(self, limit, window=60.0):
        self.limit = limit
        self.window = window
        self._windows = collections.defaultdict(lambda: [0.0, 0])  # key -> [start, hits]
        self._lock = threading.Lock()

    def hit(self, key):
        """Count one request for ``key``. Returns (allowed, headers)."""
        now = time.monotonic()
        with self._lock:
            window = self._windows[key]
            if now >= window[0] + self.window:
                window[:] = [now, 0]
            window[1] += 1
            allowed = window[1] <= self.limit
            remaining = max(self.limit - window[1], 0)
            reset = max(math.ceil(window[0] + self.window - now), 1)
        headers = {
            "RateLimit-Policy": f"{self.limit};w={int(self.window)}",
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(remaining),
            "RateLimit-Reset": str(reset),
        }
        if not allowed:
            headers["Retry-After"] = str(reset)
        return allowed, headers
