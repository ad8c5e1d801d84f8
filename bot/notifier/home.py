"""After sign-in: greet the patient by name and open the main menu in their chat, from outside any handler.

The same landing as onboarding's "I have signed in" button (`open_home`, the same greeting texts), reached through
aiogram-dialog's background manager: `fg()` runs this inside the dispatcher with the patient's own dialog stack
(and its lock), so we can see where they are. Whichever comes first wins: if the patient already pressed the
button and left onboarding, the push does nothing; if the push comes first, onboarding's old button is stale
and leads to the menu.
"""

from __future__ import annotations

import asyncio

from aiogram import Bot
from aiogram_dialog import DialogManager
from aiogram_dialog.api.protocols import BgManagerFactory

from bot.api_models import Event
from bot.dialogs.common.context import backend_of
from bot.dialogs.common.navigation import open_home
from bot.dialogs.onboarding.states import Onboarding
from bot.i18n import I18N_KEY, Locales, join_markup
from bot.middlewares.flood import answering_in_dialog

# The dispatcher handles the background event right away; this only guards against it never coming.
FOREGROUND_TIMEOUT_S = 15.0


def in_onboarding(manager: DialogManager) -> bool:
    """Still on the way in (or no dialog at all, e.g. state lost in a restart): the greeting is due."""
    if not manager.has_context():
        return True
    return manager.current_context().state.group is Onboarding


async def greet_and_open_home(dialogs: BgManagerFactory, bot: Bot, event: Event) -> bool:
    """Greet and open the menu unless the patient is already past onboarding. True when greeted."""
    background = dialogs.bg(bot, event.telegram_user_id, event.chat_id)
    # Inside the patient's dialog, as an answer: a menu refused by flood control right after the greeting is
    # sent again after Telegram's wait, instead of the whole push later (which would greet twice).
    with answering_in_dialog():
        async with asyncio.timeout(FOREGROUND_TIMEOUT_S), background.fg() as manager:
            return await _greet_in(manager, bot, event)


async def _greet_in(manager: DialogManager, bot: Bot, event: Event) -> bool:
    """The greeting and the menu, from inside the patient's dialog stack."""
    if not in_onboarding(manager):
        return False
    account = await backend_of(manager).get_account(event.telegram_user_id)
    if not account.linked:
        return False  # signed out again before the greeting went out
    # A background event carries no Telegram user (no language, no FSM state): the account's language
    # renders the greeting and the menu.
    locales: Locales = manager.middleware_data["locales"]
    i18n = manager.middleware_data[I18N_KEY] = locales.translator(account.language)
    parts = [i18n.get("onboarding-greeting", first_name=account.first_name or "")]
    if account.read_only:
        parts.append(i18n.get("onboarding-read-only"))
    if manager.has_context():
        await manager.reset_stack()  # also takes the stale buttons off the onboarding message
    await bot.send_message(event.chat_id, join_markup("\n\n", parts))
    await open_home(manager, account)
    return True
