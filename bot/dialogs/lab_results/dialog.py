"""Аналізи: results and measurements (newest first, paged, each with its mark against the norm), one result's
card (code, value, norm, dates, who), and a measure's chart over about two years sent as a picture.

Every window shows medical data: each is sent with protect_content (aiogram-dialog's `Window(protect_content=…)`),
and so is the chart.
"""

from __future__ import annotations

from aiogram import F
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Row, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.dialogs.common.widgets import on_button_expected, problem_getter, problem_text
from bot.dialogs.lab_results import getters, handlers
from bot.dialogs.lab_results.states import LabResults
from bot.widgets import Translated

PROTECTED = True  # medical data: Telegram keeps it from being forwarded or saved


def _failed_text() -> Format:
    return Format("{failed}", when="failed")


def _retry_button() -> Button:
    # Re-rendering the window runs its getter again: that is the retry.
    return Button(Translated("lab-btn-retry"), id="retry", when="retry")


def _permission_button() -> Button:
    # A session that does not allow the medical record: a new sign-in (where eHealth asks for it) is the way out.
    return Button(
        Translated("lab-btn-permission"), id="permission", on_click=handlers.on_sign_in_again, when="permission_needed"
    )


def _back_to_list() -> SwitchTo:
    return SwitchTo(Translated("lab-btn-back-list"), id="list", state=LabResults.listing)


def _listing_window() -> Window:
    return Window(
        problem_text(),
        _failed_text(),
        Format("{text}", when=~F["failed"]),
        Column(
            Select(
                Format("{item[label]}"),
                id="lab",
                item_id_getter=lambda item: item["index"],
                items="items",
                type_factory=int,
                on_click=handlers.on_result_picked,
            ),
        ),
        Row(
            Button(Translated("lab-btn-prev"), id="prev", on_click=handlers.on_prev, when="has_prev"),
            Button(Translated("lab-btn-next"), id="next", on_click=handlers.on_next, when="has_next"),
        ),
        _retry_button(),
        _permission_button(),
        Cancel(Translated("btn-back")),
        MessageInput(on_button_expected),
        getter=getters.list_getter,
        state=LabResults.listing,
        protect_content=PROTECTED,
    )


def _card_window() -> Window:
    return Window(
        problem_text(),
        _failed_text(),
        Format("{text}", when=~F["failed"]),
        Button(Translated("lab-btn-chart"), id="chart", on_click=handlers.on_show_chart, when="chartable"),
        _retry_button(),
        _permission_button(),
        _back_to_list(),
        MessageInput(on_button_expected),
        getter=getters.card_getter,
        state=LabResults.card,
        protect_content=PROTECTED,
    )


def _chart_window() -> Window:
    return Window(
        problem_text(),
        Translated("lab-chart-window"),
        SwitchTo(Translated("lab-btn-back-card"), id="card", state=LabResults.card),
        _back_to_list(),
        MessageInput(on_button_expected),
        getter=problem_getter,
        state=LabResults.chart,
        protect_content=PROTECTED,
    )


def create_dialog() -> Dialog:
    return Dialog(
        _listing_window(),
        _card_window(),
        _chart_window(),
        on_start=handlers.on_start,
    )
