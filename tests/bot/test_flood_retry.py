"""Which calls are sent again after Telegram's 429: answers to updates, a few times, for short waits only."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import SendMessage, TelegramMethod

from bot.middlewares.flood import HandlingUpdateMiddleware, RetryAfterMiddleware

METHOD = SendMessage(chat_id=1, text="Добрий день")


class FloodedTelegram:
    """A Telegram that refuses the first `refusals` calls with `retry_after`, then sends."""

    def __init__(self, refusals: int, retry_after: int = 0) -> None:
        self.refusals = refusals
        self.retry_after = retry_after
        self.calls = 0

    async def __call__(self, bot: Bot, method: TelegramMethod[Any]) -> str:
        self.calls += 1
        if self.calls <= self.refusals:
            raise TelegramRetryAfter(method, "Too Many Requests", self.retry_after)
        return "sent"


async def while_handling_an_update(telegram: FloodedTelegram, retry: RetryAfterMiddleware) -> Any:
    async def handler(event: Any, data: dict[str, Any]) -> Any:
        return await retry(telegram, Bot.__new__(Bot), METHOD)  # type: ignore[arg-type]

    return await HandlingUpdateMiddleware()(handler, METHOD, {})  # type: ignore[arg-type]


async def test_an_answer_is_sent_again_after_the_wait() -> None:
    telegram = FloodedTelegram(refusals=2)
    assert await while_handling_an_update(telegram, RetryAfterMiddleware(attempts=3)) == "sent"
    assert telegram.calls == 3


async def test_an_answer_refused_every_time_gives_up_after_the_attempts() -> None:
    telegram = FloodedTelegram(refusals=5)
    with pytest.raises(TelegramRetryAfter):
        await while_handling_an_update(telegram, RetryAfterMiddleware(attempts=3))
    assert telegram.calls == 3


async def test_a_long_wait_is_not_waited_for() -> None:
    telegram = FloodedTelegram(refusals=1, retry_after=30)
    with pytest.raises(TelegramRetryAfter):
        await while_handling_an_update(telegram, RetryAfterMiddleware(longest_wait_s=10))
    assert telegram.calls == 1


async def test_a_call_outside_an_update_is_left_to_its_caller() -> None:
    # The notifier's pushes: it pauses its buckets and sends the event again itself.
    telegram = FloodedTelegram(refusals=1)
    with pytest.raises(TelegramRetryAfter):
        await RetryAfterMiddleware()(telegram, Bot.__new__(Bot), METHOD)  # type: ignore[arg-type]
    assert telegram.calls == 1
