"""Подати декларацію: the rules first, then the summary, one request, the signing page and the outcome."""

from __future__ import annotations

from aiogram import F
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Cancel, Column, SwitchTo, Url
from aiogram_dialog.widgets.text import Format

from bot.dialogs.common.widgets import on_button_expected, problem_text, to_menu_button
from bot.dialogs.submit_declaration import getters, handlers
from bot.dialogs.submit_declaration.states import SubmitDeclaration
from bot.widgets import Translated


def _precheck_window() -> Window:
    return Window(
        problem_text(),
        Format("{text}", when="loaded"),
        Translated("submit-not-loaded", when=~F["loaded"]),
        Column(
            Button(Translated("submit-btn-submit"), id="go", on_click=handlers.on_submit, when=F["ok"] & ~F["replace"]),
            Button(
                Translated("submit-btn-replace"), id="go_r", on_click=handlers.on_submit, when=F["ok"] & F["replace"]
            ),
            Button(
                Translated("submit-btn-other-doctors"), id="other", on_click=handlers.on_other_doctors, when="other"
            ),
            Button(
                Translated("submit-btn-my-declarations"), id="mine", on_click=handlers.on_my_declarations, when="mine"
            ),
            Button(Translated("submit-btn-retry"), id="retry", on_click=handlers.on_retry, when=~F["loaded"]),
            Cancel(Translated("btn-cancel")),
        ),
        MessageInput(on_button_expected),
        getter=getters.precheck_getter,
        state=SubmitDeclaration.precheck,
    )


def _signing_window() -> Window:
    return Window(
        problem_text(),
        Translated("submit-signing"),
        Column(
            Url(Translated("submit-btn-sign"), Format("{signing_url}"), id="sign", when="has_url"),
            Button(Translated("submit-btn-check"), id="check", on_click=handlers.on_check_status),
            SwitchTo(Translated("submit-btn-cancel-request"), id="cancel", state=SubmitDeclaration.cancel),
            to_menu_button(),
        ),
        MessageInput(on_button_expected),
        getter=getters.signing_getter,
        state=SubmitDeclaration.signing,
    )


def _cancel_window() -> Window:
    return Window(
        problem_text(),
        Translated("submit-cancel-question"),
        Column(
            Button(Translated("submit-btn-cancel-yes"), id="yes", on_click=handlers.on_cancel_confirmed),
            SwitchTo(Translated("submit-btn-cancel-no"), id="no", state=SubmitDeclaration.signing),
        ),
        MessageInput(on_button_expected),
        getter=getters.signing_getter,
        state=SubmitDeclaration.cancel,
    )


def _result_window() -> Window:
    return Window(
        problem_text(),
        Format("{outcome}"),
        Column(
            Button(Translated("submit-btn-again"), id="again", on_click=handlers.on_again, when="can_retry"),
            Button(Translated("submit-btn-my-declarations"), id="mine", on_click=handlers.on_my_declarations),
            to_menu_button(),
        ),
        MessageInput(on_button_expected),
        getter=getters.result_getter,
        state=SubmitDeclaration.result,
    )


def create_dialog() -> Dialog:
    return Dialog(
        _precheck_window(),
        _signing_window(),
        _cancel_window(),
        _result_window(),
        on_start=handlers.on_start,
    )
