"""Мої декларації: the buttons' actions. Declarations are read fresh by the getters; dialog data keeps only
ids and page numbers (no personal data at rest in the dialog storage)."""

from __future__ import annotations

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button, Select

from bot.api_client import BackendError
from bot.dialogs.common.context import backend_of, user_id_of
from bot.dialogs.common.failures import show_failure
from bot.dialogs.declarations.data import (
    CURRENT_IDS_KEY,
    DETAIL_ID_KEY,
    DONE_KEY,
    HISTORY_IDS_KEY,
    HISTORY_PAGE_KEY,
    REQUEST_IDS_KEY,
    REQUEST_KEY,
)
from bot.dialogs.declarations.states import Declarations
from bot.i18n import Locales

# The registry keeps the reason as text: it is written in Ukrainian whatever the patient's language.
REGISTRY_LANGUAGE = "uk"


def _picked(manager: DialogManager, key: str, index: int) -> str | None:
    ids: list[str] = manager.dialog_data.get(key) or []
    return ids[index] if 0 <= index < len(ids) else None


# The current declaration --------------------------------------------------------------------------------


async def on_terminate_asked(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    if manager.dialog_data.get(CURRENT_IDS_KEY):
        await manager.switch_to(Declarations.terminate)


async def on_terminate_confirmed(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    ids: list[str] = manager.dialog_data.get(CURRENT_IDS_KEY) or []
    if not ids:
        await manager.switch_to(Declarations.overview)
        return
    locales: Locales = manager.middleware_data["locales"]
    reason = locales.translator(REGISTRY_LANGUAGE).get("decl-terminate-reason-registry")
    try:
        await backend_of(manager).terminate_declaration(user_id_of(manager), ids[0], reason)
    except BackendError as error:
        show_failure(manager, error)
        return
    manager.dialog_data[DONE_KEY] = "decl-terminated"
    await manager.switch_to(Declarations.overview)


# History ----------------------------------------------------------------------------------------------


async def on_history(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data[HISTORY_PAGE_KEY] = 1
    await manager.switch_to(Declarations.history)


async def on_history_next(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data[HISTORY_PAGE_KEY] = int(manager.dialog_data.get(HISTORY_PAGE_KEY, 1)) + 1


async def on_history_prev(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data[HISTORY_PAGE_KEY] = max(int(manager.dialog_data.get(HISTORY_PAGE_KEY, 1)) - 1, 1)


async def on_declaration_picked(
    callback: CallbackQuery, widget: Select[int], manager: DialogManager, index: int
) -> None:
    declaration_id = _picked(manager, HISTORY_IDS_KEY, index)
    if declaration_id is not None:
        manager.dialog_data[DETAIL_ID_KEY] = declaration_id
        await manager.switch_to(Declarations.detail)


# Requests waiting for a signature ---------------------------------------------------------------------


async def on_request_picked(callback: CallbackQuery, widget: Select[int], manager: DialogManager, index: int) -> None:
    """Opening a request makes a fresh signing page link (the old one may have expired)."""
    request_id = _picked(manager, REQUEST_IDS_KEY, index)
    if request_id is None:
        return
    try:
        link = await backend_of(manager).declaration_request_signing_link(user_id_of(manager), request_id)
    except BackendError as error:
        show_failure(manager, error)
        return
    manager.dialog_data[REQUEST_KEY] = {"id": request_id, "signing_url": link.signing_url}
    await manager.switch_to(Declarations.request)


async def on_request_cancel_confirmed(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    request_id = (manager.dialog_data.get(REQUEST_KEY) or {}).get("id")
    if not request_id:
        await manager.switch_to(Declarations.requests)
        return
    try:
        await backend_of(manager).cancel_declaration_request(user_id_of(manager), request_id)
    except BackendError as error:
        show_failure(manager, error)
        return
    manager.dialog_data.pop(REQUEST_KEY, None)
    manager.dialog_data[DONE_KEY] = "decl-request-cancelled"
    await manager.switch_to(Declarations.requests)
