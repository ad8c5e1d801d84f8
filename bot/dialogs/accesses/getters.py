"""The systems with access to the patient's data, read fresh on every render."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from backend.domain.text import fold
from bot.api_client import BackendError
from bot.api_models import Access
from bot.dialogs.accesses.data import ACCESSES_KEY, DONE_KEY, PAGE_KEY, REVOKE_KEY
from bot.dialogs.common.context import backend_of, user_id_of
from bot.dialogs.common.failures import failure_text
from bot.dialogs.common.widgets import button_text, problem_getter
from bot.i18n import Translator, local_time
from bot.widgets import translator_of

# eHealth scopes → what they let a system do, in a few kinds a patient can weigh (several scopes per kind).
SCOPE_KINDS: dict[str, str] = {
    "person:sign_in": "sign-in",
    "person:sign_up": "sign-in",
    "person:read": "read",
    "declaration:read_pis": "read",
    "declaration_request:read_pis": "read",
    "declaration_request:details_pis": "read",
    "app:read_pis": "read",
    "medication_request:read": "prescriptions",
    "medication_dispense:read": "prescriptions",
    "patient_summary:read": "medical-record",
    "service_request:read": "medical-record",
    "person:write_pis": "change-data",
    "declaration_request:write_pis": "declarations",
    "declaration_request:sign_pis": "declarations",
    "declaration_request:reject_pis": "declarations",
    "declaration:terminate_pis": "declarations",
    "app:delete_pis": "accesses",
}
PAGE_SIZE = 5  # accesses per message: each takes a few lines; a message holds at most 4096 characters
_KIND_ORDER = ("sign-in", "read", "prescriptions", "medical-record", "change-data", "declarations", "accesses", "other")


def scopes_text(i18n: Translator, scopes: list[str]) -> str:
    """What a system may do: one plain line per kind of permission, in a fixed order."""
    kinds = {SCOPE_KINDS.get(scope, "other") for scope in scopes}
    return "\n".join(f"• {i18n.get(f'access-scope-{kind}')}" for kind in _KIND_ORDER if kind in kinds)


def _access_text(i18n: Translator, position: int, access: Access, ours: bool) -> str:
    lines: list[str] = [
        i18n.get("access-item-ours" if ours else "access-item", position=position, name=access.client_name)
    ]
    if access.created_at:
        lines.append(i18n.get("access-since", since=local_time(access.created_at).date()))
    lines.append(i18n.get("access-may"))
    lines.append(scopes_text(i18n, access.scopes))
    return "\n".join(lines)


async def _our_names(manager: DialogManager) -> set[str]:
    """This cabinet's name(s) among the verified cabinets: the access the patient gave this bot.

    The backend's access answer does not mark our own client, so the name is what tells it apart."""
    cabinets = await backend_of(manager).list_cabinets()
    return {fold(cabinet.name) for cabinet in cabinets if cabinet.ours}


async def overview_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    done = dialog_manager.dialog_data.pop(DONE_KEY, None)
    common = {
        **await problem_getter(dialog_manager),
        "done": i18n.get(done["key"], name=done.get("name") or "") if done else None,
    }
    try:
        accesses = await backend_of(dialog_manager).list_accesses(user_id_of(dialog_manager))
        ours = await _our_names(dialog_manager)
    except BackendError as error:
        failed = failure_text(dialog_manager, error)
        return {**common, "failed": failed, "text": "", "items": [], "has_prev": False, "has_next": False}
    pages = max((len(accesses) + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    page = min(int(dialog_manager.dialog_data.get(PAGE_KEY, 0)), pages - 1)
    first = page * PAGE_SIZE
    shown_accesses = accesses[first : first + PAGE_SIZE]
    shown = [
        {"id": access.id, "name": access.client_name, "ours": fold(access.client_name) in ours}
        for access in shown_accesses
    ]
    dialog_manager.dialog_data[ACCESSES_KEY] = shown
    blocks = [
        _access_text(i18n, first + index + 1, access, bool(item["ours"]))
        for index, (access, item) in enumerate(zip(shown_accesses, shown, strict=True))
    ]
    title = i18n.get("access-title") if pages == 1 else i18n.get("access-title-paged", page=page + 1, pages=pages)
    return {
        **common,
        "failed": None,
        "text": "\n\n".join([title, *blocks]) if blocks else i18n.get("access-none"),
        "items": [
            {"index": index, "label": button_text(i18n, "access-btn-revoke", name=item["name"])}
            for index, item in enumerate(shown)
        ],
        "has_prev": page > 0,
        "has_next": page < pages - 1,
    }


async def revoke_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    chosen: dict[str, Any] = dialog_manager.dialog_data.get(REVOKE_KEY) or {}
    return {
        **await problem_getter(dialog_manager),
        "name": chosen.get("name") or "",
        "ours": bool(chosen.get("ours")),
    }
