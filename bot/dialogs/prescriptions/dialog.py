"""Мої рецепти: active prescriptions (paged), past ones, one prescription's card with its dispenses, and
showing an active one at a pharmacy (the number and its QR code, then the confirmation code on request).

Every window shows medical data: each is sent with protect_content (aiogram-dialog's `Window(protect_content=…)`).
"""

from __future__ import annotations

from aiogram import F
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.dialogs.common.reads import failed_text, failure_buttons, paging_row
from bot.dialogs.common.widgets import on_button_expected, problem_getter, problem_text
from bot.dialogs.prescriptions import getters, handlers
from bot.dialogs.prescriptions.data import PAGE_KEY
from bot.dialogs.prescriptions.states import Prescriptions
from bot.widgets import Translated

PROTECTED = True  # medical data: Telegram keeps it from being forwarded or saved
# A session that does not allow prescriptions: a new sign-in, where eHealth asks for it, with this line saying why.
NOTICE = "permission-needed"


def _back_to_list() -> SwitchTo:
    return SwitchTo(Translated("rx-btn-back-list"), id="list", state=Prescriptions.listing)


def _back_to_card() -> SwitchTo:
    return SwitchTo(Translated("rx-btn-back-card"), id="card", state=Prescriptions.card)


def _listing_window() -> Window:
    return Window(
        problem_text(),
        failed_text(),
        Format("{text}", when=~F["failed"]),
        Column(
            Select(
                Format("{item[label]}"),
                id="rx",
                item_id_getter=lambda item: item["index"],
                items="items",
                type_factory=int,
                on_click=handlers.on_prescription_picked,
            ),
        ),
        paging_row(PAGE_KEY),
        *failure_buttons(NOTICE),
        Button(Translated("rx-btn-past"), id="past", on_click=handlers.on_show_past, when="active"),
        Button(Translated("rx-btn-active"), id="active", on_click=handlers.on_show_active, when="past"),
        Cancel(Translated("btn-back")),
        MessageInput(on_button_expected),
        getter=getters.list_getter,
        state=Prescriptions.listing,
        protect_content=PROTECTED,
    )


def _card_window() -> Window:
    return Window(
        problem_text(),
        failed_text(),
        Format("{text}", when=~F["failed"]),
        Button(Translated("rx-btn-pharmacy"), id="pharmacy", on_click=handlers.on_show_at_pharmacy, when="active"),
        *failure_buttons(NOTICE),
        _back_to_list(),
        MessageInput(on_button_expected),
        getter=getters.card_getter,
        state=Prescriptions.card,
        protect_content=PROTECTED,
    )


def _pharmacy_window() -> Window:
    return Window(
        problem_text(),
        Translated("rx-pharmacy-window"),
        SwitchTo(Translated("rx-btn-code"), id="code", state=Prescriptions.code),
        _back_to_card(),
        _back_to_list(),
        MessageInput(on_button_expected),
        getter=problem_getter,
        state=Prescriptions.pharmacy,
        protect_content=PROTECTED,
    )


def _code_window() -> Window:
    return Window(
        problem_text(),
        failed_text(),
        Format("{text}", when=~F["failed"]),
        *failure_buttons(NOTICE),
        _back_to_card(),
        _back_to_list(),
        MessageInput(on_button_expected),
        getter=getters.code_getter,
        state=Prescriptions.code,
        protect_content=PROTECTED,
    )


def create_dialog() -> Dialog:
    return Dialog(
        _listing_window(),
        _card_window(),
        _pharmacy_window(),
        _code_window(),
        on_start=handlers.on_start,
    )
