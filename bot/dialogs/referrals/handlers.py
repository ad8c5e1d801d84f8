"""Направлення: the buttons' actions. Referrals are read fresh by the getters; dialog data keeps only ids and the
page (no service, number or doctor at rest in the dialog storage)."""

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
from bot.dialogs.referrals.data import CARD_ID_KEY, IDS_KEY, PAGE_KEY
from bot.dialogs.referrals.states import Referrals
from bot.dialogs.referrals.texts import service_name

QR_FILE_NAME = "referral.png"


async def on_start(start_data: object, manager: DialogManager) -> None:
    manager.dialog_data[PAGE_KEY] = 1


async def on_referral_picked(callback: CallbackQuery, widget: Select[int], manager: DialogManager, index: int) -> None:
    ids: list[str] = manager.dialog_data.get(IDS_KEY) or []
    if 0 <= index < len(ids):
        manager.dialog_data[CARD_ID_KEY] = ids[index]
        await manager.switch_to(Referrals.card)


async def on_show_number(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    """A new, protected message: the number as text and as a QR code the clinic or lab scans; then the dialog
    goes on below it (the way back)."""
    referral_id = manager.dialog_data.get(CARD_ID_KEY)
    if not referral_id:
        await manager.switch_to(Referrals.listing)
        return
    i18n = translator_of(manager)
    try:
        referral = await backend_of(manager).get_referral(user_id_of(manager), referral_id)
    except BackendError as error:
        show_failure(manager, error)
        return
    if not referral.is_open:
        set_problem(manager, i18n.get("ref-shown-not-open"))
        return
    chat_id = callback.message.chat.id if callback.message is not None else user_id_of(manager)
    try:
        await callback.bot.send_photo(  # type: ignore[union-attr]
            chat_id,
            BufferedInputFile(qr_png(referral.requisition), filename=QR_FILE_NAME),
            caption=i18n.get("ref-shown-caption", number=referral.requisition, service=service_name(i18n, referral)),
            protect_content=True,
        )
    except TelegramRetryAfter:
        raise
    except TelegramAPIError:  # Telegram refused the photo: the patient stays on the card and may try again
        set_problem(manager, i18n.get("error-generic"))
        return
    await manager.switch_to(Referrals.shown, show_mode=ShowMode.SEND)
