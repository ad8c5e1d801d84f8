"""An update_id is handled once: in one worker's memory, and across workers through Redis."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given
from hypothesis import strategies as st
from redis.asyncio import Redis

from bot.dedupe import MemoryDeduplicator, RedisDeduplicator


class ManualClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@given(st.lists(st.tuples(st.integers(1, 3), st.integers(0, 40)), max_size=200))
def test_memory_accepts_each_update_exactly_once(deliveries: list[tuple[int, int]]) -> None:
    deduplicator = MemoryDeduplicator(ttl=60)

    async def run() -> list[bool]:
        return [await deduplicator.first_delivery(bot_id, update_id) for bot_id, update_id in deliveries]

    accepted = asyncio.run(run())
    seen: set[tuple[int, int]] = set()
    expected = []
    for delivery in deliveries:
        expected.append(delivery not in seen)
        seen.add(delivery)
    assert accepted == expected


async def test_memory_forgets_after_the_ttl_and_on_request() -> None:
    clock = ManualClock()
    deduplicator = MemoryDeduplicator(ttl=30, clock=clock)
    assert await deduplicator.first_delivery(1, 10)
    clock.now += 29.9
    assert not await deduplicator.first_delivery(1, 10)
    clock.now += 0.2
    assert await deduplicator.first_delivery(1, 10)  # expired: a genuinely new delivery
    await deduplicator.forget(1, 10)
    assert await deduplicator.first_delivery(1, 10)


async def test_memory_stays_bounded_under_a_flood_of_ids() -> None:
    deduplicator = MemoryDeduplicator(ttl=3600, max_entries=100)
    for update_id in range(1000):
        assert await deduplicator.first_delivery(1, update_id)
    assert len(deduplicator) == 100
    assert not await deduplicator.first_delivery(1, 999)


@pytest.mark.redis
async def test_redis_lets_one_of_many_workers_claim_an_update(redis_url: str, redis_prefix: str) -> None:
    clients = [Redis.from_url(redis_url) for _ in range(4)]  # four workers, four connections
    try:
        workers = [RedisDeduplicator(client, ttl=120, prefix=redis_prefix) for client in clients]
        for update_id in range(50):
            claims = await asyncio.gather(*(worker.first_delivery(7, update_id) for worker in workers))
            assert sum(claims) == 1, (update_id, claims)
        assert await workers[0].first_delivery(8, 0)  # another bot's update 0 is another update
        ttl = await clients[0].ttl(f"{redis_prefix}:webhook-update:7:0")
        assert 0 < ttl <= 120
        await workers[1].forget(7, 0)
        assert await workers[2].first_delivery(7, 0)
    finally:
        for client in clients:
            await client.aclose()
