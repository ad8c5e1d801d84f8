"""What the prescriptions windows show, read fresh from the backend on every render.

A refusal (the registry is down, …) becomes a line in the window with a "try again" button, so the patient
keeps their place; "sign in again" goes to the bot's error handler.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram_dialog import DialogManager

from bot.dialogs.common.context import backend_of, user_id_of
from bot.dialogs.common.reads import attempt, failed_state
from bot.dialogs.common.widgets import problem_getter
from bot.dialogs.prescriptions.data import ACTIVE, CARD_ID_KEY, FILTER_KEY, IDS_KEY, PAGE_KEY
from bot.dialogs.prescriptions.texts import button_label, prescription_card, prescription_line
from bot.i18n import KYIV
from bot.widgets import translator_of

PAGE_SIZE = 4  # prescriptions per page: each takes five lines
DISPENSES_SHOWN = 20  # a prescription is dispensed in a few parts at most


async def list_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    backend, user_id = backend_of(dialog_manager), user_id_of(dialog_manager)
    common = await problem_getter(dialog_manager)
    which = dialog_manager.dialog_data.get(FILTER_KEY, ACTIVE)
    page = int(dialog_manager.dialog_data.get(PAGE_KEY, 1))
    shown = {"active": which == ACTIVE, "past": which != ACTIVE}
    listed, failed = await attempt(
        dialog_manager, backend.list_prescriptions(user_id, status=which, page=page, page_size=PAGE_SIZE)
    )
    if listed is not None and not listed.items and page > 1:  # the list got shorter since: its first page
        dialog_manager.dialog_data[PAGE_KEY] = page = 1
        listed, failed = await attempt(
            dialog_manager, backend.list_prescriptions(user_id, status=which, page=1, page_size=PAGE_SIZE)
        )
    if listed is None:
        return {
            **common,
            **shown,
            **failed_state(dialog_manager, failed),
            "text": "",
            "items": [],
            "has_prev": False,
            "has_next": False,
        }
    today = datetime.now(KYIV).date()
    first = (listed.page - 1) * listed.page_size + 1
    dialog_manager.dialog_data[IDS_KEY] = [item.id for item in listed.items]
    lines = [prescription_line(i18n, first + index, item, today) for index, item in enumerate(listed.items)]
    pages = max(listed.total_pages, 1)
    if which == ACTIVE:
        header = i18n.get("rx-active-title", page=listed.page, pages=pages)
        empty = i18n.get("rx-active-none")
    else:
        header = i18n.get("rx-past-title", page=listed.page, pages=pages)
        empty = i18n.get("rx-past-none")
    return {
        **common,
        **shown,
        "failed": None,
        "text": "\n\n".join([header, *lines]) if lines else empty,
        "items": [
            {"index": index, "label": button_label(first + index, item)} for index, item in enumerate(listed.items)
        ],
        "has_prev": listed.page > 1,
        "has_next": listed.page < listed.total_pages,
    }


async def card_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    backend, user_id = backend_of(dialog_manager), user_id_of(dialog_manager)
    common = await problem_getter(dialog_manager)
    prescription_id = dialog_manager.dialog_data.get(CARD_ID_KEY)
    if not prescription_id:  # a stale window: back to the list is the only way
        return {**common, "failed": None, "text": i18n.get("notice-stale"), "active": False}
    prescription, failed = await attempt(dialog_manager, backend.get_prescription(user_id, prescription_id))
    dispenses = None
    if prescription is not None:
        dispenses, failed = await attempt(
            dialog_manager, backend.list_dispenses(user_id, prescription_id, page=1, page_size=DISPENSES_SHOWN)
        )
    if prescription is None or dispenses is None:
        return {**common, **failed_state(dialog_manager, failed), "text": "", "active": False}
    return {
        **common,
        "failed": None,
        "text": prescription_card(i18n, prescription, dispenses.items),
        "active": prescription.status == ACTIVE,
    }


async def code_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    """The confirmation code, fetched only when the patient asked for it; shown, never kept."""
    i18n = translator_of(dialog_manager)
    common = await problem_getter(dialog_manager)
    prescription_id = dialog_manager.dialog_data.get(CARD_ID_KEY)
    if not prescription_id:  # a stale window: back to the card or the list
        return {**common, "failed": None, "text": i18n.get("notice-stale")}
    answer, failed = await attempt(
        dialog_manager,
        backend_of(dialog_manager).get_verification_code(user_id_of(dialog_manager), prescription_id),
    )
    if answer is None:
        return {**common, **failed_state(dialog_manager, failed), "text": ""}
    return {
        **common,
        "failed": None,
        "text": i18n.get("rx-code-warning") + "\n" + i18n.get("rx-code", code=answer.verification_code),
    }
