"""Мої декларації: the current declaration, every past one (paged), ending it, and requests to sign."""

from __future__ import annotations

from aiogram import F
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, Row, Select, Start, SwitchTo, Url
from aiogram_dialog.widgets.text import Format

from bot.dialogs.common.widgets import on_button_expected, problem_text
from bot.dialogs.declarations import getters, handlers
from bot.dialogs.declarations.states import Declarations
from bot.dialogs.doctor_search.states import DoctorSearch
from bot.widgets import Translated


def _status_lines() -> tuple[Format, Format, Format]:
    """What just succeeded, what went wrong, or why the window could not load."""
    return (
        Format("{done}\n", when="done"),
        problem_text(),
        Format("{failed}", when="failed"),
    )


def _retry_button() -> Button:
    # Re-rendering the window runs its getter again: that is the retry.
    return Button(Translated("btn-retry"), id="retry", when="failed")


def _overview_window() -> Window:
    return Window(
        *_status_lines(),
        Format("{text}", when=~F["failed"]),
        Column(
            Button(
                Translated("decl-btn-terminate"), id="term", on_click=handlers.on_terminate_asked, when="has_current"
            ),
            SwitchTo(Translated("decl-btn-requests"), id="reqs", state=Declarations.requests, when="waiting"),
            Button(Translated("decl-btn-history"), id="hist", on_click=handlers.on_history, when="has_history"),
            Start(Translated("decl-btn-find-doctor"), id="find", state=DoctorSearch.filters),
            _retry_button(),
            Cancel(Translated("btn-back")),
        ),
        MessageInput(on_button_expected),
        getter=getters.overview_getter,
        state=Declarations.overview,
    )


def _terminate_window() -> Window:
    return Window(
        *_status_lines(),
        Translated("decl-terminate-question", when=~F["failed"]),
        Column(
            Button(Translated("decl-btn-terminate-yes"), id="yes", on_click=handlers.on_terminate_confirmed),
            Start(Translated("decl-btn-choose-other"), id="other", state=DoctorSearch.filters),
            SwitchTo(Translated("decl-btn-terminate-no"), id="no", state=Declarations.overview),
        ),
        MessageInput(on_button_expected),
        getter=getters.terminate_getter,
        state=Declarations.terminate,
    )


def _history_window() -> Window:
    return Window(
        *_status_lines(),
        Format("{text}", when=~F["failed"]),
        Column(
            Select(
                Format("{item[label]}"),
                id="decl",
                item_id_getter=lambda item: item["index"],
                items="items",
                type_factory=int,
                on_click=handlers.on_declaration_picked,
            ),
        ),
        Row(
            Button(Translated("btn-prev"), id="prev", on_click=handlers.on_history_prev, when="has_prev"),
            Button(Translated("btn-next"), id="next", on_click=handlers.on_history_next, when="has_next"),
        ),
        _retry_button(),
        SwitchTo(Translated("btn-back"), id="back", state=Declarations.overview),
        MessageInput(on_button_expected),
        getter=getters.history_getter,
        state=Declarations.history,
    )


def _detail_window() -> Window:
    return Window(
        *_status_lines(),
        Format("{text}", when=~F["failed"]),
        _retry_button(),
        SwitchTo(Translated("decl-btn-back-history"), id="back", state=Declarations.history),
        MessageInput(on_button_expected),
        getter=getters.detail_getter,
        state=Declarations.detail,
    )


def _requests_window() -> Window:
    return Window(
        *_status_lines(),
        Format("{text}", when=~F["failed"]),
        Column(
            Select(
                Format("{item[label]}"),
                id="req",
                item_id_getter=lambda item: item["index"],
                items="items",
                type_factory=int,
                on_click=handlers.on_request_picked,
            ),
        ),
        _retry_button(),
        SwitchTo(Translated("btn-back"), id="back", state=Declarations.overview),
        MessageInput(on_button_expected),
        getter=getters.requests_getter,
        state=Declarations.requests,
    )


def _request_window() -> Window:
    return Window(
        *_status_lines(),
        Format("{text}", when=~F["failed"]),
        Column(
            Url(Translated("decl-btn-sign"), Format("{signing_url}"), id="sign", when="signing_url"),
            SwitchTo(
                Translated("decl-btn-cancel-request"),
                id="cancel",
                state=Declarations.cancel_request,
                when="signing_url",
            ),
            _retry_button(),
            SwitchTo(Translated("btn-back"), id="back", state=Declarations.requests),
        ),
        MessageInput(on_button_expected),
        getter=getters.request_getter,
        state=Declarations.request,
    )


def _cancel_request_window() -> Window:
    return Window(
        *_status_lines(),
        Translated("decl-cancel-request-question", when=~F["failed"]),
        Column(
            Button(Translated("decl-btn-cancel-request-yes"), id="yes", on_click=handlers.on_request_cancel_confirmed),
            SwitchTo(Translated("decl-btn-cancel-request-no"), id="no", state=Declarations.request),
        ),
        MessageInput(on_button_expected),
        getter=getters.request_getter,
        state=Declarations.cancel_request,
    )


def create_dialog() -> Dialog:
    return Dialog(
        _overview_window(),
        _terminate_window(),
        _history_window(),
        _detail_window(),
        _requests_window(),
        _request_window(),
        _cancel_request_window(),
    )
