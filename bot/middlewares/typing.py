"""'typing…' in the chat while a handler waits for the backend (shown only when it takes a moment).

Most updates are handled well within the delay, so the cost for them must be close to nothing: a timer
that is cancelled. Only when it fires does a task start sending the chat action (every few seconds, as
Telegram shows it for about five). aiogram's `ChatActionSender` builds its request model, a lock, two
events and a task for every update, and the handler's answer then waited for that task to wind down.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.enums import ChatAction
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message, TelegramObject

TYPING_REPEAT_S = 4.5  # Telegram shows the action for ~5 s or until the bot's next message


class TypingMiddleware(BaseMiddleware):
    """Inner middleware on `message` and `callback_query`."""

    def __init__(self, delay: float, repeat: float = TYPING_REPEAT_S) -> None:
        self.delay = delay
        self.repeat = repeat

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
        loop = asyncio.get_running_loop()
        sender: asyncio.Task[None] | None = None

        def start_typing() -> None:
            nonlocal sender
            sender = loop.create_task(self._keep_typing(bot, chat_id), name="typing")

        timer = loop.call_later(self.delay, start_typing)
        try:
            return await handler(event, data)
        finally:
            timer.cancel()
            if sender is not None:
                sender.cancel()

    async def _keep_typing(self, bot: Bot, chat_id: int) -> None:
        while True:
            with contextlib.suppress(TelegramAPIError):  # a cosmetic hint: never worth failing an update
                await bot.send_chat_action(chat_id=chat_id, action=ChatAction.TYPING)
            await asyncio.sleep(self.repeat)


def _private_chat_id(event: TelegramObject) -> int | None:
    if isinstance(event, Message):
        return event.chat.id
    if isinstance(event, CallbackQuery) and isinstance(event.message, Message):
        return event.message.chat.id
    return None
