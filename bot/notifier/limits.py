"""Telegram's flood limits on the notifier's side: a global token bucket and one per chat.

Telegram allows about 30 messages a second overall and about one a second per chat; beyond that it answers 429
with `retry_after`. A message needs a token from both buckets, taken together or not at all. `RateLimiter` is
the interface the notifier uses; `MemoryRateLimiter` serves one process (a shared Redis implementation can take
its place for several workers without changing the notifier).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

# Idle chats whose buckets are full again are forgotten beyond this many tracked chats.
MAX_TRACKED_CHATS = 50_000


@dataclass(frozen=True, slots=True)
class Admission:
    granted: bool
    retry_in: float = 0.0  # seconds until the limiting bucket has a token again
    chat_limited: bool = False  # only this chat must wait; other chats may send now


GRANTED = Admission(True)


class RateLimiter(Protocol):
    async def acquire(self, chat_id: int, cost: int = 1) -> Admission:
        """Take `cost` messages' worth from the chat's bucket and the global one, or say how long to wait."""
        ...

    async def pause(self, seconds: float, chat_id: int | None = None) -> None:
        """Telegram said 429: no message to this chat (or to anyone, when `chat_id` is None) for `seconds`."""
        ...


class TokenBucket:
    """`rate` tokens a second up to `capacity`. A message of cost n may take the balance below zero (debt),
    so a two-message notification waits longer afterwards instead of never fitting into a bucket of one."""

    __slots__ = ("_stamp", "_tokens", "capacity", "paused_until", "rate")

    def __init__(self, rate: float, capacity: float, now: float) -> None:
        self.rate = rate
        self.capacity = capacity
        self._tokens = capacity
        self._stamp = now
        self.paused_until = 0.0

    def wait(self, now: float) -> float:
        """Seconds until a message may go (0 when it may go now)."""
        self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
        if now < self.paused_until:
            return self.paused_until - now
        return 0.0 if self._tokens >= 1.0 else (1.0 - self._tokens) / self.rate

    def take(self, cost: int) -> None:
        self._tokens -= cost

    def idle_and_full(self, now: float) -> bool:
        return now >= self.paused_until and self._tokens + (now - self._stamp) * self.rate >= self.capacity


class MemoryRateLimiter:
    def __init__(
        self,
        *,
        global_rate: float,
        global_burst: int,
        chat_rate: float,
        chat_burst: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._clock = clock
        self._chat_rate = chat_rate
        self._chat_burst = float(chat_burst)
        self._global = TokenBucket(global_rate, float(global_burst), clock())
        self._chats: dict[int, TokenBucket] = {}

    def _chat(self, chat_id: int, now: float) -> TokenBucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            if len(self._chats) >= MAX_TRACKED_CHATS:
                self._forget_idle(now)
            bucket = self._chats[chat_id] = TokenBucket(self._chat_rate, self._chat_burst, now)
        return bucket

    def _forget_idle(self, now: float) -> None:
        for chat_id in [chat_id for chat_id, bucket in self._chats.items() if bucket.idle_and_full(now)]:
            del self._chats[chat_id]

    async def acquire(self, chat_id: int, cost: int = 1) -> Admission:
        now = self._clock()
        chat = self._chat(chat_id, now)
        chat_wait = chat.wait(now)
        if chat_wait > 0:
            return Admission(False, chat_wait, chat_limited=True)
        global_wait = self._global.wait(now)
        if global_wait > 0:
            return Admission(False, global_wait)
        chat.take(cost)
        self._global.take(cost)
        return GRANTED

    async def pause(self, seconds: float, chat_id: int | None = None) -> None:
        now = self._clock()
        bucket = self._global if chat_id is None else self._chat(chat_id, now)
        bucket.paused_until = max(bucket.paused_until, now + seconds)
