"""Widgets every flow repeats: the way back to the menu, the "problem" line above a question, the
"try again" of a window whose data did not load."""

from __future__ import annotations

import functools
import html
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram.types import Message
from aiogram_dialog import DialogManager, StartMode
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Start
from aiogram_dialog.widgets.text import Format

from bot.api_client import BackendUnavailable
from bot.dialogs.common.errors import error_text
from bot.dialogs.main_menu.states import MainMenu
from bot.i18n import Translator
from bot.widgets import Translated, translator_of

Getter = Callable[..., Awaitable[dict[str, Any]]]

PROBLEM_KEY = "problem"  # dialog_data: a localized line about the last input (wrong type, invalid value)


def button_text(i18n: Translator, key: str, /, **arguments: object) -> str:
    """A text for a button label: Telegram shows labels as they are, so the HTML escaping of the
    arguments (right for messages) is undone here."""
    return html.unescape(i18n.get(key, **arguments))


def to_menu_button() -> Start:
    return Start(Translated("btn-menu"), id="menu", state=MainMenu.main, mode=StartMode.RESET_STACK)


async def on_button_expected(message: Message, widget: MessageInput, manager: DialogManager) -> None:
    """A message where only buttons answer: say so above the same question."""
    set_problem(manager, translator_of(manager).get("wrong-type-button"))


def problem_text() -> Format:
    """The last problem, shown once above the question; handlers set it with `set_problem`."""
    return Format("{problem}\n", when="problem")


def set_problem(manager: DialogManager, text: str | None) -> None:
    if text:
        manager.dialog_data[PROBLEM_KEY] = text
    else:
        manager.dialog_data.pop(PROBLEM_KEY, None)


async def problem_getter(dialog_manager: DialogManager, **_: Any) -> dict[str, Any]:
    """Hands the problem line to the window once, then forgets it."""
    return {"problem": dialog_manager.dialog_data.pop(PROBLEM_KEY, None)}


UNAVAILABLE_KEY = "unavailable"  # getter data: the localized "try later" when the backend did not answer


def when_reachable(getter: Getter) -> Getter:
    """A window getter that survives the backend being down: the window shows why and a retry button
    (`unavailable_text()`, `retry_button()`) instead of failing, so the patient stays where they were."""

    @functools.wraps(getter)
    async def guarded(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
        try:
            return await getter(dialog_manager, **kwargs)
        except BackendUnavailable as error:
            return {UNAVAILABLE_KEY: error_text(translator_of(dialog_manager), error)}

    return guarded


def unavailable_text() -> Format:
    return Format("{unavailable}", when=UNAVAILABLE_KEY)


def retry_button() -> Button:
    # A press re-renders the window, which runs its getter again: that is the retry.
    return Button(Translated("btn-retry"), id="retry", when=UNAVAILABLE_KEY)
