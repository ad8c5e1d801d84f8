"""What each doctor search window shows; texts come from the locale files through the translator."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from backend.domain.declarations import Speciality
from bot.api_client import BackendError
from bot.api_models import DoctorHit
from bot.dialogs.common.context import backend_of, user_id_of
from bot.dialogs.common.doctor_card import (
    doctor_card_text,
    doctor_line_text,
    short_name,
    speciality_name,
)
from bot.dialogs.common.failures import failure_text
from bot.dialogs.common.widgets import button_text, problem_getter
from bot.dialogs.doctor_search.data import (
    FROM_RESULTS_KEY,
    PAGE_KEY,
    PAGE_SIZE,
    SETTLEMENTS_KEY,
    card_of,
    query_of,
)
from bot.widgets import translator_of

ALLOWED_KEY = "allowed_specialities"  # codes only: the patient's birth date is not kept in dialog data


async def filters_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    query = query_of(dialog_manager)
    chosen: list[str] = []
    if speciality := query.get("speciality"):
        chosen.append(i18n.get("search-chosen-speciality", speciality=speciality_name(i18n, speciality)))
    if label := query.get("settlement_label"):
        chosen.append(i18n.get("search-chosen-settlement", settlement=label))
    if name := query.get("q"):
        chosen.append(i18n.get("search-chosen-name", name=name))
    if query.get("lat") is not None:
        chosen.append(i18n.get("search-chosen-near"))
    return {
        **await problem_getter(dialog_manager),
        "chosen": "\n".join(chosen),
        "has_filters": bool(chosen),
        "inline_query": query.get("settlement") or query.get("q") or "",
    }


async def _allowed_specialities(manager: DialogManager) -> list[str] | None:
    """The specialities this patient may choose (by age); None when we cannot tell (not signed in)."""
    if ALLOWED_KEY in manager.dialog_data:
        allowed: list[str] | None = manager.dialog_data[ALLOWED_KEY]
        return allowed
    try:
        # The backend answers from the link's birth date, as its search filters: no registry call.
        account = await backend_of(manager).get_account(user_id_of(manager))
    except BackendError as error:
        failure_text(manager, error)  # re-raises "sign in again"; otherwise all are offered, the backend filters
        return None
    allowed = account.allowed_specialities if account.linked else None
    manager.dialog_data[ALLOWED_KEY] = allowed
    return allowed


async def speciality_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    allowed = await _allowed_specialities(dialog_manager)
    offered = [item.value for item in Speciality if allowed is None or item.value in allowed]
    excluded = [item.value for item in Speciality if item.value not in offered]
    notes = [i18n.get(f"search-spec-why-not-{code.lower().replace('_', '-')}") for code in excluded]
    if allowed is None:
        notes.append(i18n.get("search-spec-ages"))
    return {
        **await problem_getter(dialog_manager),
        "specialities": [{"code": code, "label": speciality_name(i18n, code).capitalize()} for code in offered],
        "why_not": "\n".join(notes),
        "has_why_not": bool(notes),
    }


async def where_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    return {
        **await problem_getter(dialog_manager),
        "speciality": speciality_name(i18n, query_of(dialog_manager).get("speciality")),
    }


async def settlement_pick_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    matches: list[dict[str, Any]] = dialog_manager.dialog_data.get(SETTLEMENTS_KEY, [])
    return {
        **await problem_getter(dialog_manager),
        "settlements": [
            {
                "index": index,
                "label": button_text(
                    i18n,
                    "search-settlement-option-area" if match["area"] else "search-settlement-option",
                    name=match["name"],
                    area=match["area"],
                    doctors=match["doctors"],
                ),
            }
            for index, match in enumerate(matches)
        ],
    }


async def results_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    page: dict[str, Any] = dialog_manager.dialog_data.get(PAGE_KEY) or {}
    hits = [DoctorHit.model_validate(hit) for hit in page.get("hits", [])]
    offset = int(page.get("offset", 0))
    total = page.get("total")
    lines = [doctor_line_text(i18n, offset + index + 1, hit, hit.distance_km) for index, hit in enumerate(hits)]
    header: str
    if not hits:  # the list emptied since the search (doctors left the directory)
        header = i18n.get("search-nothing-filters")
    elif total is not None:
        header = i18n.get("search-results-total", count=total, first=offset + 1, last=offset + len(hits))
    else:
        header = i18n.get("search-results-some", first=offset + 1, last=offset + len(hits))
    if page.get("radius_km") is not None:
        header += "\n" + i18n.get("search-results-radius", km=page["radius_km"])
    query = query_of(dialog_manager)
    return {
        **await problem_getter(dialog_manager),
        "results": "\n\n".join([header, *lines]),
        "doctors": [
            {"index": index, "label": f"{offset + index + 1}. {short_name(hit)}"} for index, hit in enumerate(hits)
        ],
        "has_prev": offset > 0,
        "has_next": page.get("next_offset") is not None,
        "page_size": PAGE_SIZE,
        "inline_query": query.get("settlement") or query.get("q") or "",
    }


async def card_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    loaded = card_of(dialog_manager)
    problem = await problem_getter(dialog_manager)
    if loaded is None:
        return {**problem, "card": "", "loaded": False, "can_submit": False, "share_query": "", "from_results": False}
    card, distance = loaded
    return {
        **problem,
        "card": doctor_card_text(i18n, card, distance),
        "loaded": True,
        "can_submit": card.available,
        "share_query": card.full_name,
        "from_results": bool(dialog_manager.dialog_data.get(FROM_RESULTS_KEY)),
    }
