"""The notifier's rate limiters: never more than the global and per-chat rates, 429 pauses honoured.

The Redis limiter is checked against real Redis: two limiters on two connections stand for two notifier
processes sharing one bot's buckets, and a property test requires it to answer exactly as the memory limiter
(the reference) does for any sequence of requests, pauses and moves of the clock.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from uuid import uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from redis.asyncio import Redis

from bot.notifier.config import NotifierSettings
from bot.notifier.limits import (
    Admission,
    MemoryRateLimiter,
    RateLimiter,
    RedisRateLimiter,
    create_rate_limiter,
)


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def limiter(
    clock: FakeTime, *, global_rate: float = 30, global_burst: int = 5, chat_burst: int = 1
) -> MemoryRateLimiter:
    return MemoryRateLimiter(
        global_rate=global_rate, global_burst=global_burst, chat_rate=1.0, chat_burst=chat_burst, clock=clock
    )


async def test_one_chat_gets_one_message_a_second() -> None:
    clock = FakeTime()
    limits = limiter(clock)
    assert (await limits.acquire(7)).granted
    refused = await limits.acquire(7)
    assert not refused.granted and refused.chat_limited
    assert refused.retry_in == 1.0
    assert (await limits.acquire(8)).granted  # another chat is not held back
    clock.now += 1.0
    assert (await limits.acquire(7)).granted


async def test_the_global_bucket_refuses_past_its_burst_and_says_how_long() -> None:
    clock = FakeTime()
    limits = limiter(clock)
    granted = [(await limits.acquire(chat)).granted for chat in range(10)]
    assert granted == [True] * 5 + [False] * 5
    refused = await limits.acquire(99)
    assert not refused.chat_limited
    assert abs(refused.retry_in - 1 / 30) < 1e-9


async def test_a_two_message_notification_costs_the_chat_two_seconds() -> None:
    clock = FakeTime()
    limits = limiter(clock)
    assert (await limits.acquire(7, cost=2)).granted
    clock.now += 1.0
    assert not (await limits.acquire(7)).granted
    clock.now += 1.0
    assert (await limits.acquire(7)).granted


async def test_telegram_pauses_are_honoured_for_the_chat_or_everyone() -> None:
    clock = FakeTime()
    limits = limiter(clock)
    await limits.pause(3, chat_id=7)
    refused = await limits.acquire(7)
    assert not refused.granted and refused.chat_limited and refused.retry_in == 3
    assert (await limits.acquire(8)).granted
    await limits.pause(2)
    refused = await limits.acquire(9)
    assert not refused.granted and not refused.chat_limited and refused.retry_in == 2
    clock.now += 3
    assert (await limits.acquire(7)).granted


@settings(max_examples=40, deadline=None)
@given(
    chats=st.integers(min_value=1, max_value=50),
    steps=st.lists(st.floats(min_value=0, max_value=0.2), min_size=50, max_size=400),
)
async def test_granted_messages_stay_within_both_rates_in_every_window(chats: int, steps: list[float]) -> None:
    clock = FakeTime()
    limits = limiter(clock)
    granted: list[tuple[float, int]] = []
    for index, step in enumerate(steps):
        clock.now += step
        chat = index % chats
        if (await limits.acquire(chat)).granted:
            granted.append((clock.now, chat))
    for start, _ in granted:
        # A window of 1 s: at most burst + rate messages overall, at most burst + 1 to one chat.
        in_second = [chat for at, chat in granted if start <= at < start + 1.0]
        assert len(in_second) <= 5 + 30
        for chat in set(in_second):
            assert in_second.count(chat) <= 2


# The Redis limiter ------------------------------------------------------------------------------------------

RATES = {"global_rate": 30.0, "global_burst": 5, "chat_rate": 1.0, "chat_burst": 1}


@asynccontextmanager
async def redis_space(redis_url: str) -> AsyncIterator[tuple[Callable[[], Redis], str]]:
    """New connections to Redis (one per simulated notifier) and a key prefix no other test uses, emptied after."""
    prefix = f"test-limits-{uuid4().hex}"
    clients: list[Redis] = []

    def connect() -> Redis:
        clients.append(Redis.from_url(redis_url))
        return clients[-1]

    try:
        yield connect, prefix
    finally:
        cleaner = connect()
        keys = [key async for key in cleaner.scan_iter(f"{prefix}:*")]
        if keys:
            await cleaner.delete(*keys)
        for client in clients:
            await client.aclose()


def redis_limiter(
    redis: Redis, prefix: str, clock: Callable[[], float] | None = None, **rates: float
) -> RedisRateLimiter:
    return RedisRateLimiter(redis, prefix=prefix, clock=clock, **{**RATES, **rates})  # type: ignore[arg-type]


@pytest.mark.redis
async def test_two_notifiers_share_one_chat_s_bucket_and_each_other_s_pauses(redis_url: str) -> None:
    async with redis_space(redis_url) as (connect, prefix):
        first, second = redis_limiter(connect(), prefix), redis_limiter(connect(), prefix)
        assert (await first.acquire(7)).granted
        refused = await second.acquire(7)  # the chat's one message a second went through the other notifier
        assert not refused.granted and refused.chat_limited
        assert 0.5 < refused.retry_in <= 1.0
        assert (await second.acquire(8)).granted

        await first.pause(3, chat_id=9)
        refused = await second.acquire(9)
        assert not refused.granted and refused.chat_limited and 2.5 < refused.retry_in <= 3.0
        await second.pause(2)  # Telegram's 429 to one notifier holds every notifier back
        refused = await first.acquire(10)
        assert not refused.granted and not refused.chat_limited and 1.5 < refused.retry_in <= 2.0


@pytest.mark.redis
async def test_a_two_message_notification_leaves_the_chat_in_debt_for_the_other_notifier(redis_url: str) -> None:
    clock = FakeTime()
    async with redis_space(redis_url) as (connect, prefix):
        first, second = redis_limiter(connect(), prefix, clock), redis_limiter(connect(), prefix, clock)
        assert (await first.acquire(7, cost=2)).granted
        clock.now += 1.0
        refused = await second.acquire(7)
        assert not refused.granted and refused.chat_limited and refused.retry_in == 1.0
        clock.now += 1.0
        assert (await second.acquire(7)).granted


@pytest.mark.redis
async def test_idle_buckets_vanish_from_redis(redis_url: str) -> None:
    async with redis_space(redis_url) as (connect, prefix):
        redis = connect()
        limits = redis_limiter(redis, prefix, chat_rate=10.0)  # a chat's bucket is full again after 0.1 s
        assert (await limits.acquire(7)).granted
        chat_key, global_key = f"{prefix}:chat:7", f"{prefix}:global"
        # Until full again (0.1 s for the chat, 1/30 s for the global bucket) plus a second's margin.
        assert 900 < await redis.pttl(chat_key) <= 1100
        assert 900 < await redis.pttl(global_key) <= 1034
        await limits.pause(5, chat_id=8)
        assert 5000 < await redis.pttl(f"{prefix}:chat:8") <= 6000
        async with asyncio.timeout(5):
            while await redis.exists(chat_key, global_key):  # noqa: ASYNC110
                await asyncio.sleep(0.1)


@pytest.mark.redis
async def test_concurrent_notifiers_get_no_more_than_burst_plus_rate_over_any_window(redis_url: str) -> None:
    rate, burst, run_for = 200.0, 10, 1.2
    async with redis_space(redis_url) as (connect, prefix):
        limiters = [redis_limiter(connect(), prefix, global_rate=rate, global_burst=burst) for _ in range(2)]
        # Each grant happened inside Redis between these two readings of the same machine's clock (Redis's TIME
        # and time.time() read one clock here).
        grants: list[tuple[float, float]] = []
        chats = iter(range(1_000_000))  # a new chat each time: only the global bucket limits
        deadline = time.time() + run_for

        async def hammer(limits: RedisRateLimiter) -> None:
            while time.time() < deadline:
                before = time.time()
                admission = await limits.acquire(next(chats))
                if admission.granted:
                    grants.append((before, time.time()))

        await asyncio.gather(*(hammer(limits) for limits in limiters for _ in range(4)))

    grants.sort()
    # Busy enough that the bucket, not the test, decided: most of what the rate allows was granted.
    assert len(grants) >= rate * run_for * 0.5
    for window in (0.05, 0.25, 1.0):
        for start, _ in grants:
            surely_inside = sum(1 for before, after in grants if before >= start and after <= start + window)
            assert surely_inside <= burst + rate * window + 1e-9, (window, surely_inside)


class Operation:
    """One step of the property test, applied to both limiters."""

    def __init__(self, kind: str, chat: int, amount: float) -> None:
        self.kind, self.chat, self.amount = kind, chat, amount

    def __repr__(self) -> str:
        return f"{self.kind}({self.chat}, {self.amount})"


operations = st.one_of(
    st.builds(Operation, st.just("wait"), st.just(0), st.floats(min_value=0, max_value=1.5)),
    st.builds(Operation, st.just("acquire"), st.integers(0, 3), st.sampled_from([1, 1, 1, 2])),
    st.builds(Operation, st.just("pause_chat"), st.integers(0, 3), st.sampled_from([0.5, 1, 3])),
    st.builds(Operation, st.just("pause_all"), st.just(0), st.sampled_from([0.5, 1, 2])),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(operations, min_size=1, max_size=40), burst=st.integers(1, 5), chat_burst=st.integers(1, 3))
@pytest.mark.redis
async def test_redis_buckets_answer_as_the_memory_reference_does(
    redis_url: str, steps: list[Operation], burst: int, chat_burst: int
) -> None:
    clock = FakeTime()
    rates = {**RATES, "global_burst": burst, "chat_burst": chat_burst}
    reference = MemoryRateLimiter(clock=clock, **rates)  # type: ignore[arg-type]
    async with redis_space(redis_url) as (connect, prefix):
        shared = [redis_limiter(connect(), prefix, clock, **rates) for _ in range(2)]
        for number, step in enumerate(steps):
            redis_side: RateLimiter = shared[number % 2]  # the notifiers take turns
            if step.kind == "wait":
                clock.now += step.amount
            elif step.kind == "acquire":
                expected = await reference.acquire(step.chat, cost=int(step.amount))
                answer = await redis_side.acquire(step.chat, cost=int(step.amount))
                assert same(answer, expected), (step, answer, expected)
            else:
                chat = step.chat if step.kind == "pause_chat" else None
                await reference.pause(step.amount, chat)
                await redis_side.pause(step.amount, chat)


def same(answer: Admission, expected: Admission) -> bool:
    return (
        answer.granted == expected.granted
        and answer.chat_limited == expected.chat_limited
        and math.isclose(answer.retry_in, expected.retry_in, rel_tol=1e-12, abs_tol=1e-12)
    )


@pytest.mark.redis
async def test_the_notifier_shares_its_limits_through_redis_only_when_it_has_redis(redis_url: str) -> None:
    async with redis_space(redis_url) as (connect, prefix):
        settings = NotifierSettings(_env_file=None, limits_key_prefix=prefix)  # type: ignore[call-arg]
        assert isinstance(create_rate_limiter(settings, 42), MemoryRateLimiter)
        redis = connect()
        shared = create_rate_limiter(settings, 42, redis)
        assert isinstance(shared, RedisRateLimiter)
        assert (await shared.acquire(7)).granted
        # Telegram counts per bot, so the bot's id is part of every key.
        assert await redis.exists(f"{prefix}:42:chat:7", f"{prefix}:42:global") == 2
