"""A read of the patient's medical data inside a window: its value, or a line saying why not and which way out.

Two ways out: "try again" (re-rendering the window runs its getter again), or, when eHealth refused because the
patient's session does not allow this cabinet to read it (`permission_needed`: a session from before the cabinet
asked for it), "sign in and allow", since a retry cannot help. "Please sign in again" goes to the bot's error
handler (`failure_text` re-raises it).

The widgets every such window repeats live here too: the failure line, its two buttons and the pages' row.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiogram.types import CallbackQuery
from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.kbd import Button, Row
from aiogram_dialog.widgets.kbd.button import OnClick
from aiogram_dialog.widgets.text import Format

from bot.api_client import BackendError
from bot.dialogs.common.failures import failure_text
from bot.dialogs.common.navigation import open_sign_in
from bot.widgets import Translated

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


def failed_text() -> Format:
    """The failure line `failed_state` hands the window."""
    return Format("{failed}", when="failed")


def failure_buttons(notice: str, *, on_retry: OnClick | None = None) -> tuple[Button, Button]:
    """«Спробувати ще раз» (by default re-rendering the window, which runs its getter again) and, for a session
    that does not allow the read, «🔑 Увійти й дозволити»: the sign-in step with `notice-<notice>` saying why."""

    async def sign_in_again(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
        await open_sign_in(manager, notice=notice)

    return (
        Button(Translated("btn-retry"), id="retry", on_click=on_retry, when="retry"),
        Button(Translated("btn-sign-in-allow"), id="permission", on_click=sign_in_again, when="permission_needed"),
    )


PageKey = str | Callable[[DialogManager], str | None]


def paging_row(page_key: PageKey) -> Row:
    """◀️/▶️ over a list whose 1-based page is `dialog_data[page_key]` (or the key a function picks for the open
    window); the getter says `has_prev`/`has_next`."""

    def turner(step: int) -> OnClick:
        async def turn(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
            key = page_key(manager) if callable(page_key) else page_key
            if key is not None:
                manager.dialog_data[key] = max(int(manager.dialog_data.get(key, 1)) + step, 1)

        return turn

    return Row(
        Button(Translated("btn-prev"), id="prev", on_click=turner(-1), when="has_prev"),
        Button(Translated("btn-next"), id="next", on_click=turner(1), when="has_next"),
    )
