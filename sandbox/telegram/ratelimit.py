"""Telegram's flood limits as token buckets.

Telegram publishes the limits only roughly: a bot should not send more than about one message per
second to a chat (short bursts pass) and about thirty messages per second overall. Each bot has one
global bucket and one bucket per chat; a message needs a token from both. Edits, deletions, chat
actions and query answers do not create messages and are not counted here.
"""

from __future__ import annotations

import math
import time


class TokenBucket:
    __slots__ = ("_stamp", "_tokens", "capacity", "rate")

    def __init__(self, rate_per_s: float, capacity: int) -> None:
        self.rate = rate_per_s
        self.capacity = float(capacity)
        self._tokens = float(capacity)
        self._stamp = time.monotonic()

    def wait_s(self, now: float) -> float:
        """Seconds until one token is available (0 when one is available now)."""
        self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
        return 0.0 if self._tokens >= 1.0 else (1.0 - self._tokens) / self.rate

    def take(self) -> None:
        self._tokens -= 1.0


def admit(*buckets: TokenBucket) -> int | None:
    """Take a token from every bucket, or return Telegram's `retry_after` (whole seconds, at least 1)."""
    now = time.monotonic()
    wait = max(bucket.wait_s(now) for bucket in buckets)
    if wait > 0:
        return max(1, math.ceil(wait))
    for bucket in buckets:
        bucket.take()
    return None
