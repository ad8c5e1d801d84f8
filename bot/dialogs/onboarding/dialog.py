"""Onboarding: welcome and consent, the patient's own phone, sign-in with an e-signature."""

from __future__ import annotations

from aiogram import F
from aiogram.enums import ContentType
from aiogram_dialog import Dialog, Window
from aiogram_dialog.widgets.input import MessageInput
from aiogram_dialog.widgets.kbd import Button, RequestContact, SwitchTo, Url
from aiogram_dialog.widgets.markup.reply_keyboard import ReplyKeyboardFactory
from aiogram_dialog.widgets.text import Format

from bot.dialogs.common.widgets import problem_getter, problem_text, retry_button, unavailable_text, when_reachable
from bot.dialogs.onboarding import getters, handlers
from bot.dialogs.onboarding.states import Onboarding
from bot.widgets import Translated


def create_dialog() -> Dialog:
    return Dialog(
        Window(
            problem_text(),
            Translated("welcome"),
            Button(Translated("onboarding-consent-agree"), id="agree", on_click=handlers.on_consent),
            SwitchTo(Translated("onboarding-consent-read"), id="read", state=Onboarding.policy),
            state=Onboarding.welcome,
            getter=problem_getter,
        ),
        Window(
            unavailable_text(),
            Translated("consent-text", when="version"),
            Button(Translated("onboarding-consent-agree"), id="agree", on_click=handlers.on_consent),
            retry_button(),
            SwitchTo(Translated("btn-back"), id="back", state=Onboarding.welcome),
            state=Onboarding.policy,
            getter=when_reachable(getters.consent_getter),
        ),
        Window(
            problem_text(),
            Translated("onboarding-phone"),
            RequestContact(Translated("onboarding-phone-button")),
            MessageInput(handlers.on_contact, content_types=ContentType.CONTACT),
            MessageInput(handlers.on_phone_other),
            markup_factory=ReplyKeyboardFactory(resize_keyboard=True, one_time_keyboard=True),
            state=Onboarding.phone,
            getter=getters.phone_getter,
        ),
        Window(
            problem_text(),
            unavailable_text(),
            Translated("onboarding-sign-in", when=~F["not_yet"]),
            Translated("onboarding-not-yet", when="not_yet"),
            Url(Translated("onboarding-sign-in-button"), Format("{sign_in_url}"), id="signin", when="sign_in_url"),
            Button(Translated("onboarding-sign-in-done"), id="done", on_click=handlers.on_signed_in),
            retry_button(),
            state=Onboarding.sign_in,
            getter=(problem_getter, when_reachable(getters.sign_in_getter)),
        ),
        on_start=handlers.on_start,
    )
