"""aiogram-dialog text widget for Fluent texts: `Translated("menu-title")` renders in the user's language.

The getter's data (plain values only) are the Fluent arguments, escaped for HTML by the translator.
"""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager
from aiogram_dialog.widgets.common import WhenCondition
from aiogram_dialog.widgets.text import Text

from bot.i18n import I18N_KEY, Translator


def translator_of(manager: DialogManager) -> Translator:
    translator: Translator = manager.middleware_data[I18N_KEY]
    return translator


class Translated(Text):
    def __init__(self, key: str, when: WhenCondition = None, **arguments: str) -> None:
        """`arguments` rename getter keys for this text: `Translated("x", name="doctor_name")`."""
        super().__init__(when=when)
        self.key = key
        self.arguments = arguments

    async def _render_text(self, data: dict[str, Any], manager: DialogManager) -> str:
        values = {**data, **{name: data.get(source) for name, source in self.arguments.items()}}
        return translator_of(manager).get(self.key, **values)
