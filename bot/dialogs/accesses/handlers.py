"""Доступи: revoking a system's access. Revoking this bot's own access also signs the patient out here:
the registry no longer accepts our tokens, so the next step is a new sign-in."""

from __future__ import annotations

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button, Select

from bot.api_client import BackendError
from bot.dialogs.accesses.data import ACCESSES_KEY, DONE_KEY, PAGE_KEY, REVOKE_KEY
from bot.dialogs.accesses.states import Accesses
from bot.dialogs.common.context import backend_of, user_id_of
from bot.dialogs.common.failures import show_failure
from bot.dialogs.common.navigation import open_home

OURS_REVOKED_NOTICE = "access-ours-revoked"  # the home screen shows `notice-access-ours-revoked`


async def on_access_picked(callback: CallbackQuery, widget: Select[int], manager: DialogManager, index: int) -> None:
    shown: list[dict[str, object]] = manager.dialog_data.get(ACCESSES_KEY) or []
    if 0 <= index < len(shown):
        manager.dialog_data[REVOKE_KEY] = shown[index]
        await manager.switch_to(Accesses.revoke)


async def on_next_page(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data[PAGE_KEY] = int(manager.dialog_data.get(PAGE_KEY, 0)) + 1


async def on_prev_page(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data[PAGE_KEY] = max(int(manager.dialog_data.get(PAGE_KEY, 0)) - 1, 0)


async def on_revoke_confirmed(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    chosen: dict[str, object] = manager.dialog_data.get(REVOKE_KEY) or {}
    access_id = chosen.get("id")
    if not isinstance(access_id, str):
        await manager.switch_to(Accesses.overview)
        return
    backend, user_id = backend_of(manager), user_id_of(manager)
    try:
        await backend.revoke_access(user_id, access_id)
        if chosen.get("ours"):
            account = await backend.sign_out(user_id)
    except BackendError as error:
        show_failure(manager, error)
        return
    manager.dialog_data.pop(REVOKE_KEY, None)
    if chosen.get("ours"):
        await open_home(manager, account, notice=OURS_REVOKED_NOTICE)
        return
    manager.dialog_data[DONE_KEY] = {"key": "access-revoked", "name": chosen.get("name")}
    await manager.switch_to(Accesses.overview)
