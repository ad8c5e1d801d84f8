"""The systems with access to the patient's data, read fresh on every render."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from backend.domain.text import fold
from bot.api_client import BackendError
from bot.api_models import Access
from bot.dialogs.accesses.handlers import ACCESSES_KEY, DONE_KEY, REVOKE_KEY
from bot.dialogs.common.context import backend_of, user_id_of
from bot.dialogs.common.widgets import problem_getter
from bot.dialogs.declarations.texts import local_time
from bot.dialogs.doctor_search.card import button_text
from bot.dialogs.doctor_search.failures import failure_text
from bot.i18n import Translator
from bot.widgets import translator_of


def _scope_key(scope: str) -> str:
    return "access-scope-" + scope.lower().replace(":", "-").replace("_", "-")


def scopes_text(i18n: Translator, scopes: list[str]) -> str:
    """What a system may do, one plain line per kind of permission, each said once."""
    lines: list[str] = []
    for scope in scopes:
        key = _scope_key(scope)
        line = i18n.get(key) if i18n.has(key) else i18n.get("access-scope-other")
        if line not in lines:
            lines.append(line)
    return "\n".join(f"• {line}" for line in lines)


def _access_text(i18n: Translator, position: int, access: Access, ours: bool) -> str:
    lines = [i18n.get("access-item-ours" if ours else "access-item", position=position, name=access.client_name)]
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
        return {**common, "failed": failure_text(dialog_manager, error), "text": "", "items": []}
    shown = [
        {"id": access.id, "name": access.client_name, "ours": fold(access.client_name) in ours} for access in accesses
    ]
    dialog_manager.dialog_data[ACCESSES_KEY] = shown
    blocks = [
        _access_text(i18n, index + 1, access, bool(item["ours"]))
        for index, (access, item) in enumerate(zip(accesses, shown, strict=True))
    ]
    return {
        **common,
        "failed": None,
        "text": "\n\n".join([i18n.get("access-title"), *blocks]) if blocks else i18n.get("access-none"),
        "items": [
            {"index": index, "label": button_text(i18n, "access-btn-revoke", name=item["name"])}
            for index, item in enumerate(shown)
        ],
    }


async def revoke_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    chosen: dict[str, Any] = dialog_manager.dialog_data.get(REVOKE_KEY) or {}
    return {
        **await problem_getter(dialog_manager),
        "name": chosen.get("name") or "",
        "ours": bool(chosen.get("ours")),
    }
