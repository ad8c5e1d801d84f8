"""What the doctor search keeps in `dialog_data` and how it is read back: used by its getters and handlers.

The search criteria live under `query`; the page shown under `page`, so going back never repeats a search.
"""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from bot.api_models import DoctorCard, DoctorHit

PAGE_SIZE = 5
QUERY_KEY = "query"
PAGE_KEY = "page"
CARD_KEY = "card"
SETTLEMENTS_KEY = "settlements"
FROM_RESULTS_KEY = "card_from_results"


def query_of(manager: DialogManager) -> dict[str, Any]:
    query: dict[str, Any] = manager.dialog_data.setdefault(QUERY_KEY, {})
    return query


def card_of(manager: DialogManager) -> tuple[DoctorCard, float | None] | None:
    stored = manager.dialog_data.get(CARD_KEY)
    if not stored:
        return None
    hit = DoctorHit.model_validate(stored)
    return hit, hit.distance_km
