"""The shared budget in Redis: the local bucket's rules, atomic across processes (a real Redis server)."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from redis.asyncio import Redis

from backend.registry.budget import BudgetShape, Lane, LocalCallBudget
from backend.registry.budget_redis import RedisCallBudget
from tests.backend.registry.test_call_budget import FakeTime
from tests.conftest import delete_redis_keys

ROOT = Path(__file__).resolve().parents[3]
SMALL = BudgetShape(20, 3600, burst_share=0.5)  # bucket 10, reserve 5, refill 10 an hour: none during a test


def _prefix() -> str:
    return f"test-budget-{uuid4().hex}"


@pytest.fixture
async def prefix(redis_url: str) -> AsyncIterator[str]:
    name = _prefix()
    yield name
    await delete_redis_keys(redis_url, name)


async def _take(budget: RedisCallBudget, lane: Lane, attempts: int) -> int:
    return sum([await budget.try_take(lane) for _ in range(attempts)])


@pytest.mark.redis
async def test_two_budget_objects_together_never_exceed_the_bucket(redis_url: str, prefix: str) -> None:
    first, second = Redis.from_url(redis_url), Redis.from_url(redis_url)  # two connections, as two processes
    try:
        one = RedisCallBudget(first, SMALL, prefix=prefix)
        two = RedisCallBudget(second, SMALL, prefix=prefix)
        taken = await asyncio.gather(*(_take(budget, lane, 15) for budget in (one, two) for lane in Lane))
    finally:
        await first.aclose()
        await second.aclose()
    assert sum(taken) == SMALL.capacity  # the server's clock refills 10 an hour: nothing more comes in
    assert sum(taken) <= SMALL.calls


@pytest.mark.redis
async def test_two_processes_share_one_bucket(redis_url: str, prefix: str) -> None:
    script = (
        "import asyncio, json, sys\n"
        "from redis.asyncio import Redis\n"
        "from backend.registry.budget import BudgetShape, Lane\n"
        "from backend.registry.budget_redis import RedisCallBudget\n"
        "async def main():\n"
        "    redis = Redis.from_url(sys.argv[1])\n"
        "    budget = RedisCallBudget(redis, BudgetShape(20, 3600, burst_share=0.5), prefix=sys.argv[2])\n"
        "    taken = [await budget.try_take(Lane(sys.argv[3])) for _ in range(30)]\n"
        "    await redis.aclose()\n"
        "    print(json.dumps(sum(taken)))\n"
        "asyncio.run(main())\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-c", script, redis_url, prefix, lane, stdout=asyncio.subprocess.PIPE, env=env
        )
        for lane in ("watcher", "patient")
    ]
    outputs = [await process.communicate() for process in processes]
    assert [process.returncode for process in processes] == [0, 0]
    taken = [json.loads(stdout) for stdout, _ in outputs]
    assert sum(taken) == SMALL.capacity
    # Whichever came first, the watcher could take no more than what leaves patients their reserve.
    assert taken[0] <= SMALL.capacity - SMALL.patient_reserve


@pytest.mark.redis
async def test_patients_first_and_the_429_pause_hold_across_processes(redis_url: str, prefix: str) -> None:
    clock = FakeTime()
    redis = Redis.from_url(redis_url)
    try:
        watcher_side = RedisCallBudget(redis, BudgetShape(1000, 900), prefix=prefix, clock=clock)
        patient_side = RedisCallBudget(redis, BudgetShape(1000, 900), prefix=prefix, clock=clock)
        assert await _take(watcher_side, Lane.WATCHER, 100) == 25
        assert await _take(watcher_side, Lane.SYNC, 10) == 0
        assert await patient_side.available(Lane.PATIENT) == 25
        assert await _take(patient_side, Lane.PATIENT, 5) == 5

        await watcher_side.pause(120)  # eHealth said 429 to one process: every process waits
        assert await patient_side.try_take(Lane.PATIENT) is False
        assert await patient_side.available(Lane.PATIENT) == 0
        assert await patient_side.wait_seconds(Lane.PATIENT) == pytest.approx(120)
        clock.now += 120
        assert await patient_side.try_take(Lane.PATIENT) is True
        # The refill went on during the pause (20 left + 126 would come), but never above the bucket's size.
        assert await patient_side.available(Lane.PATIENT) == BudgetShape(1000, 900).capacity - 1

        # A patient turned away in one process holds the watcher back in another until the bucket could be full.
        assert await _take(patient_side, Lane.PATIENT, 50) == 49
        clock.now += 40
        assert await watcher_side.available(Lane.WATCHER) == 0
        hold = BudgetShape(1000, 900).patient_hold_seconds
        assert await watcher_side.wait_seconds(Lane.WATCHER) == pytest.approx(hold - 40)
        clock.now += hold - 40
        assert await watcher_side.available(Lane.WATCHER) > 0
    finally:
        await redis.aclose()


@pytest.mark.redis
async def test_the_bucket_lives_in_one_hash_under_the_prefix_and_expires(redis_url: str, prefix: str) -> None:
    redis = Redis.from_url(redis_url)
    try:
        budget = RedisCallBudget(redis, SMALL, prefix=prefix)
        await budget.try_take(Lane.PATIENT, 3)
        assert [key async for key in redis.scan_iter(f"{prefix}:*")] == [f"{prefix}:bucket".encode()]
        state = await redis.hgetall(f"{prefix}:bucket")
        assert set(state) == {b"tokens", b"stamp", b"paused_until", b"patient_refused_at"}
        assert float(state[b"tokens"]) == pytest.approx(SMALL.capacity - 3, abs=0.01)
        # Full again after (3 tokens / rate) seconds: the key goes a minute after that.
        assert 0 < await redis.ttl(f"{prefix}:bucket") <= 3 / SMALL.rate + 61
    finally:
        await redis.aclose()


OPERATIONS = st.tuples(
    st.floats(min_value=0, max_value=60),  # seconds passing before it
    st.sampled_from(["take", "available", "wait", "pause"]),
    st.sampled_from(list(Lane)),
    st.integers(min_value=1, max_value=12),  # calls, or seconds of a pause ×10
)


@pytest.mark.redis
@settings(max_examples=40, deadline=None)
@given(
    calls=st.integers(min_value=20, max_value=2000),
    burst=st.sampled_from([0.05, 0.2, 0.5]),
    operations=st.lists(OPERATIONS, max_size=40),
)
def test_local_and_redis_agree_on_every_sequence(
    redis_url: str, calls: int, burst: float, operations: list[tuple[float, str, Lane, int]]
) -> None:
    shape = BudgetShape(calls, 900, burst_share=burst)

    async def run() -> None:
        clock, prefix = FakeTime(), _prefix()
        local = LocalCallBudget(shape, clock=clock)
        redis = Redis.from_url(redis_url)
        shared = RedisCallBudget(redis, shape, prefix=prefix, clock=clock)
        try:
            for passing, operation, lane, amount in operations:
                clock.now += passing
                match operation:
                    case "take":
                        assert await shared.try_take(lane, amount) == await local.try_take(lane, amount)
                    case "available":
                        assert await shared.available(lane) == pytest.approx(await local.available(lane))
                    case "wait":
                        assert await shared.wait_seconds(lane, amount) == pytest.approx(
                            await local.wait_seconds(lane, amount)
                        )
                    case "pause":
                        await local.pause(amount * 10)
                        await shared.pause(amount * 10)
        finally:
            await redis.aclose()
            await delete_redis_keys(redis_url, prefix)

    asyncio.run(run())


async def test_without_redis_the_process_keeps_a_budget_of_its_own() -> None:
    unreachable = Redis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.2)  # nothing listens there
    try:
        budget = RedisCallBudget(unreachable, SMALL, prefix=_prefix())
        assert await _take(budget, Lane.WATCHER, 20) == SMALL.capacity - SMALL.patient_reserve
        assert await _take(budget, Lane.PATIENT, 20) == SMALL.patient_reserve
        assert await budget.wait_seconds(Lane.PATIENT) == pytest.approx(1 / SMALL.rate, abs=1)
        rested = RedisCallBudget(unreachable, SMALL, prefix=_prefix())
        await rested.pause(30)  # a full bucket, but eHealth said 429
        assert await rested.try_take(Lane.PATIENT) is False
        assert await rested.wait_seconds(Lane.PATIENT) == pytest.approx(30, abs=1)
    finally:
        await unreachable.aclose()
