"""What the vaccinations windows show, read fresh from the backend on every render.

The list reads all of the patient's vaccinations (the calendar needs every dose; a person has a few dozen at
most) and pages them here, newest first. A refusal (the registry is down, …) becomes a line in the window with a
"try again" button, so the patient keeps their place; "sign in again" goes to the bot's error handler.
"""

from __future__ import annotations

from datetime import datetime
from math import ceil
from typing import Any

from aiogram_dialog import DialogManager

from backend.domain.medical_record import is_recorded, newest_first
from backend.domain.vaccinations_view import calendar_advice, given_doses
from bot.api_client import BackendClient
from bot.api_models import Immunization
from bot.dialogs.common.context import backend_of, user_id_of
from bot.dialogs.common.reads import attempt, failed_state
from bot.dialogs.common.widgets import problem_getter
from bot.dialogs.vaccinations.data import CARD_ID_KEY, IDS_KEY, PAGE_KEY
from bot.dialogs.vaccinations.texts import advice_text, button_label, vaccination_card, vaccination_line
from bot.i18n import KYIV, local_time
from bot.widgets import translator_of

PAGE_SIZE = 5  # vaccinations per page: each takes two lines
READ_PAGE_SIZE = 50  # the backend's largest page
READ_PAGES = 4  # at most 200 vaccinations read for a list: far more than anyone has


async def _all_vaccinations(backend: BackendClient, user_id: int) -> list[Immunization]:
    items: list[Immunization] = []
    for page in range(1, READ_PAGES + 1):
        listed = await backend.list_immunizations(user_id, page=page, page_size=READ_PAGE_SIZE)
        items.extend(listed.items)
        if page >= listed.total_pages:
            break
    return items


def _failed(dialog_manager: DialogManager, common: dict[str, Any], failed: str | None) -> dict[str, Any]:
    return {
        **common,
        **failed_state(dialog_manager, failed),
        "text": "",
        "items": [],
        "has_prev": False,
        "has_next": False,
    }


async def list_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    backend, user_id = backend_of(dialog_manager), user_id_of(dialog_manager)
    common = await problem_getter(dialog_manager)
    read, failed = await attempt(dialog_manager, _all_vaccinations(backend, user_id))
    if read is None:
        return _failed(dialog_manager, common, failed)
    recorded = (item for item in read if is_recorded(item.status))
    shown = newest_first(recorded, lambda item: item.date, lambda item: item.id)
    pages = max(ceil(len(shown) / PAGE_SIZE), 1)
    page = min(max(int(dialog_manager.dialog_data.get(PAGE_KEY, 1)), 1), pages)
    dialog_manager.dialog_data[PAGE_KEY] = page
    first = (page - 1) * PAGE_SIZE
    on_page = shown[first : first + PAGE_SIZE]
    dialog_manager.dialog_data[IDS_KEY] = [item.id for item in on_page]

    parts: list[str] = []
    if page == 1:  # what the calendar says, above the first page
        me, failed = await attempt(dialog_manager, backend.get_me(user_id))
        if me is None:
            return _failed(dialog_manager, common, failed)
        today = datetime.now(KYIV).date()
        doses = given_doses(
            (item.vaccine.code, local_time(item.date).date(), item.status, item.not_given) for item in read
        )
        parts.append(advice_text(i18n, calendar_advice(me.birth_date, doses, today), me.birth_date, today))
    if on_page:
        parts.append(i18n.get("vax-list-title", page=page, pages=pages))
        parts.extend(vaccination_line(i18n, first + index + 1, item) for index, item in enumerate(on_page))
    else:
        parts.append(i18n.get("vax-list-none"))
    return {
        **common,
        "failed": None,
        "text": "\n\n".join(parts),
        "items": [
            {"index": index, "label": button_label(i18n, first + index + 1, item)} for index, item in enumerate(on_page)
        ],
        "has_prev": page > 1,
        "has_next": page < pages,
    }


async def card_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    common = await problem_getter(dialog_manager)
    vaccination_id = dialog_manager.dialog_data.get(CARD_ID_KEY)
    if not vaccination_id:  # a stale window: back to the list is the only way
        return {**common, "failed": None, "text": i18n.get("notice-stale")}
    vaccination, failed = await attempt(
        dialog_manager, backend_of(dialog_manager).get_immunization(user_id_of(dialog_manager), vaccination_id)
    )
    if vaccination is None:
        return {**common, **failed_state(dialog_manager, failed), "text": ""}
    return {**common, "failed": None, "text": vaccination_card(i18n, vaccination)}
