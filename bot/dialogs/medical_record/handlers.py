"""Медична картка: the buttons' actions. The record is read fresh by the getters; dialog data keeps only ids and
pages (no diagnosis, allergy or name at rest in the dialog storage)."""

from __future__ import annotations

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Select

from bot.dialogs.medical_record.data import ALLERGIES, CARD_ID_KEY, DIAGNOSES, IDS_KEY, PAGE_KEYS, VISITS
from bot.dialogs.medical_record.states import MedicalRecord

# Which list a window pages, and the card its items open.
LISTS = {MedicalRecord.allergies: ALLERGIES, MedicalRecord.diagnoses: DIAGNOSES, MedicalRecord.visits: VISITS}
CARDS = {ALLERGIES: MedicalRecord.allergy, DIAGNOSES: MedicalRecord.diagnosis, VISITS: MedicalRecord.visit}


async def on_start(start_data: object, manager: DialogManager) -> None:
    for key in PAGE_KEYS.values():
        manager.dialog_data[key] = 1


def _list_of(manager: DialogManager) -> str | None:
    state = manager.current_context().state
    return next((name for listed, name in LISTS.items() if listed == state), None)


def page_key(manager: DialogManager) -> str | None:
    """The page key of the list the open window shows."""
    name = _list_of(manager)
    return PAGE_KEYS[name] if name is not None else None


async def on_item_picked(callback: CallbackQuery, widget: Select[int], manager: DialogManager, index: int) -> None:
    name = _list_of(manager)
    ids: list[str] = manager.dialog_data.get(IDS_KEY) or []
    if name is not None and 0 <= index < len(ids):
        manager.dialog_data[CARD_ID_KEY] = ids[index]
        await manager.switch_to(CARDS[name])
