"""What the medical record's windows show, read fresh from the backend on every render.

A refusal (the registry is down, …) becomes a line in the window with a "try again" button, so the patient
keeps their place; a session that does not allow the record gets "sign in and allow"; "sign in again" goes to
the bot's error handler. Allergies and diagnoses are few: read whole, put in order (current ones first) and
paged here; visits are paged by the registry, newest first.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from aiogram_dialog import DialogManager

from backend.domain.medical_record_view import allergies_in_order, conditions_in_order, page_of
from bot.api_client import BackendError
from bot.api_models import Allergy, Condition, Encounter
from bot.dialogs.common.context import backend_of, user_id_of
from bot.dialogs.common.errors import SIGN_IN_AGAIN_CODES
from bot.dialogs.common.reads import attempt, failed_state
from bot.dialogs.common.widgets import problem_getter
from bot.dialogs.medical_record.data import ALLERGIES, CARD_ID_KEY, DIAGNOSES, IDS_KEY, PAGE_KEYS, VISITS
from bot.dialogs.medical_record.texts import (
    allergy_button,
    allergy_card,
    allergy_line,
    condition_button,
    condition_card,
    condition_line,
    overview_text,
    visit_button,
    visit_card,
    visit_line,
)
from bot.widgets import translator_of

PAGE_SIZE = 5  # items per page of a list: each takes two or three lines
READ_PAGE_SIZE = 50  # the backend's largest page
READ_PAGES = 4  # allergies and diagnoses read whole: up to 200 of each (a record has a handful)

T = TypeVar("T")


def _empty_list(common: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {**common, **extra, "text": "", "items": [], "has_prev": False, "has_next": False}


async def _whole(read: Callable[[int], Awaitable[Any]]) -> list[Any]:
    """Every item of a short section, page by page (at most READ_PAGES pages)."""
    items: list[Any] = []
    page = 1
    while True:
        listed = await read(page)
        items.extend(listed.items)
        if page >= min(listed.total_pages, READ_PAGES):
            return items
        page += 1


async def _episode_names(manager: DialogManager) -> dict[str, str]:
    """Episode id → its name (what a visit was part of: «Цукровий діабет 2 типу»); none when they do not load,
    since a visit reads well without them."""
    try:
        listed = await _whole(
            lambda page: backend_of(manager).list_episodes(user_id_of(manager), page=page, page_size=READ_PAGE_SIZE)
        )
    except BackendError as error:
        if error.code in SIGN_IN_AGAIN_CODES:
            raise
        return {}
    return {episode.id: " ".join(episode.name.split()) for episode in listed if episode.name.strip()}


def _page(manager: DialogManager, name: str) -> int:
    return int(manager.dialog_data.get(PAGE_KEYS[name], 1))


def _listing(
    manager: DialogManager,
    name: str,
    common: dict[str, Any],
    ordered: Sequence[T],
    line: Callable[[int, T], str],
    button: Callable[[int, T], str],
    item_id: Callable[[T], str],
    title: Callable[[int, int], str],
    empty: str,
) -> dict[str, Any]:
    """A page of a list read whole: its text, its buttons, the ids behind them."""
    items, page, pages = page_of(ordered, _page(manager, name), PAGE_SIZE)
    manager.dialog_data[PAGE_KEYS[name]] = page
    manager.dialog_data[IDS_KEY] = [item_id(item) for item in items]
    first = (page - 1) * PAGE_SIZE + 1
    lines = [line(first + index, item) for index, item in enumerate(items)]
    return {
        **common,
        "failed": None,
        "text": "\n\n".join([title(page, pages), *lines]) if lines else empty,
        "items": [{"index": index, "label": button(first + index, item)} for index, item in enumerate(items)],
        "has_prev": page > 1,
        "has_next": page < pages,
    }


async def overview_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    common = await problem_getter(dialog_manager)
    overview, failed = await attempt(
        dialog_manager, backend_of(dialog_manager).get_record_overview(user_id_of(dialog_manager))
    )
    if overview is None:
        return {**common, **failed_state(dialog_manager, failed), "text": ""}
    return {**common, "failed": None, "text": overview_text(i18n, overview)}


async def allergies_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    backend, user_id = backend_of(dialog_manager), user_id_of(dialog_manager)
    common = await problem_getter(dialog_manager)
    listed, failed = await attempt(
        dialog_manager,
        _whole(lambda page: backend.list_allergies(user_id, page=page, page_size=READ_PAGE_SIZE)),
    )
    if listed is None:
        return _empty_list(common, **failed_state(dialog_manager, failed))
    ordered: list[Allergy] = allergies_in_order(
        listed, lambda item: item.clinical_status, lambda item: item.asserted_date or item.onset, lambda item: item.id
    )
    return _listing(
        dialog_manager,
        ALLERGIES,
        common,
        ordered,
        lambda position, item: allergy_line(i18n, position, item),
        lambda position, item: allergy_button(i18n, position, item),
        lambda item: item.id,
        lambda page, pages: i18n.get("mr-allergies-title", page=page, pages=pages),
        i18n.get("mr-allergies-empty"),
    )


async def diagnoses_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    backend, user_id = backend_of(dialog_manager), user_id_of(dialog_manager)
    common = await problem_getter(dialog_manager)
    listed, failed = await attempt(
        dialog_manager,
        _whole(lambda page: backend.list_conditions(user_id, page=page, page_size=READ_PAGE_SIZE)),
    )
    if listed is None:
        return _empty_list(common, **failed_state(dialog_manager, failed))
    ordered: list[Condition] = conditions_in_order(
        listed,
        lambda item: item.clinical_status,
        lambda item: item.onset_date or item.asserted_date,
        lambda item: item.id,
    )
    return _listing(
        dialog_manager,
        DIAGNOSES,
        common,
        ordered,
        lambda position, item: condition_line(i18n, position, item),
        condition_button,
        lambda item: item.id,
        lambda page, pages: i18n.get("mr-diagnoses-title", page=page, pages=pages),
        i18n.get("mr-diagnoses-empty"),
    )


async def visits_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    backend, user_id = backend_of(dialog_manager), user_id_of(dialog_manager)
    common = await problem_getter(dialog_manager)
    page = _page(dialog_manager, VISITS)
    listed, failed = await attempt(dialog_manager, backend.list_encounters(user_id, page=page, page_size=PAGE_SIZE))
    if listed is not None and not listed.items and page > 1:  # the list got shorter since: its first page
        dialog_manager.dialog_data[PAGE_KEYS[VISITS]] = page = 1
        listed, failed = await attempt(dialog_manager, backend.list_encounters(user_id, page=1, page_size=PAGE_SIZE))
    if listed is None:
        return _empty_list(common, **failed_state(dialog_manager, failed))
    episodes = await _episode_names(dialog_manager) if listed.items else {}
    dialog_manager.dialog_data[IDS_KEY] = [item.id for item in listed.items]
    first = (listed.page - 1) * listed.page_size + 1
    pages = max(listed.total_pages, 1)
    header = i18n.get("mr-visits-title", page=listed.page, pages=pages)
    lines = [
        visit_line(i18n, first + index, item, episodes.get(item.episode_id or ""))
        for index, item in enumerate(listed.items)
    ]
    return {
        **common,
        "failed": None,
        "text": "\n\n".join([header, *lines]) if lines else i18n.get("mr-visits-empty"),
        "items": [
            {"index": index, "label": visit_button(first + index, item, episodes.get(item.episode_id or ""))}
            for index, item in enumerate(listed.items)
        ],
        "has_prev": listed.page > 1,
        "has_next": listed.page < listed.total_pages,
    }


async def _card(
    dialog_manager: DialogManager, read: Callable[[str], Awaitable[T]], render: Callable[[T], Awaitable[str]]
) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    common = await problem_getter(dialog_manager)
    item_id = dialog_manager.dialog_data.get(CARD_ID_KEY)
    if not item_id:  # a stale window: back to the list is the way
        return {**common, "failed": None, "text": i18n.get("notice-stale")}
    item, failed = await attempt(dialog_manager, read(item_id))
    if item is None:
        return {**common, **failed_state(dialog_manager, failed), "text": ""}
    return {**common, "failed": None, "text": await render(item)}


async def allergy_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    backend, user_id = backend_of(dialog_manager), user_id_of(dialog_manager)

    async def _allergy_text(allergy: Allergy) -> str:
        return allergy_card(i18n, allergy)

    return await _card(dialog_manager, lambda item_id: backend.get_allergy(user_id, item_id), _allergy_text)


async def diagnosis_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    backend, user_id = backend_of(dialog_manager), user_id_of(dialog_manager)

    async def _diagnosis_text(condition: Condition) -> str:
        return condition_card(i18n, condition)

    return await _card(dialog_manager, lambda item_id: backend.get_condition(user_id, item_id), _diagnosis_text)


async def visit_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    backend, user_id = backend_of(dialog_manager), user_id_of(dialog_manager)

    async def _visit_text(encounter: Encounter) -> str:
        episodes = await _episode_names(dialog_manager)
        conditions: list[Condition] = []
        if not encounter.diagnoses:  # the diagnoses recorded at this visit, when the visit itself names none
            try:
                everything = await _whole(
                    lambda page: backend.list_conditions(user_id, page=page, page_size=READ_PAGE_SIZE)
                )
            except BackendError as error:
                if error.code in SIGN_IN_AGAIN_CODES:
                    raise
                everything = []
            conditions = [item for item in everything if item.encounter_id == encounter.id]
        return visit_card(i18n, encounter, episodes.get(encounter.episode_id or ""), conditions)

    return await _card(dialog_manager, lambda item_id: backend.get_encounter(user_id, item_id), _visit_text)
