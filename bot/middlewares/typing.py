"""'typing…' in the chat while a handler waits for the backend (shown only when it takes a moment)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram.utils.chat_action import ChatActionSender


class TypingMiddleware(BaseMiddleware):
    """Inner middleware on `message` and `callback_query`."""

    def __init__(self, delay: float) -> None:
        self.delay = delay

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        chat_id = _private_chat_id(event)
        if chat_id is None:
            return await handler(event, data)
        bot: Bot = data["bot"]
        async with ChatActionSender.typing(chat_id=chat_id, bot=bot, initial_sleep=self.delay):
            return await handler(event, data)


def _private_chat_id(event: TelegramObject) -> int | None:
    if isinstance(event, Message):
        return event.chat.id
    if isinstance(event, CallbackQuery) and isinstance(event.message, Message):
        return event.message.chat.id
    return None
