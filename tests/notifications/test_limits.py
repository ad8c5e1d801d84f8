"""The notifier's rate limiter: never more than the global and per-chat rates, 429 pauses honoured."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.notifier.limits import MemoryRateLimiter


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
