"""What the lab results windows show, read fresh from the backend on every render.

A refusal (the registry is down, …) becomes a line in the window with a "try again" button, so the patient
keeps their place; a session that does not allow the medical record offers "sign in and allow"; "sign in
again" goes to the bot's error handler.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, TypeVar

from aiogram_dialog import DialogManager

from backend.domain.lab_results_view import PRESSURE_PARTNER, chart_series, pressure_reading, same_moment_value
from bot.api_client import BackendError
from bot.dialogs.common.context import backend_of, user_id_of
from bot.dialogs.common.failures import failure_text
from bot.dialogs.common.reads import attempt, failed_state
from bot.dialogs.common.widgets import problem_getter
from bot.dialogs.lab_results.data import CARD_ID_KEY, IDS_KEY, PAGE_KEY
from bot.dialogs.lab_results.series import read_series
from bot.dialogs.lab_results.texts import button_label, result_card, result_line
from bot.widgets import translator_of

T = TypeVar("T")

PAGE_SIZE = 6  # results per page: each takes one or two lines


async def _optional(manager: DialogManager, call: Awaitable[T]) -> T | None:
    """A read the window can do without (the chart button, the other half of a blood pressure reading)."""
    try:
        return await call
    except BackendError as error:
        failure_text(manager, error)  # re-raises "sign in again"; anything else just leaves the extra out
        return None


async def list_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    backend, user_id = backend_of(dialog_manager), user_id_of(dialog_manager)
    common = await problem_getter(dialog_manager)
    page = int(dialog_manager.dialog_data.get(PAGE_KEY, 1))
    listed, failed = await attempt(dialog_manager, backend.list_observations(user_id, page=page, page_size=PAGE_SIZE))
    if listed is not None and not listed.items and page > 1:  # the list got shorter since: its first page
        dialog_manager.dialog_data[PAGE_KEY] = page = 1
        listed, failed = await attempt(dialog_manager, backend.list_observations(user_id, page=1, page_size=PAGE_SIZE))
    if listed is None:
        return {
            **common,
            **failed_state(dialog_manager, failed),
            "text": "",
            "items": [],
            "has_prev": False,
            "has_next": False,
        }
    first = (listed.page - 1) * listed.page_size + 1
    dialog_manager.dialog_data[IDS_KEY] = [item.id for item in listed.items]
    lines = [result_line(i18n, first + index, item) for index, item in enumerate(listed.items)]
    header = i18n.get("lab-list-title", page=listed.page, pages=max(listed.total_pages, 1))
    return {
        **common,
        "failed": None,
        "text": "\n".join([header, "", *lines, "", i18n.get("lab-list-hint")]) if lines else i18n.get("lab-list-none"),
        "items": [
            {"index": index, "label": button_label(i18n, first + index, item)}
            for index, item in enumerate(listed.items)
        ],
        "has_prev": listed.page > 1,
        "has_next": listed.page < listed.total_pages,
    }


async def card_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    backend, user_id = backend_of(dialog_manager), user_id_of(dialog_manager)
    common = await problem_getter(dialog_manager)
    observation_id = dialog_manager.dialog_data.get(CARD_ID_KEY)
    if not observation_id:  # a stale window: back to the list is the only way
        return {**common, "failed": None, "text": i18n.get("notice-stale"), "chartable": False}
    observation, failed = await attempt(dialog_manager, backend.get_observation(user_id, observation_id))
    if observation is None:
        return {**common, **failed_state(dialog_manager, failed), "text": "", "chartable": False}
    chartable, pressure = False, None
    if observation.value_number is not None:
        series = await _optional(dialog_manager, read_series(backend, user_id, observation.code.code, pages=1))
        chartable = series is not None and chart_series(series).chartable
        partner = PRESSURE_PARTNER.get(observation.code.code)
        if partner is not None:
            other = await _optional(dialog_manager, read_series(backend, user_id, partner, pages=1))
            value = same_moment_value(other or [], observation.taken_at)
            pressure = pressure_reading(observation.code.code, observation.value_number, value)
    return {
        **common,
        "failed": None,
        "text": result_card(i18n, observation, pressure=pressure, chartable=chartable),
        "chartable": chartable,
    }
