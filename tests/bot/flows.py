"""Opening a flow the way another flow opens it (`manager.start(state)` on the patient's dialog stack), for flows
whose entry (a menu button, the medical record's overview) is not theirs to test.

aiogram-dialog's foreground manager runs inside the patient's own dialog stack, in their account's language;
the flow's first window is rendered before it returns. Like a notification button, it starts from the main menu,
so "Back" lands there.
"""

from __future__ import annotations

from aiogram.fsm.state import State
from aiogram_dialog import ShowMode, StartMode
from aiogram_dialog.api.protocols import BgManagerFactory

from bot.app import DIALOGS_KEY
from bot.dialogs.main_menu.states import MainMenu
from bot.i18n import I18N_KEY, Locales
from tests.bot.harness import Patient, Seen, Stack


async def open_flow(stack: Stack, patient: Patient, state: State) -> Seen:
    """Start `state` on top of the main menu, as a new message; what the patient saw."""
    run = stack.run
    assert run is not None
    dialogs: BgManagerFactory = run.dispatcher[DIALOGS_KEY]
    feed = stack.telegram.world.events
    before = feed.last_seq
    account = await run.backend.get_account(patient.id)
    async with dialogs.bg(run.bot, patient.id, patient.id).fg() as manager:
        # A background event carries no Telegram user's language: the account's, as the notifier does.
        locales: Locales = manager.middleware_data["locales"]
        manager.middleware_data[I18N_KEY] = locales.translator(account.language)
        await manager.start(MainMenu.main, mode=StartMode.RESET_STACK, show_mode=ShowMode.NO_UPDATE)
        await manager.start(state, show_mode=ShowMode.SEND)
    changed: dict[int, dict[str, object]] = {}
    for event in feed.after(before, user_id=patient.id):
        message = event.get("message")
        if event["kind"] in {"message", "message_edited"} and message and message.get("direction") == "bot":
            changed[message["message_id"]] = message
    current = [patient.chat.messages.get(message_id) for message_id in sorted(changed)]
    return Seen([stored.data for stored in current if stored is not None])
