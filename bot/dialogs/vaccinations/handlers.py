"""Щеплення: the buttons' actions. Vaccinations are read fresh by the getters; dialog data keeps only ids and the
page."""

from __future__ import annotations

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Select

from bot.dialogs.vaccinations.data import CARD_ID_KEY, IDS_KEY, PAGE_KEY
from bot.dialogs.vaccinations.states import Vaccinations


async def on_start(start_data: object, manager: DialogManager) -> None:
    manager.dialog_data[PAGE_KEY] = 1


async def on_vaccination_picked(
    callback: CallbackQuery, widget: Select[int], manager: DialogManager, index: int
) -> None:
    ids: list[str] = manager.dialog_data.get(IDS_KEY) or []
    if 0 <= index < len(ids):
        manager.dialog_data[CARD_ID_KEY] = ids[index]
        await manager.switch_to(Vaccinations.card)
