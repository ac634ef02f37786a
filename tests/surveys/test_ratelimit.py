"""The poster rate limiter: sliding window, per key, bounded memory, thread-safe."""

from __future__ import annotations

import threading

from smallcs.surveys import RateLimiter
from smallcs.surveys.signing import MAX_FORM_AGE_SECONDS


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_sliding_window_per_key() -> None:
    clock = FakeClock()
    limiter = RateLimiter(limit=3, window=60, clock=clock)
    assert [limiter.allow("a") for _i in range(4)] == [True, True, True, False]
    assert limiter.allow("b")
    assert limiter.retry_after("a") == 60
    clock.now += 30
    assert not limiter.allow("a") and limiter.retry_after("a") == 30
    clock.now += 30.5
    assert limiter.allow("a") and limiter.retry_after("b") == 0


def test_memory_is_bounded() -> None:
    limiter = RateLimiter(limit=1, window=60, max_keys=100)
    for n in range(1000):
        limiter.allow(n)
    assert len(limiter) == 100
    assert limiter.allow(0)  # forgotten long ago, least recently used first


def test_a_form_is_taken_once_while_it_could_be_sent() -> None:
    clock = FakeClock()
    limiter = RateLimiter(limit=3, window=60, max_keys=100, clock=clock)
    assert limiter.first_send((7, "form-1")) and not limiter.first_send((7, "form-1"))
    assert limiter.first_send((7, "form-2")) and limiter.first_send((8, "form-1"))
    limiter.forget_send((7, "form-2"))  # its answer was not stored: it may come again
    assert limiter.first_send((7, "form-2"))
    clock.now += MAX_FORM_AGE_SECONDS + 1  # the form itself is refused as stale by now
    assert limiter.first_send((7, "form-1"))
    for n in range(1000):
        limiter.first_send((9, n))
    assert limiter.first_send((9, 0))  # bounded: the oldest forgotten first


def test_concurrent_hits_never_exceed_the_limit() -> None:
    limiter = RateLimiter(limit=50, window=60)
    allowed: list[bool] = []
    lock = threading.Lock()

    def hammer() -> None:
        for _i in range(100):
            ok = limiter.allow("same")
            with lock:
                allowed.append(ok)

    threads = [threading.Thread(target=hammer) for _i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(allowed) == 50
