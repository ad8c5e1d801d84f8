"""Виписка з медичної картки: what the extract holds and a warning that it is medical data, the choice of its
language, then the PDF sent as a protected document with a window below it.

Every window is about medical data: each is sent with protect_content.
"""

from __future__ import annotations

from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Row, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.dialogs.common.reads import failure_buttons
from bot.dialogs.common.widgets import on_button_expected, problem_getter, problem_text
from bot.dialogs.record_extract import getters, handlers
from bot.dialogs.record_extract.states import RecordExtract
from bot.widgets import Translated

PROTECTED = True  # medical data: Telegram keeps it from being forwarded or saved


def _language_window() -> Window:
    return Window(
        problem_text(),
        Format("{failed}\n", when="failed"),
        Translated("extract-window"),
        *failure_buttons(handlers.PERMISSION_NOTICE, on_retry=handlers.on_retry),
        Row(
            Button(Translated("extract-btn-uk"), id="uk", on_click=handlers.on_language),
            Button(Translated("extract-btn-en"), id="en", on_click=handlers.on_language),
        ),
        Cancel(Translated("btn-back")),
        MessageInput(on_button_expected),
        getter=getters.language_getter,
        state=RecordExtract.language,
        protect_content=PROTECTED,
    )


def _sent_window() -> Window:
    return Window(
        problem_text(),
        Translated("extract-sent"),
        SwitchTo(Translated("extract-btn-another"), id="another", state=RecordExtract.language),
        Cancel(Translated("btn-back")),
        MessageInput(on_button_expected),
        getter=problem_getter,
        state=RecordExtract.sent,
        protect_content=PROTECTED,
    )


def create_dialog() -> Dialog:
    return Dialog(_language_window(), _sent_window(), on_start=handlers.on_start)
