"""What the declarations windows show, read fresh from the backend on every render.

A refusal (the registry is down, …) becomes a line in the window with a "try again" button, so the patient
keeps their place; "sign in again" goes to the bot's error handler.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, TypeVar

from aiogram_dialog import DialogManager

from bot.api_client import BackendError
from bot.dialogs.common.context import backend_of, user_id_of
from bot.dialogs.common.declaration_texts import declaration_line, declaration_text, request_text
from bot.dialogs.common.doctor_card import short_name
from bot.dialogs.common.failures import failure_text
from bot.dialogs.common.widgets import problem_getter
from bot.dialogs.declarations.data import (
    CURRENT_IDS_KEY,
    DETAIL_ID_KEY,
    DONE_KEY,
    HISTORY_IDS_KEY,
    HISTORY_PAGE_KEY,
    REQUEST_IDS_KEY,
    REQUEST_KEY,
)
from bot.widgets import translator_of

T = TypeVar("T")

HISTORY_PAGE_SIZE = 5
REQUESTS_SHOWN = 10  # requests waiting for a signature; a patient rarely has more than one or two
WAITING_STATUS = "NEW"


async def _attempt(manager: DialogManager, call: Awaitable[T]) -> tuple[T | None, str | None]:
    try:
        return await call, None
    except BackendError as error:
        return None, failure_text(manager, error)


async def _common(manager: DialogManager) -> dict[str, Any]:
    """The problem line and the one-time "done" line every window may show."""
    done_key = manager.dialog_data.pop(DONE_KEY, None)
    return {
        **await problem_getter(manager),
        "done": translator_of(manager).get(done_key) if done_key else None,
    }


async def overview_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    backend, user_id = backend_of(dialog_manager), user_id_of(dialog_manager)
    common = await _common(dialog_manager)
    listed, failed = await _attempt(dialog_manager, backend.list_declarations(user_id, page=1, page_size=1))
    requests = None
    if listed is not None:
        requests, failed = await _attempt(
            dialog_manager,
            backend.list_declaration_requests(user_id, status=WAITING_STATUS, page=1, page_size=REQUESTS_SHOWN),
        )
    if listed is None or requests is None:
        return {**common, "failed": failed, "text": "", "has_current": False, "waiting": 0, "has_history": False}
    dialog_manager.dialog_data[CURRENT_IDS_KEY] = [item.id for item in listed.current]
    parts = [declaration_text(i18n, item, title_key="decl-current-title") for item in listed.current]
    if not listed.current:
        parts.append(i18n.get("decl-none"))
    if requests.total_entries:
        parts.append(i18n.get("decl-requests-waiting", count=requests.total_entries))
    return {
        **common,
        "failed": None,
        "text": "\n\n".join(parts),
        "has_current": bool(listed.current),
        "waiting": requests.total_entries,
        "has_history": listed.total_entries > 0,
    }


async def terminate_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    ids: list[str] = dialog_manager.dialog_data.get(CURRENT_IDS_KEY) or []
    common = await _common(dialog_manager)
    if not ids:
        return {**common, "failed": None, "doctor": ""}
    declaration, failed = await _attempt(
        dialog_manager, backend_of(dialog_manager).get_declaration(user_id_of(dialog_manager), ids[0])
    )
    return {**common, "failed": failed, "doctor": declaration.doctor.full_name if declaration else ""}


async def history_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    page = int(dialog_manager.dialog_data.get(HISTORY_PAGE_KEY, 1))
    common = await _common(dialog_manager)
    listed, failed = await _attempt(
        dialog_manager,
        backend_of(dialog_manager).list_declarations(
            user_id_of(dialog_manager), page=page, page_size=HISTORY_PAGE_SIZE
        ),
    )
    if listed is None:
        return {**common, "failed": failed, "text": "", "items": [], "has_prev": False, "has_next": False}
    first = (listed.page - 1) * listed.page_size + 1
    dialog_manager.dialog_data[HISTORY_IDS_KEY] = [item.id for item in listed.items]
    lines = [declaration_line(i18n, first + index, item) for index, item in enumerate(listed.items)]
    header = i18n.get("decl-history-title", page=listed.page, pages=max(listed.total_pages, 1))
    return {
        **common,
        "failed": None,
        "text": "\n\n".join([header, *lines]) if lines else i18n.get("decl-history-empty"),
        "items": [
            {"index": index, "label": f"{first + index}. {short_name(item.doctor)}"}
            for index, item in enumerate(listed.items)
        ],
        "has_prev": listed.page > 1,
        "has_next": listed.page < listed.total_pages,
    }


async def detail_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    common = await _common(dialog_manager)
    declaration_id = dialog_manager.dialog_data.get(DETAIL_ID_KEY)
    if not declaration_id:
        return {**common, "failed": None, "text": i18n.get("decl-history-empty")}
    declaration, failed = await _attempt(
        dialog_manager, backend_of(dialog_manager).get_declaration(user_id_of(dialog_manager), declaration_id)
    )
    text = declaration_text(i18n, declaration, title_key="decl-detail-title") if declaration else ""
    return {**common, "failed": failed, "text": text}


async def requests_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    common = await _common(dialog_manager)
    listed, failed = await _attempt(
        dialog_manager,
        backend_of(dialog_manager).list_declaration_requests(
            user_id_of(dialog_manager), status=WAITING_STATUS, page=1, page_size=REQUESTS_SHOWN
        ),
    )
    if listed is None:
        return {**common, "failed": failed, "text": "", "items": []}
    dialog_manager.dialog_data[REQUEST_IDS_KEY] = [item.id for item in listed.items]
    blocks = [
        i18n.get("decl-request-number", position=index + 1) + "\n" + request_text(i18n, item)
        for index, item in enumerate(listed.items)
    ]
    return {
        **common,
        "failed": None,
        "text": "\n\n".join([i18n.get("decl-requests-title"), *blocks]) if blocks else i18n.get("decl-requests-none"),
        "items": [
            {
                "index": index,
                "label": f"{index + 1}. {short_name(item.doctor)}" if item.doctor else str(index + 1),
            }
            for index, item in enumerate(listed.items)
        ],
    }


async def request_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    common = await _common(dialog_manager)
    stored: dict[str, Any] = dialog_manager.dialog_data.get(REQUEST_KEY) or {}
    if not stored.get("id"):
        return {**common, "failed": None, "text": i18n.get("decl-requests-none"), "signing_url": "", "doctor": ""}
    request, failed = await _attempt(
        dialog_manager,
        backend_of(dialog_manager).get_declaration_request(user_id_of(dialog_manager), stored["id"]),
    )
    signable = bool(request and request.signable)
    return {
        **common,
        "failed": failed,
        "text": request_text(i18n, request) if request else "",
        "signing_url": (stored.get("signing_url") or "") if signable else "",
        "doctor": request.doctor.full_name if request and request.doctor else "",
    }
