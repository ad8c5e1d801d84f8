"""'typing…' appears only when a handler takes longer than the delay, repeats while it runs, and stops."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from aiogram.types import Chat, Message

from bot.middlewares.typing import TypingMiddleware

CHAT_ID = 4242


class RecordingBot:
    def __init__(self) -> None:
        self.actions: list[tuple[int, str]] = []

    async def send_chat_action(self, chat_id: int, action: str) -> bool:
        self.actions.append((chat_id, action))
        return True


def a_message() -> Message:
    return Message(message_id=1, date=datetime.now(UTC), chat=Chat(id=CHAT_ID, type="private"), text="Київ")


async def handle_taking(seconds: float, middleware: TypingMiddleware, bot: RecordingBot) -> str:
    async def handler(event: Any, data: dict[str, Any]) -> str:
        await asyncio.sleep(seconds)
        return "handled"

    result: str = await middleware(handler, a_message(), {"bot": bot})
    return result


async def test_a_quick_handler_shows_no_typing() -> None:
    bot = RecordingBot()
    assert await handle_taking(0.01, TypingMiddleware(delay=0.2), bot) == "handled"
    await asyncio.sleep(0.3)  # the timer was cancelled: nothing fires later either
    assert bot.actions == []


async def test_a_slow_handler_shows_typing_repeatedly_until_it_ends() -> None:
    bot = RecordingBot()
    assert await handle_taking(0.35, TypingMiddleware(delay=0.05, repeat=0.1), bot) == "handled"
    sent = len(bot.actions)
    assert 2 <= sent <= 4
    assert set(bot.actions) == {(CHAT_ID, "typing")}
    await asyncio.sleep(0.25)
    assert len(bot.actions) == sent  # stopped with the handler
