"""Onboarding steps: consent → own phone → sign-in with an e-signature → greeting and the menu."""

from __future__ import annotations

from typing import Any

from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button

from bot.api_client import BackendError
from bot.dialogs.common.context import backend_of, translator_of, user_id_of
from bot.dialogs.common.navigation import DEEP_LINK_KEY, onboarding_step, open_home
from bot.dialogs.common.widgets import set_problem
from bot.dialogs.onboarding.states import Onboarding
from bot.i18n import join_markup


async def on_consent(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    backend, user_id = backend_of(manager), user_id_of(manager)
    account = await backend.get_account(user_id)
    account = await backend.give_consent(user_id, account.consent.current_version)
    await manager.switch_to(onboarding_step(account))


async def on_contact(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    i18n = translator_of(manager)
    contact = message.contact
    if contact is None or message.from_user is None or contact.user_id != message.from_user.id:
        # Someone else's card (forwarded or picked from the address book) is not the patient's own number.
        set_problem(manager, i18n.get("onboarding-phone-foreign"))
        return
    try:
        account = await backend_of(manager).set_phone(message.from_user.id, contact.phone_number)
    except BackendError as error:
        if error.code != "validation_failed":
            raise
        # Telegram numbers are well-formed; the one the registry cannot take is a foreign one.
        set_problem(manager, i18n.get("onboarding-phone-not-ukrainian"))
        return
    await message.answer(i18n.get("onboarding-phone-saved"), reply_markup=ReplyKeyboardRemove())
    _forget_reply_keyboard(manager)
    await manager.switch_to(onboarding_step(account), show_mode=ShowMode.SEND)


def _forget_reply_keyboard(manager: DialogManager) -> None:
    """We removed the reply keyboard ourselves (with a thank-you); the next window is a new message."""
    stack = manager.current_stack()
    stack.last_reply_keyboard = False
    stack.last_message_id = None


async def on_phone_other(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    set_problem(manager, translator_of(manager).get("onboarding-phone-hint"))


async def on_signed_in(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    account = await backend_of(manager).get_account(user_id_of(manager))
    if not account.linked:
        manager.dialog_data["not_yet"] = True
        if onboarding_step(account) != Onboarding.sign_in:
            await manager.switch_to(onboarding_step(account))
        return
    i18n = translator_of(manager)
    greeting = [i18n.get("onboarding-greeting", first_name=account.first_name or "")]
    if account.read_only:
        greeting.append(i18n.get("onboarding-read-only"))
    await callback.bot.send_message(user_id_of(manager), join_markup("\n\n", greeting))  # type: ignore[union-attr]
    start_data = manager.start_data if isinstance(manager.start_data, dict) else {}
    await open_home(manager, account, deep_link=start_data.get(DEEP_LINK_KEY))


async def on_start(start_data: Any, manager: DialogManager) -> None:
    notice = start_data.get("notice") if isinstance(start_data, dict) else None
    if notice:
        set_problem(manager, translator_of(manager).get(f"notice-{notice}"))
