"""`InlineKeystrokes` on its own: per user the newest inline query wins, and nothing is kept once it is done."""

from __future__ import annotations

import asyncio
from typing import Any

from aiogram.types import TelegramObject, Update

from bot.handlers.inline import InlineKeystrokes

OLENA, IVAN = 42, 43


def inline_query(update_id: int, user_id: int = OLENA, query: str = "тер") -> Update:
    return Update.model_validate(
        {
            "update_id": update_id,
            "inline_query": {
                "id": f"q{update_id}",
                "from": {"id": user_id, "is_bot": False, "first_name": "Олена"},
                "query": query,
                "offset": "",
            },
        }
    )


class Handling:
    """The rest of the dispatcher behind the middleware: notes what reached it, and can hold it back."""

    def __init__(self) -> None:
        self.reached: list[int] = []
        self.gate = asyncio.Event()
        self.gate.set()

    async def __call__(self, event: TelegramObject, data: dict[str, Any]) -> str:
        assert isinstance(event, Update)
        self.reached.append(event.update_id)
        await self.gate.wait()
        return "handled"


async def test_a_query_overtaken_while_waiting_is_superseded_and_the_newest_is_not() -> None:
    keystrokes, handling = InlineKeystrokes(), Handling()
    handling.gate.clear()
    first = asyncio.create_task(keystrokes(handling, inline_query(10), {}))
    second = asyncio.create_task(keystrokes(handling, inline_query(11), {}))
    other_user = asyncio.create_task(keystrokes(handling, inline_query(9, IVAN), {}))
    await asyncio.sleep(0)

    assert keystrokes.superseded(OLENA, 10)
    assert not keystrokes.superseded(OLENA, 11)
    assert not keystrokes.superseded(IVAN, 9)  # users do not overtake each other
    handling.gate.set()
    assert await asyncio.gather(first, second, other_user) == ["handled"] * 3
    assert keystrokes.users_in_flight == 0  # nothing kept once a user's queries are done


async def test_a_keystroke_delivered_after_a_newer_one_is_dropped_on_arrival() -> None:
    keystrokes, handling = InlineKeystrokes(), Handling()
    handling.gate.clear()
    newer = asyncio.create_task(keystrokes(handling, inline_query(21), {}))
    await asyncio.sleep(0)

    assert await keystrokes(handling, inline_query(20), {}) is None
    handling.gate.set()
    assert await newer == "handled"
    assert handling.reached == [21]


async def test_other_updates_pass_untouched() -> None:
    keystrokes, handling = InlineKeystrokes(), Handling()
    message = Update.model_validate(
        {
            "update_id": 5,
            "message": {
                "message_id": 1,
                "date": 1_700_000_000,
                "chat": {"id": OLENA, "type": "private"},
                "from": {"id": OLENA, "is_bot": False, "first_name": "Олена"},
                "text": "/start",
            },
        }
    )
    assert await keystrokes(handling, message, {}) == "handled"
    assert keystrokes.users_in_flight == 0
