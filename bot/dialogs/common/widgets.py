"""Widgets every flow repeats: the way back to the menu, the "problem" line above a question."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager, StartMode
from aiogram_dialog.widgets.kbd import Start
from aiogram_dialog.widgets.text import Format

from bot.dialogs.main_menu.states import MainMenu
from bot.widgets import Translated

PROBLEM_KEY = "problem"  # dialog_data: a localized line about the last input (wrong type, invalid value)


def to_menu_button() -> Start:
    return Start(Translated("btn-menu"), id="menu", state=MainMenu.main, mode=StartMode.RESET_STACK)


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
