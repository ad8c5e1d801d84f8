"""Направлення: the patient's referrals (open ones first, paged), one referral's card, and showing an open one
where it is used (its number and QR code in a protected photo).

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
from bot.dialogs.referrals import getters, handlers
from bot.dialogs.referrals.data import PAGE_KEY
from bot.dialogs.referrals.states import Referrals
from bot.widgets import Translated

PROTECTED = True  # medical data: Telegram keeps it from being forwarded or saved
# A session that does not allow the medical record: a new sign-in, where eHealth asks for it, with this line saying why.
NOTICE = "permission-needed-medical-record"


def _back_to_list() -> SwitchTo:
    return SwitchTo(Translated("ref-btn-back-list"), id="list", state=Referrals.listing)


def _listing_window() -> Window:
    return Window(
        problem_text(),
        failed_text(),
        Format("{text}", when=~F["failed"]),
        Column(
            Select(
                Format("{item[label]}"),
                id="ref",
                item_id_getter=lambda item: item["index"],
                items="items",
                type_factory=int,
                on_click=handlers.on_referral_picked,
            ),
        ),
        paging_row(PAGE_KEY),
        *failure_buttons(NOTICE),
        Cancel(Translated("btn-back")),
        MessageInput(on_button_expected),
        getter=getters.list_getter,
        state=Referrals.listing,
        protect_content=PROTECTED,
    )


def _card_window() -> Window:
    return Window(
        problem_text(),
        failed_text(),
        Format("{text}", when=~F["failed"]),
        Button(Translated("ref-btn-show"), id="show", on_click=handlers.on_show_number, when="open"),
        *failure_buttons(NOTICE),
        _back_to_list(),
        MessageInput(on_button_expected),
        getter=getters.card_getter,
        state=Referrals.card,
        protect_content=PROTECTED,
    )


def _shown_window() -> Window:
    return Window(
        problem_text(),
        Translated("ref-shown-window"),
        SwitchTo(Translated("ref-btn-back-card"), id="card", state=Referrals.card),
        _back_to_list(),
        MessageInput(on_button_expected),
        getter=problem_getter,
        state=Referrals.shown,
        protect_content=PROTECTED,
    )


def create_dialog() -> Dialog:
    return Dialog(_listing_window(), _card_window(), _shown_window(), on_start=handlers.on_start)
