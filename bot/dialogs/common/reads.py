"""A read of the patient's medical data inside a window: its value, or a line saying why not and which way out.

Two ways out: "try again" (re-rendering the window runs its getter again), or, when eHealth refused because the
patient's session does not allow this cabinet to read it (`permission_needed`: a session from before the cabinet
asked for it), "sign in and allow", since a retry cannot help. "Please sign in again" goes to the bot's error
handler (`failure_text` re-raises it).
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, TypeVar

from aiogram_dialog import DialogManager

from bot.api_client import BackendError
from bot.dialogs.common.failures import failure_text

T = TypeVar("T")

PERMISSION_NEEDED = "permission_needed"  # the backend's error code for it
# `dialog_data` key: the last read was refused for want of the patient's permission.
PERMISSION_KEY = "permission_needed"


async def attempt(manager: DialogManager, call: Awaitable[T]) -> tuple[T | None, str | None]:
    """The call's value and no failure, or no value and the refusal's text in the patient's language."""
    try:
        value = await call
    except BackendError as error:
        manager.dialog_data[PERMISSION_KEY] = error.code == PERMISSION_NEEDED
        return None, failure_text(manager, error)
    manager.dialog_data[PERMISSION_KEY] = False
    return value, None


def failed_state(manager: DialogManager, failed: str | None) -> dict[str, Any]:
    """What a window shows when a read failed: `failed` (the text), and which button: `permission_needed` or
    `retry`."""
    permission = failed is not None and bool(manager.dialog_data.get(PERMISSION_KEY))
    return {"failed": failed, "permission_needed": permission, "retry": failed is not None and not permission}
