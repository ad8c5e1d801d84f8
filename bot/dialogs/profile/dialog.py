"""My data: the card (identifiers masked), and changes the patient signs with their e-signature."""

from __future__ import annotations

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.kbd import Column, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.dialogs.common.widgets import problem_text, to_menu_button
from bot.dialogs.profile import getters
from bot.dialogs.profile.states import Profile
from bot.widgets import Translated


def create_dialog() -> Dialog:
    return Dialog(
        Window(
            problem_text(),
            Format("{person}"),
            Translated("profile-read-only", when="read_only"),
            Column(
                SwitchTo(Translated("profile-edit"), id="edit", state=Profile.edit, when="can_edit"),
                to_menu_button(),
            ),
            state=Profile.view,
            getter=getters.view_getter,
        ),
    )
