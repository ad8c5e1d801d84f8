"""One test user's chat with the bot in the Telegram emulator, driven through its control API.

The bot runs as in production (its own polling loop), so nothing in the test knows when it has finished
an update; every action instead waits for what the patient would wait for: the bot's message, new or
edited after the action, that shows the expected text. Waiting long-polls the emulator's change feed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from sandbox.telegram.client import Message, TelegramSandboxClient, inline_buttons

ANSWER_TIMEOUT_S = 15.0

Expected = str | Callable[[Message], bool]


def showing(*fragments: str) -> Callable[[Message], bool]:
    """A bot message whose visible text has every fragment."""
    return lambda message: all(fragment in message.get("text", "") for fragment in fragments)


def button_texts(message: Message) -> list[str]:
    return [button["text"] for button in inline_buttons(message)]


def url_of(message: Message, text: str) -> str:
    button = next((button for button in inline_buttons(message) if button["text"] == text), None)
    assert button is not None, f"no button {text!r} on the message; it has {button_texts(message)}"
    assert "url" in button, f"{text!r} is not a link button: {button}"
    return str(button["url"])


class Chat:
    def __init__(self, telegram: TelegramSandboxClient, user_id: int) -> None:
        self.telegram = telegram
        self.user_id = user_id

    async def cursor(self) -> int:
        """The emulator's change feed position now: what happens later is 'after' it."""
        return int((await self.telegram.events())["last_seq"])

    async def answer_to(self, action: Awaitable[Any], expected: Expected) -> Message:
        """Do the action, then wait for the bot's message sent or edited after it that shows `expected`."""
        cursor = await self.cursor()
        await action
        return await self.bot_message_after(cursor, expected)

    async def bot_message_after(
        self, cursor: int, expected: Expected, *, within_s: float = ANSWER_TIMEOUT_S
    ) -> Message:
        wanted = _predicate(expected)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within_s
        while (remaining := deadline - loop.time()) > 0:
            batch = await self.telegram.events(cursor, timeout=remaining, user_id=self.user_id)
            cursor = batch["last_seq"]
            for event in batch["events"]:
                message = event.get("message") or {}
                is_bot_message = event["kind"] in {"message", "message_edited"} and message.get("direction") == "bot"
                if is_bot_message and wanted(message):
                    return message
        seen = [m.get("text", "")[:120] for m in (await self.telegram.messages(self.user_id))[-3:]]
        raise AssertionError(f"the bot did not show the expected message within {within_s} s; last: {seen}")

    # What the patient does -----------------------------------------------------------------------------

    async def send(self, text: str, expected: Expected) -> Message:
        return await self.answer_to(self.telegram.send_text(self.user_id, text), expected)

    async def press(self, button: str, expected: Expected) -> Message:
        """Press the inline button with this text on the newest message that has it."""
        return await self.answer_to(self.telegram.press_button_by_text(self.user_id, button), expected)

    async def press_reply(
        self, button: str, expected: Expected, *, location: tuple[float, float] | None = None
    ) -> Message:
        latitude, longitude = location or (None, None)
        pressed = self.telegram.press_reply_button(self.user_id, button, latitude=latitude, longitude=longitude)
        return await self.answer_to(pressed, expected)

    # What the patient sees -----------------------------------------------------------------------------

    async def reply_keyboard(self) -> list[str]:
        keyboard = (await self.telegram.chat(self.user_id)).get("reply_keyboard") or {}
        return [button["text"] for row in keyboard.get("keyboard", []) for button in row]

    async def bot_texts(self) -> list[str]:
        return [m.get("text", "") for m in await self.telegram.messages(self.user_id) if m["direction"] == "bot"]


def _predicate(expected: Expected) -> Callable[[Message], bool]:
    return showing(expected) if isinstance(expected, str) else expected
