"""Where dialog state and per-user locks live: memory for one process, Redis for several workers.

aiogram-dialog keeps its stacks and contexts in the FSM storage under the "aiogd" destiny, so the key
builder must include the destiny (`with_destiny=True`) or a dialog's state would overwrite the user's
own FSM data. The event isolation is a per-user lock: with Redis it holds across workers, so two
workers never handle one user's updates at the same time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from redis.asyncio import Redis

from bot.config import BotSettings
from bot.dedupe import MemoryDeduplicator, RedisDeduplicator, UpdateDeduplicator

KEY_PREFIX = "cabinet"


@dataclass(frozen=True)
class BotState:
    """The state a bot process keeps outside its handlers; `redis` is None in memory mode."""

    storage: BaseStorage
    isolation: BaseEventIsolation
    redis: Redis | None = None

    def deduplicator(self, ttl: int, *, prefix: str = KEY_PREFIX) -> UpdateDeduplicator:
        """Shared across workers with Redis; per process otherwise."""
        if self.redis is not None:
            return RedisDeduplicator(self.redis, ttl, prefix=prefix)
        return MemoryDeduplicator(ttl)

    async def close(self) -> None:
        await self.isolation.close()
        await self.storage.close()  # closes the Redis connection pool the isolation shares


def create_redis_storage(
    url: str, *, prefix: str = KEY_PREFIX, ttl: timedelta | None = None
) -> tuple[RedisStorage, RedisEventIsolation]:
    """Dialog state and per-user locks shared by several bot workers (DESIGN: scaling past one machine).

    With `ttl` an abandoned dialog's data expires (it holds what the patient typed); each write renews it.
    """
    key_builder = DefaultKeyBuilder(prefix=prefix, with_destiny=True)
    storage = RedisStorage.from_url(url, key_builder=key_builder, state_ttl=ttl, data_ttl=ttl)
    return storage, RedisEventIsolation(storage.redis, key_builder=key_builder)


def state_ttl(settings: BotSettings) -> timedelta:
    return timedelta(days=settings.state_ttl_days)


def create_bot_state(settings: BotSettings, *, prefix: str = KEY_PREFIX) -> BotState:
    if settings.redis_url:
        storage, isolation = create_redis_storage(settings.redis_url, prefix=prefix, ttl=state_ttl(settings))
        return BotState(storage, isolation, storage.redis)
    return BotState(MemoryStorage(), SimpleEventIsolation())
