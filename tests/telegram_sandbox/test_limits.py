"""Flood limits: per chat and per bot, 429 with retry_after, and what does not count as a message."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter

from sandbox.telegram.config import TelegramSandboxSettings
from sandbox.telegram.ratelimit import TokenBucket, admit
from sandbox.telegram.server import RunningSandbox
from sandbox.telegram.simulation import SimulatedUser
from tests.telegram_sandbox.conftest import make_settings


def started(sandbox: RunningSandbox, act: Callable[..., SimulatedUser], name: str) -> int:
    user = sandbox.world.create_user(name)
    act(user.id).send_text("/start")
    return user.id


@pytest.mark.parametrize("settings", [make_settings(chat_rate_per_s=1, chat_burst=4)])
async def test_a_chat_takes_a_short_burst_then_gets_429(
    settings: TelegramSandboxSettings, bot: Bot, sandbox: RunningSandbox, act: Callable[..., SimulatedUser]
) -> None:
    patient = started(sandbox, act, "Олена")
    other = started(sandbox, act, "Іван")
    sent = [await bot.send_message(patient, f"Повідомлення {i}") for i in range(4)]

    with pytest.raises(TelegramRetryAfter) as limited:
        await bot.send_message(patient, "П'яте")
    assert limited.value.retry_after >= 1
    assert limited.value.message.endswith(f"Too Many Requests: retry after {limited.value.retry_after}")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_location(patient, latitude=50.45, longitude=30.52)

    # Another chat has its own bucket; edits, actions and callback answers create no messages.
    assert (await bot.send_message(other, "Вам можна")).text == "Вам можна"
    await bot.edit_message_text("Виправлено", chat_id=patient, message_id=sent[0].message_id)
    await bot.send_chat_action(patient, "typing")
    counters = sandbox.world.bot().stats
    assert counters.rate_limited == 2 and counters.messages_sent == 5


@pytest.mark.parametrize("settings", [make_settings(global_rate_per_s=1, global_burst=3)])
async def test_the_bot_as_a_whole_is_limited_across_chats(
    settings: TelegramSandboxSettings, bot: Bot, sandbox: RunningSandbox, act: Callable[..., SimulatedUser]
) -> None:
    patients = [started(sandbox, act, f"Пацієнт {i}") for i in range(4)]
    for patient in patients[:3]:
        await bot.send_message(patient, "Нагадування")
    with pytest.raises(TelegramRetryAfter) as limited:
        await bot.send_message(patients[3], "Нагадування")
    assert limited.value.retry_after == 1
    assert sandbox.world.bot().stats.rate_limited == 1


@pytest.mark.parametrize("settings", [make_settings(enforce_limits=False, chat_burst=1, global_burst=1)])
async def test_limits_can_be_switched_off(
    settings: TelegramSandboxSettings, bot: Bot, sandbox: RunningSandbox, act: Callable[..., SimulatedUser]
) -> None:
    patient = started(sandbox, act, "Олена")
    for i in range(20):
        await bot.send_message(patient, f"{i}")
    assert sandbox.world.bot().stats.rate_limited == 0


async def test_a_bucket_refills_at_its_rate() -> None:
    chat = TokenBucket(rate_per_s=50, capacity=2)
    overall = TokenBucket(rate_per_s=1000, capacity=1000)
    assert admit(overall, chat) is None
    assert admit(overall, chat) is None
    assert admit(overall, chat) == 1  # the wait is rounded up to whole seconds, at least one
    await asyncio.sleep(0.03)  # 50 tokens/s: one more after 20 ms
    assert admit(overall, chat) is None
    assert admit(overall, chat) == 1
