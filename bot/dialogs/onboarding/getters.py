"""Data for the onboarding windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from aiogram_dialog import DialogManager

from bot.dialogs.common.context import backend_of, user_id_of
from bot.dialogs.common.widgets import problem_getter

# A sign-in link is single-use and short-lived; reuse it while it has this much life left.
_LINK_MARGIN = timedelta(minutes=2)


async def consent_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    account = await backend_of(dialog_manager).get_account(user_id_of(dialog_manager))
    return {"version": account.consent.current_version}


async def phone_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    return await problem_getter(dialog_manager, **kwargs)


async def sign_in_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    data = dialog_manager.dialog_data
    expires = data.get("sign_in_expires")
    if not data.get("sign_in_url") or not expires or datetime.fromisoformat(expires) - _LINK_MARGIN < _now():
        link = await backend_of(dialog_manager).start_sign_in(user_id_of(dialog_manager))
        data["sign_in_url"], data["sign_in_expires"] = link.url, link.expires_at.isoformat()
    return {"sign_in_url": data["sign_in_url"], "not_yet": data.get("not_yet", False)}


def _now() -> datetime:
    return datetime.now(UTC)
