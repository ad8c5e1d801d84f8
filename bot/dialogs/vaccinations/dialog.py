"""Щеплення: what the national calendar says is due next, the vaccinations given (newest first, paged), and one
vaccination's card.

Every window shows medical data: each is sent with protect_content (aiogram-dialog's `Window(protect_content=…)`).
"""

from __future__ import annotations

from aiogram import F
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Cancel, Column, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.dialogs.common.reads import failed_text, failure_buttons, paging_row
from bot.dialogs.common.widgets import on_button_expected, problem_text
from bot.dialogs.vaccinations import getters, handlers
from bot.dialogs.vaccinations.data import PAGE_KEY
from bot.dialogs.vaccinations.states import Vaccinations
from bot.widgets import Translated

PROTECTED = True  # medical data: Telegram keeps it from being forwarded or saved
# A session that does not allow the medical record: a new sign-in, where eHealth asks for it, with this line saying why.
NOTICE = "permission-needed-medical-record"


def _listing_window() -> Window:
    return Window(
        problem_text(),
        failed_text(),
        Format("{text}", when=~F["failed"]),
        Column(
            Select(
                Format("{item[label]}"),
                id="vax",
                item_id_getter=lambda item: item["index"],
                items="items",
                type_factory=int,
                on_click=handlers.on_vaccination_picked,
            ),
        ),
        paging_row(PAGE_KEY),
        *failure_buttons(NOTICE),
        Cancel(Translated("btn-back")),
        MessageInput(on_button_expected),
        getter=getters.list_getter,
        state=Vaccinations.listing,
        protect_content=PROTECTED,
    )


def _card_window() -> Window:
    return Window(
        problem_text(),
        failed_text(),
        Format("{text}", when=~F["failed"]),
        *failure_buttons(NOTICE),
        SwitchTo(Translated("vax-btn-back-list"), id="list", state=Vaccinations.listing),
        MessageInput(on_button_expected),
        getter=getters.card_getter,
        state=Vaccinations.card,
        protect_content=PROTECTED,
    )


def create_dialog() -> Dialog:
    return Dialog(_listing_window(), _card_window(), on_start=handlers.on_start)
