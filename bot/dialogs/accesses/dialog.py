"""Доступи: which systems may read or change the patient's data, and revoking an access."""

from __future__ import annotations

from aiogram import F
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.dialogs.accesses import getters, handlers
from bot.dialogs.accesses.states import Accesses
from bot.dialogs.common.widgets import on_button_expected, problem_text
from bot.widgets import Translated


def _overview_window() -> Window:
    return Window(
        Format("{done}\n", when="done"),
        problem_text(),
        Format("{failed}", when="failed"),
        Format("{text}", when=~F["failed"]),
        Column(
            Select(
                Format("{item[label]}"),
                id="acc",
                item_id_getter=lambda item: item["index"],
                items="items",
                type_factory=int,
                on_click=handlers.on_access_picked,
            ),
        ),
        Row(
            Button(Translated("btn-prev"), id="prev", on_click=handlers.on_prev_page, when="has_prev"),
            Button(Translated("btn-next"), id="next", on_click=handlers.on_next_page, when="has_next"),
        ),
        Column(
            # Re-rendering runs the getter again: that is the retry.
            Button(Translated("btn-retry"), id="retry", when="failed"),
            Cancel(Translated("btn-back")),
        ),
        MessageInput(on_button_expected),
        getter=getters.overview_getter,
        state=Accesses.overview,
    )


def _revoke_window() -> Window:
    return Window(
        problem_text(),
        Translated("access-revoke-question"),
        Translated("access-revoke-ours-warning", when="ours"),
        Column(
            Button(Translated("access-btn-revoke-yes"), id="yes", on_click=handlers.on_revoke_confirmed),
            SwitchTo(Translated("access-btn-revoke-no"), id="no", state=Accesses.overview),
        ),
        MessageInput(on_button_expected),
        getter=getters.revoke_getter,
        state=Accesses.revoke,
    )


def create_dialog() -> Dialog:
    return Dialog(_overview_window(), _revoke_window())
