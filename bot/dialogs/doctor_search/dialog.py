"""Знайти лікаря: by speciality, settlement, name or location; paged results; the doctor card."""

from __future__ import annotations

from aiogram import F
from aiogram.enums import ContentType
from aiogram.types import CallbackQuery
from aiogram_dialog import Dialog, DialogManager, Window
from aiogram_dialog.widgets.input import MessageInput, TextInput
from aiogram_dialog.widgets.kbd import (
    Button,
    Cancel,
    Column,
    RequestLocation,
    Row,
    Select,
    SwitchInlineQuery,
    SwitchInlineQueryCurrentChat,
    SwitchTo,
)
from aiogram_dialog.widgets.markup.reply_keyboard import ReplyKeyboardFactory
from aiogram_dialog.widgets.text import Format

from bot.dialogs.common.widgets import problem_text, to_menu_button
from bot.dialogs.doctor_search import getters, handlers
from bot.dialogs.doctor_search.data import CARD_KEY
from bot.dialogs.doctor_search.states import DoctorSearch
from bot.dialogs.submit_declaration.states import SubmitDeclaration
from bot.widgets import Translated


async def on_submit(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    card = manager.dialog_data.get(CARD_KEY) or {}
    if card.get("employee_id") and card.get("division_id"):
        await manager.start(
            SubmitDeclaration.precheck,
            data={"employee_id": card["employee_id"], "division_id": card["division_id"]},
        )


def _inline_search_button() -> SwitchInlineQueryCurrentChat:
    return SwitchInlineQueryCurrentChat(Translated("search-btn-inline"), Format("{inline_query}"), id="inl")


def _filters_window() -> Window:
    return Window(
        problem_text(),
        Translated("search-filters-title"),
        Format("\n{chosen}", when="has_filters"),
        Column(
            SwitchTo(Translated("search-btn-by-speciality"), id="by_sp", state=DoctorSearch.speciality),
            SwitchTo(Translated("search-btn-by-settlement"), id="by_st", state=DoctorSearch.settlement),
            SwitchTo(Translated("search-btn-by-name"), id="by_nm", state=DoctorSearch.name),
            SwitchTo(Translated("search-btn-near"), id="by_loc", state=DoctorSearch.location),
            Button(Translated("search-btn-show"), id="show", on_click=handlers.on_show_results, when="has_filters"),
            Button(Translated("search-btn-reset"), id="reset", on_click=handlers.on_reset, when="has_filters"),
            _inline_search_button(),
            Cancel(Translated("btn-back")),
        ),
        MessageInput(handlers.on_typed_search),
        getter=getters.filters_getter,
        state=DoctorSearch.filters,
    )


def _speciality_window() -> Window:
    return Window(
        problem_text(),
        Translated("search-speciality-question"),
        Format("\n{why_not}", when="has_why_not"),
        Column(
            Select(
                Format("{item[label]}"),
                id="sp",
                item_id_getter=lambda item: item["code"],
                items="specialities",
                on_click=handlers.on_speciality,
            ),
            Button(Translated("search-btn-any-speciality"), id="any", on_click=handlers.on_any_speciality),
            SwitchTo(Translated("btn-back"), id="back", state=DoctorSearch.filters),
        ),
        MessageInput(handlers.on_typed_search),
        getter=getters.speciality_getter,
        state=DoctorSearch.speciality,
    )


def _settlement_window() -> Window:
    return Window(
        problem_text(),
        Translated("search-settlement-question"),
        TextInput(id="st", on_success=handlers.on_settlement_typed),
        MessageInput(handlers.on_text_expected),
        SwitchTo(Translated("btn-back"), id="back", state=DoctorSearch.filters),
        getter=getters.filters_getter,
        state=DoctorSearch.settlement,
    )


def _where_window() -> Window:
    """After a speciality: where to look. A settlement is typed here; buttons for near me and everywhere."""
    return Window(
        problem_text(),
        Translated("search-where-question"),
        TextInput(id="wh", on_success=handlers.on_settlement_typed),
        MessageInput(handlers.on_text_expected),
        Column(
            SwitchTo(Translated("search-btn-near"), id="wh_loc", state=DoctorSearch.location),
            Button(Translated("search-btn-everywhere"), id="wh_all", on_click=handlers.on_everywhere),
            SwitchTo(Translated("btn-back"), id="wh_sp", state=DoctorSearch.speciality),
        ),
        getter=getters.where_getter,
        state=DoctorSearch.where,
    )


def _settlement_pick_window() -> Window:
    return Window(
        problem_text(),
        Translated("search-settlement-pick"),
        Column(
            Select(
                Format("{item[label]}"),
                id="stp",
                item_id_getter=lambda item: item["index"],
                items="settlements",
                type_factory=int,
                on_click=handlers.on_settlement_picked,
            ),
            SwitchTo(Translated("search-btn-type-again"), id="again", state=DoctorSearch.settlement),
        ),
        TextInput(id="stp_typed", on_success=handlers.on_settlement_typed),
        MessageInput(handlers.on_typed_search),
        getter=getters.settlement_pick_getter,
        state=DoctorSearch.settlement_pick,
    )


def _name_window() -> Window:
    return Window(
        problem_text(),
        Translated("search-name-question"),
        TextInput(id="nm", on_success=handlers.on_name_typed),
        MessageInput(handlers.on_text_expected),
        SwitchTo(Translated("btn-back"), id="back", state=DoctorSearch.filters),
        getter=getters.filters_getter,
        state=DoctorSearch.name,
    )


def _location_window() -> Window:
    # A reply keyboard: only it can ask Telegram for the patient's location.
    return Window(
        problem_text(),
        Translated("search-location-question"),
        RequestLocation(Translated("search-btn-send-location")),
        Button(Translated("btn-back"), id="back", on_click=handlers.on_location_back),
        MessageInput(handlers.on_location, content_types=[ContentType.LOCATION]),
        MessageInput(handlers.on_location_expected),
        markup_factory=ReplyKeyboardFactory(resize_keyboard=True, one_time_keyboard=True),
        getter=getters.filters_getter,
        state=DoctorSearch.location,
    )


def _results_window() -> Window:
    return Window(
        problem_text(),
        Format("{results}"),
        Column(
            Select(
                Format("{item[label]}"),
                id="dr",
                item_id_getter=lambda item: item["index"],
                items="doctors",
                type_factory=int,
                on_click=handlers.on_doctor_picked,
            ),
        ),
        Row(
            Button(Translated("search-btn-prev"), id="prev", on_click=handlers.on_prev_page, when="has_prev"),
            Button(Translated("search-btn-next"), id="next", on_click=handlers.on_next_page, when="has_next"),
        ),
        SwitchTo(Translated("search-btn-change"), id="change", state=DoctorSearch.filters),
        _inline_search_button(),
        to_menu_button(),
        MessageInput(handlers.on_typed_search),
        getter=getters.results_getter,
        state=DoctorSearch.results,
    )


def _card_window() -> Window:
    return Window(
        problem_text(),
        Format("{card}", when="loaded"),
        Translated("search-card-missing", when=~F["loaded"]),
        Button(Translated("search-btn-submit"), id="submit", on_click=on_submit, when="can_submit"),
        SwitchInlineQuery(Translated("search-btn-share"), Format("{share_query}"), id="share", when="loaded"),
        Button(Translated("search-btn-retry"), id="retry", on_click=handlers.on_retry_card, when=~F["loaded"]),
        SwitchTo(Translated("search-btn-back-results"), id="to_res", state=DoctorSearch.results, when="from_results"),
        SwitchTo(Translated("search-btn-other"), id="other", state=DoctorSearch.filters, when=~F["from_results"]),
        Cancel(Translated("btn-back"), when=~F["from_results"]),
        MessageInput(handlers.on_typed_search),
        getter=getters.card_getter,
        state=DoctorSearch.card,
    )


def create_dialog() -> Dialog:
    return Dialog(
        _filters_window(),
        _speciality_window(),
        _where_window(),
        _settlement_window(),
        _settlement_pick_window(),
        _name_window(),
        _location_window(),
        _results_window(),
        _card_window(),
        on_start=handlers.on_start,
    )
