"""Data for the settings windows."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import ManagedCheckbox

from bot.api_models import NOTIFICATION_KINDS
from bot.dialogs.common.context import backend_of, translator_of, user_id_of
from bot.dialogs.common.widgets import problem_getter

# Short widget ids (they travel in callback_data) for each notification kind.
NOTIFICATION_WIDGETS = {
    "declaration_status": "nd",
    "request_status": "nr",
    "security": "ns",
    "reminders": "nm",
    "prescriptions": "np",
    "medical_record": "nc",
}
assert set(NOTIFICATION_WIDGETS) == set(NOTIFICATION_KINDS)


async def main_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    account = await backend_of(dialog_manager).get_account(user_id_of(dialog_manager))
    return {
        **await problem_getter(dialog_manager, **kwargs),
        "language_name": translator_of(dialog_manager).get(f"language-{account.language}"),
        "linked": account.linked,
    }


async def notifications_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    """The checkboxes start from what the backend holds (once per visit; then they hold the truth)."""
    if not dialog_manager.dialog_data.get("notifications_loaded"):
        account = await backend_of(dialog_manager).get_account(user_id_of(dialog_manager))
        for kind, widget_id in NOTIFICATION_WIDGETS.items():
            checkbox = dialog_manager.find(widget_id)
            assert isinstance(checkbox, ManagedCheckbox)
            await checkbox.set_checked(getattr(account.notifications, kind))
        dialog_manager.dialog_data["notifications_loaded"] = True
    return {}
