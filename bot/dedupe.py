"""Handle each Telegram update once, although Telegram may deliver it more than once.

Telegram redelivers an update (same `update_id`) when the webhook's answer was not a 2xx in time, and
with several workers the copy may reach another process. The first worker to claim an update_id
handles it; the others answer 200 and drop it. With Redis the claim is shared by every worker
(`SET NX EX`); without it each worker remembers the ids it has seen for the same time.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

from redis.asyncio import Redis


class UpdateDeduplicator(Protocol):
    async def first_delivery(self, bot_id: int, update_id: int) -> bool:
        """True exactly once per (bot, update_id) within the TTL: the caller then handles the update."""
        ...

    async def forget(self, bot_id: int, update_id: int) -> None:
        """Release a claim whose update was not taken on (it may be delivered and handled again)."""
        ...


class MemoryDeduplicator:
    """update_ids seen by this process in the last `ttl` seconds (one worker, no Redis).

    Entries expire in insertion order, since the TTL is the same for all; `max_entries` bounds memory
    under a flood of distinct ids.
    """

    def __init__(self, ttl: float, *, max_entries: int = 100_000, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl
        self._max_entries = max_entries
        self._clock = clock
        self._expiry: OrderedDict[tuple[int, int], float] = OrderedDict()

    def __len__(self) -> int:
        return len(self._expiry)

    async def first_delivery(self, bot_id: int, update_id: int) -> bool:
        now = self._clock()
        self._expire(now)
        key = (bot_id, update_id)
        if key in self._expiry:
            return False
        self._expiry[key] = now + self._ttl
        if len(self._expiry) > self._max_entries:
            self._expiry.popitem(last=False)
        return True

    async def forget(self, bot_id: int, update_id: int) -> None:
        self._expiry.pop((bot_id, update_id), None)

    def _expire(self, now: float) -> None:
        while self._expiry:
            key, expires_at = next(iter(self._expiry.items()))
            if expires_at > now:
                return
            del self._expiry[key]


class RedisDeduplicator:
    """A claim per update shared by every worker: `SET key 1 NX EX ttl` succeeds for one of them."""

    def __init__(self, redis: Redis, ttl: int, *, prefix: str = "cabinet") -> None:
        self._redis = redis
        self._ttl = ttl
        self._prefix = prefix

    def _key(self, bot_id: int, update_id: int) -> str:
        return f"{self._prefix}:webhook-update:{bot_id}:{update_id}"

    async def first_delivery(self, bot_id: int, update_id: int) -> bool:
        return bool(await self._redis.set(self._key(bot_id, update_id), b"1", nx=True, ex=self._ttl))

    async def forget(self, bot_id: int, update_id: int) -> None:
        await self._redis.delete(self._key(bot_id, update_id))
