"""Аналізи: results and measurements (newest first, paged, each with its mark against the norm), one result's
card (code, value, norm, dates, who), and a measure's chart over about two years sent as a picture.

Every window shows medical data: each is sent with protect_content (aiogram-dialog's `Window(protect_content=…)`),
and so is the chart.
"""

from __future__ import annotations

from aiogram import F
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Select, SwitchTo
from aiogram_dialog.widgets.text import Format

from bot.dialogs.common.reads import failed_text, failure_buttons, paging_row
from bot.dialogs.common.widgets import on_button_expected, problem_getter, problem_text
from bot.dialogs.lab_results import getters, handlers
from bot.dialogs.lab_results.data import PAGE_KEY
from bot.dialogs.lab_results.states import LabResults
from bot.widgets import Translated

PROTECTED = True  # medical data: Telegram keeps it from being forwarded or saved
# A session that does not allow the medical record: a new sign-in, where eHealth asks for it, with this line saying why.
NOTICE = "permission-needed-medical-record"


def _back_to_list() -> SwitchTo:
    return SwitchTo(Translated("lab-btn-back-list"), id="list", state=LabResults.listing)


def _listing_window() -> Window:
    return Window(
        problem_text(),
        failed_text(),
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
        paging_row(PAGE_KEY),
        *failure_buttons(NOTICE),
        Cancel(Translated("btn-back")),
        MessageInput(on_button_expected),
        getter=getters.list_getter,
        state=LabResults.listing,
        protect_content=PROTECTED,
    )


def _card_window() -> Window:
    return Window(
        problem_text(),
        failed_text(),
        Format("{text}", when=~F["failed"]),
        Button(Translated("lab-btn-chart"), id="chart", on_click=handlers.on_show_chart, when="chartable"),
        *failure_buttons(NOTICE),
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
