"""A small in-memory sliding-window rate limiter for reusable poster codes."""

from __future__ import annotations

import collections
import threading
import time
from collections.abc import Callable, Hashable

from smallcs.surveys.signing import MAX_FORM_AGE_SECONDS

POSTER_LIMIT = 5
POSTER_WINDOW_SECONDS = 600.0
MAX_TRACKED_CLIENTS = 10_000


class RateLimiter:
    """At most ``limit`` hits per ``window`` seconds per key; thread-safe, bounded memory.

    Keys are forgotten least-recently-used first once ``max_keys`` are tracked,
    so a flood of distinct clients cannot grow the process without bound. The
    state lives in one process: each survey server counts its own clients.
    """

    def __init__(
        self,
        *,
        limit: int = POSTER_LIMIT,
        window: float = POSTER_WINDOW_SECONDS,
        max_keys: int = MAX_TRACKED_CLIENTS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1 or window <= 0 or max_keys < 1:
            raise ValueError("limit, window and max_keys must be positive")
        self.limit = limit
        self.window = window
        self.max_keys = max_keys
        self._clock = clock
        self._hits: collections.OrderedDict[Hashable, collections.deque[float]] = (
            collections.OrderedDict()
        )
        self._sent: collections.OrderedDict[Hashable, float] = collections.OrderedDict()  # first_send
        self._lock = threading.Lock()

    def _recent(self, key: Hashable, now: float) -> collections.deque[float]:
        hits = self._hits.get(key)
        if hits is None:
            hits = collections.deque()
            self._hits[key] = hits
            while len(self._hits) > self.max_keys:
                self._hits.popitem(last=False)
        else:
            self._hits.move_to_end(key)
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        return hits

    def allow(self, key: Hashable) -> bool:
        """Count one hit for ``key`` and say whether it is within the limit.

        A refused hit is not counted, so a client that waits gets back in.
        """
        with self._lock:
            now = self._clock()
            hits = self._recent(key, now)
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True

    def first_send(self, key: Hashable) -> bool:
        """Whether a form (``key``: the card and the form's nonce) is sent for the first time.

        A poster's form is taken once: a double tap on Send, or Back after the thank-you
        page and Send again, would count one customer's answer twice. Forms are remembered
        for as long as one stays valid (``signing.MAX_FORM_AGE_SECONDS``), the oldest
        forgotten first beyond ``max_keys``.
        """
        with self._lock:
            now = self._clock()
            while self._sent and next(iter(self._sent.values())) <= now - MAX_FORM_AGE_SECONDS:
                self._sent.popitem(last=False)
            if key in self._sent:
                return False
            self._sent[key] = now
            while len(self._sent) > self.max_keys:
                self._sent.popitem(last=False)
            return True

    def forget_send(self, key: Hashable) -> None:
        """The form ``key`` was not taken after all (refused, or its answer not stored): it may come again."""
        with self._lock:
            self._sent.pop(key, None)

    def retry_after(self, key: Hashable) -> int:
        """Seconds until ``key`` may hit again (0 when it may now)."""
        with self._lock:
            now = self._clock()
            hits = self._recent(key, now)
            if len(hits) < self.limit:
                return 0
            return max(1, int(hits[0] + self.window - now + 0.999))

    def __len__(self) -> int:
        with self._lock:
            return len(self._hits)


poster_limiter = RateLimiter()
"""The process-wide limiter the survey server uses for poster codes."""
