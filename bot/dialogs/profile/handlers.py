"""Profile changes, one question per message: parse → validate (the domain's validators) → keep in the draft.

A bad answer gets a clear line above the same question; the draft keeps everything entered so far.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Any, TypeVar

from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Select

from backend.domain.errors import InvalidValue
from backend.domain.validators import (
    validate_address,
    validate_document,
    validate_email,
    validate_person_name,
    validate_phone,
    validate_secret,
    validate_settlement_query,
)
from bot.api_client import BackendError
from bot.dialogs.common.context import backend_of, translator_of, user_id_of
from bot.dialogs.common.errors import error_text, field_text
from bot.dialogs.common.widgets import set_problem
from bot.dialogs.profile import changes
from bot.dialogs.profile.data import DRAFT_KEY, FINGERPRINT_KEY, SETTLEMENTS_KEY, SIGNING_KEY, STEP_KEY
from bot.dialogs.profile.states import Profile

T = TypeVar("T")
TextHandler = Callable[[Message, MessageInput, DialogManager], Awaitable[None]]


# Placeholders for parts of an address asked later, so one part can be checked by the whole-address rule.
_ADDRESS_PLACEHOLDERS = {"country": "UA", "area": "Київська", "settlement": "Київ", "settlement_type": "CITY"}


def draft_of(manager: DialogManager) -> changes.Draft:
    draft: changes.Draft = manager.dialog_data.setdefault(DRAFT_KEY, {})
    return draft


def step_of(manager: DialogManager) -> dict[str, Any]:
    step: dict[str, Any] = manager.dialog_data.setdefault(STEP_KEY, {})
    return step


def _checked(manager: DialogManager, validate: Callable[[], T]) -> T | None:
    """The validated value, or None with the problem shown above the question."""
    try:
        return validate()
    except InvalidValue as error:
        set_problem(manager, field_text(translator_of(manager), error.code, arguments=error.params))
        return None


async def on_wrong_type(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    set_problem(manager, translator_of(manager).get("wrong-type-text"))


async def on_wrong_button(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    set_problem(manager, translator_of(manager).get("wrong-type-button"))


async def _to_confirm(manager: DialogManager) -> None:
    manager.dialog_data.pop(STEP_KEY, None)
    await manager.switch_to(Profile.confirm)


# Email, code word, preferred way of communication -------------------------------------------------------


async def on_email(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    email = _checked(manager, lambda: validate_email(message.text or ""))
    if email is not None:
        draft_of(manager)["email"] = email
        await _to_confirm(manager)


async def on_secret(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    # The code word should not stay in the chat history.
    with contextlib.suppress(TelegramAPIError):
        await message.delete()
    secret = _checked(manager, lambda: validate_secret(message.text or ""))
    if secret is not None:
        draft_of(manager)["secret"] = secret
        await _to_confirm(manager)


async def on_communication(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    draft_of(manager)["preferred_way_communication"] = "email" if button.widget_id == "byemail" else "phone"
    await _to_confirm(manager)


# Phones ------------------------------------------------------------------------------------------------


async def on_phone_type(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data[STEP_KEY] = {"type": "MOBILE" if button.widget_id == "mobile" else "LAND_LINE"}
    await manager.switch_to(Profile.phone_number)


async def on_phone_number(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    number = _checked(manager, lambda: validate_phone(message.text or ""))
    if number is not None:
        draft_of(manager).setdefault("phones", {})[step_of(manager)["type"]] = number
        await _to_confirm(manager)


# Addresses ---------------------------------------------------------------------------------------------


async def on_address_type(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    kind = "RESIDENCE" if button.widget_id == "home" else "REGISTRATION"
    manager.dialog_data[STEP_KEY] = {"type": kind, "country": "UA"}
    await manager.switch_to(Profile.address_settlement)


async def on_settlement_query(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    query = _checked(manager, lambda: validate_settlement_query(message.text or ""))
    if query is None:
        return
    found = await backend_of(manager).find_settlements(query, limit=8)
    if not found:
        set_problem(manager, translator_of(manager).get("profile-settlement-not-found"))
        return
    manager.dialog_data[SETTLEMENTS_KEY] = [item.model_dump() for item in found]
    await manager.switch_to(Profile.address_settlement_pick)


async def on_settlement_picked(
    callback: CallbackQuery, widget: Select[int], manager: DialogManager, index: int
) -> None:
    settlements: list[dict[str, Any]] = manager.dialog_data.get(SETTLEMENTS_KEY) or []
    if not 0 <= index < len(settlements):
        await manager.switch_to(Profile.address_settlement)
        return
    picked = settlements[index]
    step_of(manager).update(
        area=picked.get("area") or "",
        settlement=picked["name"],
        settlement_type=picked.get("settlement_type") or "CITY",
    )
    manager.dialog_data.pop(SETTLEMENTS_KEY, None)
    await manager.switch_to(Profile.address_street)


def _address_part(manager: DialogManager, field: str, value: str | None) -> str | InvalidValue | None:
    """Check one part with the whole-address rule (later parts filled with placeholders)."""
    candidate = {**_ADDRESS_PLACEHOLDERS, "building": "1", **step_of(manager), field: value}
    try:
        return validate_address(candidate).get(field)
    except InvalidValue as error:
        return error


async def _store_address_part(manager: DialogManager, field: str, value: str | None) -> bool:
    checked = _address_part(manager, field, value)
    if isinstance(checked, InvalidValue):
        set_problem(manager, field_text(translator_of(manager), checked.code, arguments=checked.params))
        return False
    if checked:
        step_of(manager)[field] = checked
    else:
        step_of(manager).pop(field, None)
    return True


async def on_street(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    if await _store_address_part(manager, "street", message.text or ""):
        await manager.switch_to(Profile.address_building)


async def on_street_skipped(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    step_of(manager).pop("street", None)
    await manager.switch_to(Profile.address_building)


async def on_building(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    if not (message.text or "").strip():
        set_problem(manager, field_text(translator_of(manager), "address.building_required"))
        return
    if await _store_address_part(manager, "building", message.text or ""):
        await manager.switch_to(Profile.address_apartment)


async def on_apartment(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    if await _store_address_part(manager, "apartment", message.text or ""):
        await _finish_address(manager)


async def on_apartment_skipped(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    step_of(manager).pop("apartment", None)
    await _finish_address(manager)


async def _finish_address(manager: DialogManager) -> None:
    address = _checked(manager, lambda: validate_address(step_of(manager)))
    if address is None:
        return
    draft_of(manager).setdefault("addresses", {})[address["type"]] = changes.address_in(address)
    await _to_confirm(manager)


# Documents ---------------------------------------------------------------------------------------------


async def on_document_type(callback: CallbackQuery, widget: Select[str], manager: DialogManager, kind: str) -> None:
    manager.dialog_data[STEP_KEY] = {"type": kind}
    await manager.switch_to(Profile.document_number)


async def on_document_number(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    kind = step_of(manager)["type"]
    number = _checked(manager, lambda: validate_document(kind, message.text or ""))
    if number is None:
        return
    step_of(manager)["number"] = number
    if kind == "NATIONAL_ID":  # eHealth requires the date an ID card is valid until
        await manager.switch_to(Profile.document_expiration)
        return
    draft_of(manager)["document"] = dict(step_of(manager))
    await _to_confirm(manager)


def parse_date(text: str) -> date:
    """31.12.2030 (as people write it) or 2030-12-31."""
    value = text.strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise InvalidValue("document.expiration_date_format", "expiration_date")


async def on_document_expiration(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    valid_until = _checked(manager, lambda: parse_date(message.text or ""))
    if valid_until is None:
        return
    if valid_until <= date.today():
        set_problem(manager, field_text(translator_of(manager), "document.expired"))
        return
    draft_of(manager)["document"] = {**step_of(manager), "expiration_date": valid_until.isoformat()}
    await _to_confirm(manager)


# Emergency contact -------------------------------------------------------------------------------------


async def on_emergency_last_name(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    name = _checked(manager, lambda: validate_person_name(message.text or ""))
    if name is not None:
        manager.dialog_data[STEP_KEY] = {"last_name": name}
        await manager.switch_to(Profile.emergency_first_name)


async def on_emergency_first_name(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    name = _checked(manager, lambda: validate_person_name(message.text or ""))
    if name is not None:
        step_of(manager)["first_name"] = name
        await manager.switch_to(Profile.emergency_phone)


async def on_emergency_phone(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    number = _checked(manager, lambda: validate_phone(message.text or ""))
    if number is None:
        return
    step = step_of(manager)
    draft_of(manager)["emergency_contact"] = {
        "first_name": step["first_name"],
        "last_name": step["last_name"],
        "phones": [{"type": "MOBILE", "number": number}],
    }
    await _to_confirm(manager)


# Confirm, sign, check ----------------------------------------------------------------------------------


async def on_submit(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    backend, user_id = backend_of(manager), user_id_of(manager)
    draft = draft_of(manager)
    if changes.is_empty(draft):
        await manager.switch_to(Profile.edit)
        return
    person = await backend.get_me(user_id)
    try:
        link = await backend.prepare_changes(user_id, changes.changes_body(draft, person))
    except BackendError as error:
        if error.code not in {"validation_failed", "nothing_to_change"}:
            raise
        set_problem(manager, error_text(translator_of(manager), error))  # the draft stays; fix and retry
        return
    manager.dialog_data[FINGERPRINT_KEY] = changes.person_fingerprint(person)
    manager.dialog_data[SIGNING_KEY] = {
        "url": link.signing_url,
        "title": link.summary.title,
        "lead": link.summary.lead,
        "items": [[item.label, item.value] for item in link.summary.items],
    }
    await manager.switch_to(Profile.signing)


async def on_check_signed(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    person = await backend_of(manager).get_me(user_id_of(manager))
    i18n = translator_of(manager)
    if changes.person_fingerprint(person) == manager.dialog_data.get(FINGERPRINT_KEY):
        set_problem(manager, i18n.get("profile-not-signed-yet"))
        return
    for key in (DRAFT_KEY, FINGERPRINT_KEY, SIGNING_KEY):
        manager.dialog_data.pop(key, None)
    set_problem(manager, i18n.get("profile-saved"))
    await manager.switch_to(Profile.view)


async def on_discard(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    for key in (DRAFT_KEY, STEP_KEY, FINGERPRINT_KEY, SIGNING_KEY):
        manager.dialog_data.pop(key, None)
    set_problem(manager, translator_of(manager).get("profile-discarded"))
    await manager.switch_to(Profile.view)
