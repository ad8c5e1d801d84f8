"""Щеплення: what the national calendar says is due next, the vaccinations given (newest first, paged), and one
vaccination's card.

Every window shows medical data: each is sent with protect_content (aiogram-dialog's `Window(protect_content=…)`).
"""

from __future__ import annotations

from aiogram import F
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.dialogs.common.widgets import on_button_expected, problem_text
from bot.dialogs.vaccinations import getters, handlers
from bot.dialogs.vaccinations.states import Vaccinations
from bot.widgets import Translated

PROTECTED = True  # medical data: Telegram keeps it from being forwarded or saved


def _failed_text() -> Format:
    return Format("{failed}", when="failed")


def _retry_button() -> Button:
    # Re-rendering the window runs its getter again: that is the retry.
    return Button(Translated("vax-btn-retry"), id="retry", when="retry")


def _permission_button() -> Button:
    # A session that does not allow the medical record: a new sign-in (where eHealth asks for it) is the way out.
    return Button(
        Translated("vax-btn-permission"), id="permission", on_click=handlers.on_sign_in_again, when="permission_needed"
    )


def _listing_window() -> Window:
    return Window(
        problem_text(),
        _failed_text(),
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
        Row(
            Button(Translated("vax-btn-prev"), id="prev", on_click=handlers.on_prev, when="has_prev"),
            Button(Translated("vax-btn-next"), id="next", on_click=handlers.on_next, when="has_next"),
        ),
        _retry_button(),
        _permission_button(),
        Cancel(Translated("btn-back")),
        MessageInput(on_button_expected),
        getter=getters.list_getter,
        state=Vaccinations.listing,
        protect_content=PROTECTED,
    )


def _card_window() -> Window:
    return Window(
        problem_text(),
        _failed_text(),
        Format("{text}", when=~F["failed"]),
        _retry_button(),
        _permission_button(),
        SwitchTo(Translated("vax-btn-back-list"), id="list", state=Vaccinations.listing),
        MessageInput(on_button_expected),
        getter=getters.card_getter,
        state=Vaccinations.card,
        protect_content=PROTECTED,
    )


def create_dialog() -> Dialog:
    return Dialog(_listing_window(), _card_window(), on_start=handlers.on_start)
