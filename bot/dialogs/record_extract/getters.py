"""What the extract windows show: the failure of the last attempt (once), and which way out it offers."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from bot.dialogs.common.reads import failed_state
from bot.dialogs.common.widgets import problem_getter
from bot.dialogs.record_extract.data import FAILED_KEY


async def language_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    common = await problem_getter(dialog_manager)
    failed: str | None = dialog_manager.dialog_data.pop(FAILED_KEY, None)
    return {**common, **failed_state(dialog_manager, failed)}
