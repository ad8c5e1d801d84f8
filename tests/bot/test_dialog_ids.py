"""The ids of the dialogs the bot opens: never two alike, however many open within one second.

aiogram-dialog's own draw tells apart at most 100 dialogs a second, and a repeated id made it draw the sign-in
step twice after sign-out, the second time without «Ви вийшли з кабінету…» (bot/dialog_ids.py).
"""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup
from aiogram_dialog.api.entities.stack import Stack, id_to_str

from bot.api_client import BackendClient
from bot.app import create_dispatcher
from bot.config import BotSettings
from bot.dialog_ids import ID_SPACE

# Far more than 100 (the clock-based draw's values within one second) and than 200 (within two): drawn in a
# few milliseconds, they would hold repeats however the seconds fell.
DIALOGS = 1_000


class Probe(StatesGroup):
    shown = State()


async def test_dialogs_opened_at_once_never_share_an_id() -> None:
    async with BackendClient("http://127.0.0.1:9", "unused") as backend:
        create_dispatcher(BotSettings(_env_file=None), backend)  # type: ignore[call-arg]  # what the product runs

    stacks = [Stack() for _ in range(DIALOGS)]
    intents = [stack.push(Probe.shown, None).id for stack in stacks]

    assert len(set(intents)) == DIALOGS
    assert len({stack.id for stack in stacks}) == DIALOGS
    # In a button's 64 bytes of callback data: at most 8 characters (aiogram-dialog's own took up to 6).
    assert max(len(intent) for intent in intents) <= len(id_to_str(ID_SPACE - 1)) == 8
