"""Doctor search: each handler reads one choice, asks the backend, and moves on only when there is a result.

The search criteria live in `dialog_data["query"]`; the page shown lives in `dialog_data["page"]`, so going
back never repeats a search and nothing the patient chose is lost.
"""

from __future__ import annotations

from typing import Any, Literal

from aiogram import Bot
from aiogram.types import CallbackQuery, Chat, Message, ReplyKeyboardRemove
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.input import ManagedTextInput, MessageInput
from aiogram_dialog.widgets.kbd import Button, Select

from backend.domain.errors import InvalidValue
from backend.domain.geo import is_in_ukraine
from backend.domain.validators import (
    SETTLEMENT_QUERY_MAX,
    SETTLEMENT_QUERY_MIN,
    validate_person_name,
    validate_settlement_query,
)
from bot.api_client import BackendError
from bot.dialogs.common.context import backend_of, user_id_of
from bot.dialogs.common.failures import show_failure
from bot.dialogs.common.widgets import on_button_expected, set_problem
from bot.dialogs.doctor_search.data import (
    CARD_KEY,
    FROM_RESULTS_KEY,
    PAGE_KEY,
    PAGE_SIZE,
    QUERY_KEY,
    SETTLEMENTS_KEY,
    query_of,
)
from bot.dialogs.doctor_search.query import parse_query
from bot.dialogs.doctor_search.states import DoctorSearch
from bot.widgets import translator_of

MAX_SETTLEMENT_MATCHES = 8
LOCATION_DECIMALS = 3  # ≈ 100 m

# Each way of searching replaces the others; the speciality combines with any of them.
_PLACE_CRITERIA = ("settlement", "area", "settlement_label", "q", "lat", "lon")


def _set_place(manager: DialogManager, **criteria: Any) -> None:
    query = query_of(manager)
    for key in _PLACE_CRITERIA:
        query.pop(key, None)
    query.update({key: value for key, value in criteria.items() if value is not None})


async def run_search(manager: DialogManager, offset: int = 0) -> int | None:
    """Search with the current criteria; the page goes to dialog_data. Returns how many were found on it,
    or None when the backend refused (the refusal is then shown above the current window)."""
    query = query_of(manager)
    try:
        page = await backend_of(manager).search_doctors(
            q=query.get("q"),
            speciality=query.get("speciality"),
            settlement=query.get("settlement"),
            area=query.get("area"),
            lat=query.get("lat"),
            lon=query.get("lon"),
            offset=offset,
            limit=PAGE_SIZE,
            for_user=user_id_of(manager),
        )
    except BackendError as error:
        show_failure(manager, error)
        return None
    manager.dialog_data[PAGE_KEY] = {
        "offset": offset,
        "hits": [hit.model_dump(mode="json") for hit in page.items],
        "total": page.total,
        "next_offset": page.next_offset,
        "radius_km": page.radius_km,
    }
    return len(page.items)


async def _search_and_show(manager: DialogManager, nothing_found_key: str) -> None:
    found = await run_search(manager)
    if found is None:
        return
    if found == 0:
        set_problem(manager, translator_of(manager).get(nothing_found_key))
        return
    await manager.switch_to(DoctorSearch.results)


# Speciality -------------------------------------------------------------------------------------------


def _has_place(manager: DialogManager) -> bool:
    query = query_of(manager)
    return any(query.get(key) is not None for key in _PLACE_CRITERIA)


async def on_speciality(callback: CallbackQuery, widget: Select[str], manager: DialogManager, code: str) -> None:
    """With a place already chosen, the results at once; otherwise the patient is asked where first."""
    query_of(manager)["speciality"] = code
    if _has_place(manager):
        await _search_and_show(manager, "search-nothing-speciality")
    else:
        await manager.switch_to(DoctorSearch.where)


async def on_everywhere(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _search_and_show(manager, "search-nothing-speciality")


async def on_any_speciality(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    query_of(manager).pop("speciality", None)
    await manager.switch_to(DoctorSearch.filters)


# Settlement -------------------------------------------------------------------------------------------


def _settlement_label(name: str, area: str | None) -> str:
    return f"{name} ({area})" if area and area != name else name


async def on_settlement_typed(
    message: Message, widget: ManagedTextInput[str], manager: DialogManager, text: str
) -> None:
    """A settlement typed where one is asked for (or over the list of matches: a new list)."""
    i18n = translator_of(manager)
    try:
        prefix = validate_settlement_query(text)
    except InvalidValue:
        # The limits by name: a refusal does not always carry them (an absurdly long paste does not).
        text = i18n.get("search-settlement-invalid", min_len=SETTLEMENT_QUERY_MIN, max_len=SETTLEMENT_QUERY_MAX)
        set_problem(manager, text)
        return
    offered = await _offer_settlements(manager, prefix)
    if offered is False:
        set_problem(manager, i18n.get("search-settlement-none", typed=prefix))


async def _offer_settlements(manager: DialogManager, prefix: str) -> bool | None:
    """The settlements starting with `prefix`, to pick from; False when there are none, None after a refusal
    (shown above the current window)."""
    try:
        matches = await backend_of(manager).find_settlements(prefix, limit=MAX_SETTLEMENT_MATCHES)
    except BackendError as error:
        show_failure(manager, error)
        return None
    if not matches:
        return False
    manager.dialog_data[SETTLEMENTS_KEY] = [
        {"name": match.name, "area": match.area, "doctors": match.doctors} for match in matches
    ]
    # Even a single match is shown to pick: the patient sees which place the typed beginning stands for.
    await manager.switch_to(DoctorSearch.settlement_pick)
    return True


async def _pick_settlement(manager: DialogManager, index: int) -> None:
    matches: list[dict[str, Any]] = manager.dialog_data.get(SETTLEMENTS_KEY, [])
    if not 0 <= index < len(matches):  # a button of an older list
        await manager.switch_to(DoctorSearch.settlement)
        return
    chosen = matches[index]
    _set_place(
        manager,
        settlement=chosen["name"],
        area=chosen["area"],
        settlement_label=_settlement_label(chosen["name"], chosen["area"]),
    )
    await _search_and_show(manager, "search-nothing-settlement")


async def on_settlement_picked(
    callback: CallbackQuery, widget: Select[int], manager: DialogManager, index: int
) -> None:
    await _pick_settlement(manager, index)


# Name -------------------------------------------------------------------------------------------------


async def on_name_typed(message: Message, widget: ManagedTextInput[str], manager: DialogManager, text: str) -> None:
    try:
        name = validate_person_name(text)
    except InvalidValue:
        set_problem(manager, translator_of(manager).get("search-name-invalid"))
        return
    _set_place(manager, q=name)
    await _search_and_show(manager, "search-nothing-name")


# Location ---------------------------------------------------------------------------------------------


async def on_location(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    location = message.location
    if location is None:  # the content-type filter lets only locations in
        return
    if not is_in_ukraine(location.latitude, location.longitude):
        set_problem(manager, translator_of(manager).get("search-location-outside"))
        return
    # About 100 m is plenty to sort clinics by distance, and the dialog keeps no exact position.
    _set_place(
        manager,
        lat=round(location.latitude, LOCATION_DECIMALS),
        lon=round(location.longitude, LOCATION_DECIMALS),
    )
    found = await run_search(manager)
    if found is None:
        return
    if found == 0:
        set_problem(manager, translator_of(manager).get("search-nothing-near"))
        return
    await _leave_location_keyboard(manager, "search-location-received")
    await manager.switch_to(DoctorSearch.results)


async def on_location_back(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _leave_location_keyboard(manager, "search-location-left")
    await manager.switch_to(DoctorSearch.filters)


async def _leave_location_keyboard(manager: DialogManager, text_key: str) -> None:
    """Take the location button away from under the input field.

    A reply keyboard stays until a message removes it; deleting the message that brought it is not
    enough, so a short line does it, and the next window replaces the prompt instead of following it.
    """
    chat: Chat = manager.middleware_data["event_chat"]
    bot: Bot = manager.middleware_data["bot"]
    text = translator_of(manager).get(text_key)
    await bot.send_message(chat.id, text, reply_markup=ReplyKeyboardRemove())
    manager.show_mode = ShowMode.DELETE_AND_SEND


# Wrong kinds of messages ------------------------------------------------------------------------------


async def on_text_expected(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    set_problem(manager, translator_of(manager).get("wrong-type-text"))


async def on_location_expected(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    set_problem(manager, translator_of(manager).get("search-location-hint"))


# Text typed over a list of choices --------------------------------------------------------------------


Outcome = Literal["shown", "none", "refused", "unreadable"]  # "unreadable": the text cannot be one


async def on_typed_search(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    """Text typed where buttons are shown (the ways to search, specialities, results, a card) is a new
    search, not a mistake: a speciality word sets the speciality; the other words are a settlement (its
    matches to pick) or a doctor's name, whichever was searched by last trying first. What the patient chose
    before stays: the speciality with a new place, the place with a new speciality. When nothing matches,
    the window stays as it was, with a line saying so."""
    if not message.text:
        await on_button_expected(message, widget, manager)
        return
    i18n = translator_of(manager)
    parsed = parse_query(message.text)
    before = {QUERY_KEY: dict(query_of(manager)), PAGE_KEY: manager.dialog_data.get(PAGE_KEY)}
    if parsed.speciality is not None:
        query_of(manager)["speciality"] = parsed.speciality
    if not parsed.words:
        if parsed.speciality is None:  # only "лікар" and the like
            set_problem(manager, i18n.get("search-typed-invalid"))
        elif _has_place(manager):
            await _search_and_show(manager, "search-nothing-speciality")
        else:
            await manager.switch_to(DoctorSearch.where)
        return
    attempts = (_typed_name, _typed_settlement) if query_of(manager).get("q") else (_typed_settlement, _typed_name)
    outcomes: list[Outcome] = []
    for attempt in attempts:
        outcome = await attempt(manager, parsed.rest)
        if outcome == "shown":
            return
        if outcome == "refused":  # the refusal is shown above the window
            manager.dialog_data.update(before)
            return
        outcomes.append(outcome)
    manager.dialog_data.update(before)  # nothing found: the choices stay as they were
    if "none" in outcomes:
        set_problem(manager, i18n.get("search-typed-nothing", typed=parsed.rest))
    else:
        set_problem(manager, i18n.get("search-typed-invalid"))


async def _typed_settlement(manager: DialogManager, text: str) -> Outcome:
    try:
        prefix = validate_settlement_query(text)
    except InvalidValue:
        return "unreadable"
    offered = await _offer_settlements(manager, prefix)
    return "refused" if offered is None else "shown" if offered else "none"


async def _typed_name(manager: DialogManager, text: str) -> Outcome:
    try:
        name = validate_person_name(text)
    except InvalidValue:
        return "unreadable"
    _set_place(manager, q=name)
    found = await run_search(manager)
    if found is None:
        return "refused"
    if found == 0:
        return "none"
    await manager.switch_to(DoctorSearch.results)
    return "shown"


# Filters, results and the card ------------------------------------------------------------------------


async def on_show_results(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    await _search_and_show(manager, "search-nothing-filters")


async def on_reset(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    manager.dialog_data[QUERY_KEY] = {}
    manager.dialog_data.pop(PAGE_KEY, None)


async def _turn_page(manager: DialogManager, offset: int) -> None:
    found = await run_search(manager, max(offset, 0))
    if found == 0:  # the list shrank since the last page: start over
        await run_search(manager, 0)


async def on_next_page(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    page = manager.dialog_data.get(PAGE_KEY) or {}
    if page.get("next_offset") is not None:
        await _turn_page(manager, int(page["next_offset"]))


async def on_prev_page(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    page = manager.dialog_data.get(PAGE_KEY) or {}
    await _turn_page(manager, int(page.get("offset", 0)) - PAGE_SIZE)


async def on_doctor_picked(callback: CallbackQuery, widget: Select[int], manager: DialogManager, index: int) -> None:
    hits = (manager.dialog_data.get(PAGE_KEY) or {}).get("hits", [])
    if not 0 <= index < len(hits):
        return
    manager.dialog_data[CARD_KEY] = hits[index]  # a hit is the directory's card plus the distance
    manager.dialog_data[FROM_RESULTS_KEY] = True
    await manager.switch_to(DoctorSearch.card)


async def load_card(manager: DialogManager, employee_id: str) -> bool:
    """The card of a doctor opened by id (deep link, inline result); False after a refusal."""
    try:
        card = await backend_of(manager).get_doctor(employee_id)
    except BackendError as error:
        show_failure(manager, error)
        return False
    manager.dialog_data[CARD_KEY] = card.model_dump(mode="json")
    return True


async def on_retry_card(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    start_data = manager.start_data if isinstance(manager.start_data, dict) else {}
    employee_id = start_data.get("employee_id")
    if isinstance(employee_id, str):
        await load_card(manager, employee_id)


# What other flows may pass in `data={"query": …}` (e.g. "other doctors near this clinic").
_START_CRITERIA = frozenset({"speciality", "settlement", "area", "settlement_label", "lat", "lon"})


async def on_start(start_data: Any, manager: DialogManager) -> None:
    """Opened on a card (`employee_id`: deep link, inline result), on ready criteria (`query`: the results
    at once), or on the filters."""
    if not isinstance(start_data, dict):
        return
    if isinstance(start_data.get("employee_id"), str):
        await load_card(manager, start_data["employee_id"])
    elif isinstance(start_data.get("query"), dict):
        manager.dialog_data[QUERY_KEY] = {
            key: value for key, value in start_data["query"].items() if key in _START_CRITERIA and value is not None
        }
        await _search_and_show(manager, "search-nothing-filters")
