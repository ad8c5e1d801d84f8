"""An answer refused by Telegram's flood control is sent again after the wait Telegram names.

Telegram lets a bot send about one message a second to a chat, with short bursts. A patient who taps and
types quickly can push the bot's answers past that, and a refused answer (429 with `retry_after`) would be
lost: the patient would see nothing, and even the apology would be refused the same way. So, while an update
is being handled, a refused call waits the time Telegram asks and is sent again (a few times at most, and
never when the wait is long). The notifier's pushes are left alone: it paces every chat itself, and on a
429 it pauses its buckets and sends the event again later. The one exception is the greeting after sign-in,
which the notifier sends from inside the patient's dialog (`answering_in_dialog`): it is two messages (the
greeting, then the menu), and a menu refused after its greeting went out must be sent again there and then,
not the whole push later (the patient would be greeted twice).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject

log = logging.getLogger(__name__)

ATTEMPTS = 3
LONGEST_WAIT_S = 10.0  # past this a patient would rather tap again than watch nothing happen

_handling_update: ContextVar[bool] = ContextVar("handling_update", default=False)


@contextlib.contextmanager
def answering_in_dialog() -> Iterator[None]:
    """The calls made inside this block are answers in a patient's dialog: refused ones are sent again."""
    token = _handling_update.set(True)
    try:
        yield
    finally:
        _handling_update.reset(token)


class HandlingUpdateMiddleware(BaseMiddleware):
    """Outer middleware on `update`: marks the calls made while an update is handled (tasks it starts too)."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        with answering_in_dialog():
            return await handler(event, data)


class RetryAfterMiddleware(BaseRequestMiddleware):
    """Request middleware of the bot's session: a refused answer to an update is sent again after the wait."""

    def __init__(self, attempts: int = ATTEMPTS, longest_wait_s: float = LONGEST_WAIT_S) -> None:
        self.attempts = attempts
        self.longest_wait_s = longest_wait_s

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Any:
        attempt = 1
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as refusal:
                if not _handling_update.get() or attempt >= self.attempts or refusal.retry_after > self.longest_wait_s:
                    raise
                log.info(
                    "telegram asked to slow down; answering again",
                    extra={"method": type(method).__name__, "retry_after": refusal.retry_after, "attempt": attempt},
                )
                await asyncio.sleep(refusal.retry_after)
                attempt += 1
