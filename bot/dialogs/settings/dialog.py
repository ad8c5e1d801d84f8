"""Settings: language (at once), notification kinds, sign out, erase my data in the bot."""

from __future__ import annotations

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.kbd import Button, Checkbox, Column, Row, SwitchTo

from bot.dialogs.common.widgets import (
    problem_text,
    retry_button,
    to_menu_button,
    unavailable_text,
    when_reachable,
)
from bot.dialogs.settings import getters, handlers
from bot.dialogs.settings.states import Settings
from bot.widgets import Translated


def _notification_checkbox(kind: str) -> Checkbox:
    widget_id = getters.NOTIFICATION_WIDGETS[kind]
    return Checkbox(
        Translated(f"settings-on-{widget_id}"),
        Translated(f"settings-off-{widget_id}"),
        id=widget_id,
        default=True,
        on_state_changed=handlers.on_notification_toggled,
    )


def create_dialog() -> Dialog:
    back = SwitchTo(Translated("btn-back"), id="back", state=Settings.main)
    return Dialog(
        Window(
            problem_text(),
            unavailable_text(),
            Translated("settings-title", when="language_name"),
            Column(
                SwitchTo(Translated("settings-language"), id="lang", state=Settings.language),
                SwitchTo(Translated("settings-notifications"), id="notif", state=Settings.notifications),
                SwitchTo(Translated("settings-sign-out"), id="out", state=Settings.sign_out, when="linked"),
                SwitchTo(Translated("settings-erase"), id="erase", state=Settings.erase),
                retry_button(),
                to_menu_button(),
            ),
            state=Settings.main,
            getter=when_reachable(getters.main_getter),
        ),
        Window(
            Translated("settings-language-question"),
            Row(
                Button(Translated("language-uk"), id="uk", on_click=handlers.on_ukrainian),
                Button(Translated("language-en"), id="en", on_click=handlers.on_english),
            ),
            back,
            state=Settings.language,
        ),
        Window(
            Translated("settings-notifications-question"),
            Column(*(_notification_checkbox(kind) for kind in getters.NOTIFICATION_WIDGETS)),
            back,
            state=Settings.notifications,
            getter=getters.notifications_getter,
        ),
        Window(
            Translated("settings-sign-out-question"),
            Row(
                Button(Translated("settings-sign-out-confirm"), id="yes", on_click=handlers.on_sign_out),
                back,
            ),
            state=Settings.sign_out,
        ),
        Window(
            Translated("settings-erase-question"),
            Column(
                Button(Translated("settings-erase-confirm"), id="yes", on_click=handlers.on_erase),
                back,
            ),
            state=Settings.erase,
        ),
    )
