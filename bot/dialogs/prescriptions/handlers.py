"""Мої рецепти: the buttons' actions. Prescriptions are read fresh by the getters; dialog data keeps only ids,
the filter and the page (no medicine, number or code at rest in the dialog storage)."""

from __future__ import annotations

from aiogram.exceptions import TelegramAPIError, TelegramRetryAfter
from aiogram.types import BufferedInputFile, CallbackQuery
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button, Select

from bot.api_client import BackendError
from bot.dialogs.common.context import backend_of, translator_of, user_id_of
from bot.dialogs.common.failures import show_failure
from bot.dialogs.common.qr import qr_png
from bot.dialogs.common.widgets import set_problem
from bot.dialogs.prescriptions.data import ACTIVE, CARD_ID_KEY, FILTER_KEY, IDS_KEY, PAGE_KEY, PAST
from bot.dialogs.prescriptions.states import Prescriptions

QR_FILE_NAME = "prescription.png"


async def on_start(start_data: object, manager: DialogManager) -> None:
    manager.dialog_data[FILTER_KEY] = ACTIVE
    manager.dialog_data[PAGE_KEY] = 1


async def _show(manager: DialogManager, which: str) -> None:
    manager.dialog_data[FILTER_KEY] = which
    manager.dialog_data[PAGE_KEY] = 1
    await manager.switch_to(Prescriptions.listing)


async def on_show_past(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _show(manager, PAST)


async def on_show_active(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _show(manager, ACTIVE)


async def on_prescription_picked(
    callback: CallbackQuery, widget: Select[int], manager: DialogManager, index: int
) -> None:
    ids: list[str] = manager.dialog_data.get(IDS_KEY) or []
    if 0 <= index < len(ids):
        manager.dialog_data[CARD_ID_KEY] = ids[index]
        await manager.switch_to(Prescriptions.card)


async def on_show_at_pharmacy(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """A new, protected message: the number as text and as a QR code a pharmacy scans; then the dialog goes on
    below it (the confirmation code, the way back)."""
    prescription_id = manager.dialog_data.get(CARD_ID_KEY)
    if not prescription_id:
        await manager.switch_to(Prescriptions.listing)
        return
    i18n = translator_of(manager)
    try:
        prescription = await backend_of(manager).get_prescription(user_id_of(manager), prescription_id)
    except BackendError as error:
        show_failure(manager, error)
        return
    if prescription.status != ACTIVE:
        set_problem(manager, i18n.get("rx-pharmacy-not-active"))
        return
    chat_id = callback.message.chat.id if callback.message is not None else user_id_of(manager)
    try:
        await callback.bot.send_photo(  # type: ignore[union-attr]
            chat_id,
            BufferedInputFile(qr_png(prescription.request_number), filename=QR_FILE_NAME),
            caption=i18n.get(
                "rx-pharmacy-caption", number=prescription.request_number, medicine=prescription.medication.name
            ),
            protect_content=True,
        )
    except TelegramRetryAfter:
        raise
    except TelegramAPIError:  # Telegram refused the photo: the patient stays on the card and may try again
        set_problem(manager, i18n.get("error-generic"))
        return
    await manager.switch_to(Prescriptions.pharmacy, show_mode=ShowMode.SEND)
