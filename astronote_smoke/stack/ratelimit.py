"""Per-key request limits over a sliding window, as express-rate-limit applies
them in one API process."""

import collections
import threading
import time


class SlidingWindow:
    """At most ``limit`` requests per key in any ``window`` seconds."""

    def __init__(self, limit, window=60.0):
        self.limit = limit
        self.window = window
        self._hits = collections.defaultdict(collections.deque)
        self._lock = threading.Lock()

    def hit(self, key):
        """Count one request for ``key``. Returns 0 if it is allowed, else the
        seconds until the next one will be (a refused request is not counted)."""
        now = time.monotonic()
        with self._lock:
            hits = self._hits[key]
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return hits[0] + self.window - now
            hits.append(now)
            return 0
