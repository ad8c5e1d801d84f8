"""What the referrals windows show, read fresh from the backend on every render.

The list reads all of the patient's referrals (a few dozen at most) to put the open ones first, and pages them
here. A refusal (the registry is down, …) becomes a line in the window with a "try again" button, so the patient
keeps their place; "sign in again" goes to the bot's error handler.
"""

from __future__ import annotations

from datetime import UTC, datetime
from math import ceil
from typing import Any

from aiogram_dialog import DialogManager

from backend.domain.referrals_view import open_first
from bot.api_client import BackendClient
from bot.api_models import Referral
from bot.dialogs.common.context import backend_of, user_id_of
from bot.dialogs.common.reads import attempt, failed_state
from bot.dialogs.common.widgets import problem_getter
from bot.dialogs.referrals.data import CARD_ID_KEY, IDS_KEY, PAGE_KEY
from bot.dialogs.referrals.texts import button_label, referral_card, referral_line
from bot.widgets import translator_of

PAGE_SIZE = 4  # referrals per page: each takes three lines
READ_PAGE_SIZE = 50  # the backend's largest page
READ_PAGES = 4  # at most 200 referrals read for a list: far more than anyone has
_LONG_AGO = datetime(1970, 1, 1, tzinfo=UTC)


async def _all_referrals(backend: BackendClient, user_id: int) -> list[Referral]:
    items: list[Referral] = []
    for page in range(1, READ_PAGES + 1):
        listed = await backend.list_referrals(user_id, page=page, page_size=READ_PAGE_SIZE)
        items.extend(listed.items)
        if page >= listed.total_pages:
            break
    return items


def _issued(referral: Referral) -> datetime:
    return referral.inserted_at or referral.occurrence_start or _LONG_AGO


async def list_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    common = await problem_getter(dialog_manager)
    read, failed = await attempt(dialog_manager, _all_referrals(backend_of(dialog_manager), user_id_of(dialog_manager)))
    if read is None:
        return {
            **common,
            **failed_state(dialog_manager, failed),
            "text": "",
            "items": [],
            "has_prev": False,
            "has_next": False,
        }
    shown = open_first(read, is_open=lambda r: r.is_open, status=lambda r: r.status, at=_issued, key=lambda r: r.id)
    pages = max(ceil(len(shown) / PAGE_SIZE), 1)
    page = min(max(int(dialog_manager.dialog_data.get(PAGE_KEY, 1)), 1), pages)
    dialog_manager.dialog_data[PAGE_KEY] = page
    first = (page - 1) * PAGE_SIZE
    on_page = shown[first : first + PAGE_SIZE]
    dialog_manager.dialog_data[IDS_KEY] = [item.id for item in on_page]
    if not on_page:
        text = i18n.get("ref-list-none")
    else:
        parts: list[str] = [i18n.get("ref-list-title", page=page, pages=pages)]
        opened = sum(1 for item in shown if item.is_open)
        for index, item in enumerate(on_page, start=first):
            if index == 0 and item.is_open:
                parts.append(i18n.get("ref-list-open", count=opened))
            if index == opened:
                parts.append(i18n.get("ref-list-closed"))
            parts.append(referral_line(i18n, index + 1, item))
        if opened == 0 and page == 1:
            parts.insert(1, i18n.get("ref-list-none-open"))
        text = "\n\n".join(parts)
    return {
        **common,
        "failed": None,
        "text": text,
        "items": [
            {"index": index, "label": button_label(i18n, first + index + 1, item)} for index, item in enumerate(on_page)
        ],
        "has_prev": page > 1,
        "has_next": page < pages,
    }


async def card_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    common = await problem_getter(dialog_manager)
    referral_id = dialog_manager.dialog_data.get(CARD_ID_KEY)
    if not referral_id:  # a stale window: back to the list is the only way
        return {**common, "failed": None, "text": i18n.get("notice-stale"), "open": False}
    referral, failed = await attempt(
        dialog_manager, backend_of(dialog_manager).get_referral(user_id_of(dialog_manager), referral_id)
    )
    if referral is None:
        return {**common, **failed_state(dialog_manager, failed), "text": "", "open": False}
    return {**common, "failed": None, "text": referral_card(i18n, referral), "open": referral.is_open}
