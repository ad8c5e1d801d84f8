"""Settings actions: language, notification kinds, sign out, erase."""

from __future__ import annotations

from aiogram.types import CallbackQuery
from aiogram_dialog import ChatEvent, DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button, ManagedCheckbox

from bot.dialogs.common.context import backend_of, translator_of, user_id_of
from bot.dialogs.common.navigation import open_home
from bot.dialogs.settings.getters import NOTIFICATION_WIDGETS
from bot.dialogs.settings.states import Settings
from bot.middlewares.i18n import forget_language, switch_language

_KIND_OF_WIDGET = {widget_id: kind for kind, widget_id in NOTIFICATION_WIDGETS.items()}


async def _choose_language(manager: DialogManager, language: str) -> None:
    account = await backend_of(manager).update_settings(user_id_of(manager), language=language)
    # From this very answer on: the window below is drawn in the new language.
    await switch_language(manager.middleware_data, account.language)
    if account.linked:
        await manager.switch_to(Settings.main)
    else:
        await open_home(manager, account, show_mode=ShowMode.EDIT)


async def on_ukrainian(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _choose_language(manager, "uk")


async def on_english(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _choose_language(manager, "en")


async def on_notification_toggled(event: ChatEvent, checkbox: ManagedCheckbox, manager: DialogManager) -> None:
    kind = _KIND_OF_WIDGET[checkbox.widget_id]
    try:
        await backend_of(manager).update_settings(user_id_of(manager), notifications={kind: checkbox.is_checked()})
    except Exception:
        # Not saved: show the switch as it was, so the screen never claims what the backend does not hold.
        await checkbox.set_checked(not checkbox.is_checked())
        raise


async def on_sign_out(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    account = await backend_of(manager).sign_out(user_id_of(manager))
    await open_home(manager, account, notice="signed-out", show_mode=ShowMode.EDIT)


async def on_erase(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    i18n = translator_of(manager)
    await backend_of(manager).erase_account(user_id_of(manager))
    await forget_language(manager.middleware_data["state"])
    await manager.reset_stack()
    await callback.bot.send_message(user_id_of(manager), i18n.get("settings-erased"))  # type: ignore[union-attr]
