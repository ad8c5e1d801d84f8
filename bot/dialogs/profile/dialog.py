"""My data: the card (identifiers masked), and changes the patient signs with their e-signature.

Read-only patients (14–17 without confirmed capacity) see the card and why they cannot edit; no edit buttons.
"""

from __future__ import annotations

import operator

from aiogram import F
from aiogram.enums import ContentType
from aiogram.fsm.state import State
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, Column, Select, SwitchTo, Url
from aiogram_dialog.widgets.text import Format

from bot.dialogs.common.widgets import (
    problem_getter,
    problem_text,
    retry_button,
    to_menu_button,
    unavailable_text,
    when_reachable,
)
from bot.dialogs.profile import getters, handlers
from bot.dialogs.profile.states import Profile
from bot.widgets import Translated


def _to_edit() -> SwitchTo:
    return SwitchTo(Translated("profile-back-to-edit"), id="toedit", state=Profile.edit)


def _question(state: State, text_key: str, on_text: handlers.TextHandler, *buttons: Button) -> Window:
    """One typed answer: the question, the problem with the last answer if any, and the way back."""
    return Window(
        problem_text(),
        Translated(text_key),
        MessageInput(on_text, content_types=ContentType.TEXT),
        MessageInput(handlers.on_wrong_type),
        *buttons,
        _to_edit(),
        state=state,
        getter=problem_getter,
    )


def _choice(state: State, text_key: str, *buttons: Button, back: Button | None = None) -> Window:
    """Choose with a button; typing here gets a hint to use the buttons."""
    return Window(
        problem_text(),
        Translated(text_key),
        Column(*buttons),
        back or _to_edit(),
        MessageInput(handlers.on_wrong_button),
        state=state,
        getter=problem_getter,
    )


def create_dialog() -> Dialog:
    return Dialog(
        Window(
            problem_text(),
            unavailable_text(),
            Format("{person}", when="person"),
            Format("\n{verification_notice}", when="verification_notice"),
            Translated("profile-read-only", when="read_only"),
            Column(
                SwitchTo(Translated("profile-edit"), id="edit", state=Profile.edit, when="can_edit"),
                retry_button(),
                to_menu_button(),
            ),
            state=Profile.view,
            getter=when_reachable(getters.view_getter),
        ),
        _choice(
            Profile.edit,
            "profile-edit-question",
            SwitchTo(Translated("profile-field-email"), id="email", state=Profile.email),
            SwitchTo(Translated("profile-field-phone"), id="phone", state=Profile.phone_type),
            SwitchTo(Translated("profile-field-address"), id="addr", state=Profile.address_type),
            SwitchTo(Translated("profile-field-document"), id="doc", state=Profile.document_type),
            SwitchTo(Translated("profile-field-emergency"), id="emerg", state=Profile.emergency_last_name),
            SwitchTo(Translated("profile-field-secret"), id="secret", state=Profile.secret),
            SwitchTo(Translated("profile-field-communication"), id="comm", state=Profile.communication),
            back=SwitchTo(Translated("profile-back-to-card"), id="card", state=Profile.view),
        ),
        _question(Profile.email, "profile-ask-email", handlers.on_email),
        _choice(
            Profile.phone_type,
            "profile-ask-phone-type",
            Button(Translated("phone-type-mobile"), id="mobile", on_click=handlers.on_phone_type),
            Button(Translated("phone-type-land-line"), id="land", on_click=handlers.on_phone_type),
        ),
        _question(Profile.phone_number, "profile-ask-phone", handlers.on_phone_number),
        _choice(
            Profile.address_type,
            "profile-ask-address-type",
            Button(Translated("address-type-residence"), id="home", on_click=handlers.on_address_type),
            Button(Translated("address-type-registration"), id="reg", on_click=handlers.on_address_type),
        ),
        _question(Profile.address_settlement, "profile-ask-settlement", handlers.on_settlement_query),
        Window(
            problem_text(),
            Translated("profile-pick-settlement"),
            Column(
                Select(
                    Format("{item[1]}"),
                    id="stl",
                    item_id_getter=operator.itemgetter(0),
                    items="settlements",
                    type_factory=int,
                    on_click=handlers.on_settlement_picked,
                )
            ),
            SwitchTo(Translated("profile-settlement-again"), id="again", state=Profile.address_settlement),
            _to_edit(),
            MessageInput(handlers.on_wrong_button),
            state=Profile.address_settlement_pick,
            getter=getters.settlements_getter,
        ),
        _question(
            Profile.address_street,
            "profile-ask-street",
            handlers.on_street,
            Button(Translated("profile-no-street"), id="nostreet", on_click=handlers.on_street_skipped),
        ),
        _question(Profile.address_building, "profile-ask-building", handlers.on_building),
        _question(
            Profile.address_apartment,
            "profile-ask-apartment",
            handlers.on_apartment,
            Button(Translated("profile-no-apartment"), id="noapt", on_click=handlers.on_apartment_skipped),
        ),
        Window(
            problem_text(),
            Translated("profile-ask-document-type"),
            Column(
                Select(
                    Format("{item[1]}"),
                    id="dtype",
                    item_id_getter=operator.itemgetter(0),
                    items="document_types",
                    on_click=handlers.on_document_type,
                )
            ),
            _to_edit(),
            MessageInput(handlers.on_wrong_button),
            state=Profile.document_type,
            getter=getters.document_types_getter,
        ),
        _question(Profile.document_number, "profile-ask-document-number", handlers.on_document_number),
        _question(Profile.document_expiration, "profile-ask-document-expiration", handlers.on_document_expiration),
        _question(Profile.emergency_last_name, "profile-ask-emergency-last-name", handlers.on_emergency_last_name),
        _question(Profile.emergency_first_name, "profile-ask-emergency-first-name", handlers.on_emergency_first_name),
        _question(Profile.emergency_phone, "profile-ask-emergency-phone", handlers.on_emergency_phone),
        _question(Profile.secret, "profile-ask-secret", handlers.on_secret),
        _choice(
            Profile.communication,
            "profile-ask-communication",
            Button(Translated("communication-email"), id="byemail", on_click=handlers.on_communication),
            Button(Translated("communication-phone"), id="byphone", on_click=handlers.on_communication),
        ),
        Window(
            problem_text(),
            Translated("profile-confirm", when="has_changes"),
            Format("{changes}", when="has_changes"),
            Translated("profile-confirm-empty", when=~F["has_changes"]),
            Column(
                Button(Translated("profile-submit"), id="submit", on_click=handlers.on_submit, when="has_changes"),
                SwitchTo(Translated("profile-change-more"), id="more", state=Profile.edit),
                Button(Translated("profile-discard"), id="discard", on_click=handlers.on_discard, when="has_changes"),
            ),
            MessageInput(handlers.on_wrong_button),
            state=Profile.confirm,
            getter=getters.confirm_getter,
        ),
        Window(
            problem_text(),
            Format("{summary}"),
            Translated("profile-signing-hint"),
            Column(
                Url(Translated("profile-sign"), Format("{signing_url}"), id="sign"),
                Button(Translated("profile-signed"), id="signed", on_click=handlers.on_check_signed),
                Button(Translated("profile-discard"), id="discard", on_click=handlers.on_discard),
            ),
            MessageInput(handlers.on_wrong_button),
            state=Profile.signing,
            getter=getters.signing_getter,
        ),
    )
