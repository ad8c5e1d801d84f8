"""An outbox event → the message the patient gets: text in their language and the buttons that act on it.

Pure: no I/O, so every kind renders the same in tests as in production. Buttons are callback buttons that
`bot.notifier.router` answers by opening the right flow, or a URL button when the event carries a link.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from backend.domain.events import EventKind, ReminderTopic
from bot.api_models import Event
from bot.i18n import Markup, Translator, join_markup
from bot.notifier.actions import Action, NotificationAction

KYIV = ZoneInfo("Europe/Kyiv")  # times in texts are what the patient's clock shows
# Statuses of declarations that leave the patient without a doctor: the message offers to find one.
ENDED_DECLARATION_STATUSES = frozenset({"terminated", "closed", "rejected"})
NO_DECLARATION_REQUEST_STATUSES = frozenset({"EXPIRED", "REJECTED", "CANCELLED"})


@dataclass(frozen=True, slots=True)
class Button:
    text_key: str
    action: Action | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Rendered:
    text: Markup
    buttons: tuple[Button, ...] = ()
    protect: bool = False  # medical content: sent with protect_content (no forwarding, no saving)

    def keyboard(self, i18n: Translator) -> InlineKeyboardMarkup | None:
        if not self.buttons:
            return None
        rows = [[_button(button, i18n)] for button in self.buttons]
        return InlineKeyboardMarkup(inline_keyboard=rows)


PRESCRIPTIONS_BUTTON = Button("ntf-btn-prescriptions", Action.PRESCRIPTIONS)
LAB_RESULTS_BUTTON = Button("ntf-btn-lab-results", Action.LAB_RESULTS)
REFERRALS_BUTTON = Button("ntf-btn-referrals", Action.REFERRALS)
# A value's marks (backend.domain.medical_record.RangeMark) that have their text; another mark is not said.
LAB_MARKS = frozenset({"HIGH", "LOW", "NORMAL"})
COMPARATORS = {"<": "<", ">": ">", "<=": "≤", ">=": "≥"}


def _button(button: Button, i18n: Translator) -> InlineKeyboardButton:
    text = i18n.get(button.text_key)
    if button.url is not None:
        return InlineKeyboardButton(text=text, url=button.url)
    assert button.action is not None
    return InlineKeyboardButton(text=text, callback_data=NotificationAction(action=button.action).pack())


def render(event: Event, i18n: Translator) -> Rendered | None:
    """The message for `event`, or None for a kind this bot does not know (a newer backend's event)."""
    renderer = _RENDERERS.get(event.kind)
    return renderer(event.payload, i18n) if renderer is not None else None


# One function per kind ------------------------------------------------------------------------------------


def _linked(payload: Mapping[str, Any], i18n: Translator) -> Rendered:
    """The greeting after sign-in, when the dialogs cannot be reached to open the menu by themselves."""
    parts = [i18n.get("onboarding-greeting", first_name=payload.get("first_name") or "")]
    if payload.get("access_level") == "READ_ONLY":
        parts.append(i18n.get("onboarding-read-only"))
    return Rendered(join_markup("\n\n", parts), (Button("ntf-btn-menu", Action.HOME),))


def _declaration_status(payload: Mapping[str, Any], i18n: Translator) -> Rendered:
    status = str(payload.get("status") or "")
    key = f"ntf-declaration-{status.replace('_', '-')}"
    parts = [i18n.get(key if i18n.has(key) else "ntf-declaration-other", with_doctor=_with_doctor(payload, i18n))]
    reason = _reason(payload.get("reason"), i18n)
    if reason is not None and status in ENDED_DECLARATION_STATUSES:
        parts.append(reason)
    buttons: tuple[Button, ...]
    if status in ENDED_DECLARATION_STATUSES:
        parts.append(i18n.get("ntf-choose-doctor"))
        buttons = (
            Button("ntf-btn-find-doctor", Action.FIND_DOCTOR),
            Button("ntf-btn-declarations", Action.DECLARATIONS),
        )
    else:
        buttons = (Button("ntf-btn-declarations", Action.DECLARATIONS),)
    return Rendered(join_markup("\n\n", parts), buttons)


def _request_status(payload: Mapping[str, Any], i18n: Translator) -> Rendered:
    status = str(payload.get("status") or "")
    key = f"ntf-request-{status.lower()}"
    parts = [i18n.get(key if i18n.has(key) else "ntf-request-other", with_doctor=_with_doctor(payload, i18n))]
    reason = _reason(payload.get("reason"), i18n)
    if reason is not None and status in {"CANCELLED", "REJECTED"}:
        parts.append(reason)
    if status in NO_DECLARATION_REQUEST_STATUSES:
        buttons: tuple[Button, ...] = (Button("ntf-btn-find-doctor", Action.FIND_DOCTOR),)
    else:
        buttons = (Button("ntf-btn-declarations", Action.DECLARATIONS),)
    return Rendered(join_markup("\n\n", parts), buttons)


def _request_signed(payload: Mapping[str, Any], i18n: Translator) -> Rendered:
    text = i18n.get("ntf-signed", with_doctor=_with_doctor(payload, i18n))
    return Rendered(text, (Button("ntf-btn-declarations", Action.DECLARATIONS),))


def _person_updated(payload: Mapping[str, Any], i18n: Translator) -> Rendered:
    return Rendered(i18n.get("ntf-person-updated"), (Button("ntf-btn-profile", Action.PROFILE),))


def _access_granted(payload: Mapping[str, Any], i18n: Translator) -> Rendered:
    text = i18n.get("ntf-access-granted", client=payload.get("client_name") or "?")
    return Rendered(text, (Button("ntf-btn-accesses", Action.ACCESSES),))


def _relinked(payload: Mapping[str, Any], i18n: Translator) -> Rendered:
    return Rendered(i18n.get("ntf-relinked"), (Button("ntf-btn-sign-in", Action.HOME),))


def _session_expired(payload: Mapping[str, Any], i18n: Translator) -> Rendered:
    return Rendered(i18n.get("ntf-session-expired"), (Button("ntf-btn-sign-in", Action.HOME),))


def _reminder(payload: Mapping[str, Any], i18n: Translator) -> Rendered | None:
    topic = payload.get("topic")
    if topic == ReminderTopic.REQUEST_EXPIRING:
        expires = _moment(payload.get("expires_at"))
        text = i18n.get(
            "ntf-reminder-request-expiring", with_doctor=_with_doctor(payload, i18n), expires=expires or "?"
        )
        signing_url = payload.get("signing_url")
        sign = (
            Button("ntf-btn-sign", url=signing_url)
            if isinstance(signing_url, str) and signing_url.startswith("https://")
            else Button("ntf-btn-sign", Action.REQUESTS)
        )
        return Rendered(text, (sign,))
    if topic == ReminderTopic.PEDIATRIC_ENDING:
        text = i18n.get(
            "ntf-reminder-pediatric-ending",
            doctor=payload.get("doctor_name") or "",
            end=_day(payload.get("end_date")) or "?",
        )
        return Rendered(text, (Button("ntf-btn-find-doctor", Action.FIND_DOCTOR),))
    return None


def _prescription(key: str, payload: Mapping[str, Any], i18n: Translator, *extra: Markup) -> Rendered:
    """A prescription notice: medical, so protected; the button leads to the prescriptions."""
    text = i18n.get(
        key,
        medicine=payload.get("medication_name") or "?",
        valid_to=_day(payload.get("dispense_valid_to")) or "?",
    )
    return Rendered(join_markup("\n\n", [text, *extra]), (PRESCRIPTIONS_BUTTON,), protect=True)


def _prescription_issued(payload: Mapping[str, Any], i18n: Translator) -> Rendered:
    return _prescription("ntf-rx-issued", payload, i18n)


def _prescription_dispensed(payload: Mapping[str, Any], i18n: Translator) -> Rendered:
    fully = payload.get("fully") is True
    return _prescription("ntf-rx-dispensed-fully" if fully else "ntf-rx-dispensed-partly", payload, i18n)


def _prescription_rejected(payload: Mapping[str, Any], i18n: Translator) -> Rendered:
    code = payload.get("reject_reason_code")
    key = f"ntf-rx-reject-{code.lower().replace('_', '-')}" if isinstance(code, str) and code else None
    reason = i18n.get("ntf-reason", reason=i18n.get(key)) if key and i18n.has(key) else None
    extra = [reason] if reason is not None else []
    return _prescription("ntf-rx-rejected", payload, i18n, *extra, i18n.get("ntf-rx-rejected-ask"))


def _prescription_expiring(payload: Mapping[str, Any], i18n: Translator) -> Rendered:
    return _prescription("ntf-rx-expiring", payload, i18n)


def _lab_result(payload: Mapping[str, Any], i18n: Translator) -> Rendered:
    """A new lab result: the measure, its value and whether it is within the normal range. Medical: protected."""
    measure = payload.get("measure")
    value = _lab_value(payload, i18n)
    if not isinstance(measure, str) or not measure:
        text = i18n.get("ntf-lab-result-unnamed")
    elif value is None:
        text = i18n.get("ntf-lab-result-no-value", measure=measure)
    else:
        mark = payload.get("mark")
        key = f"ntf-lab-result-{mark.lower()}" if isinstance(mark, str) and mark in LAB_MARKS else "ntf-lab-result"
        text = i18n.get(key, measure=measure, value=value)
    return Rendered(text, (LAB_RESULTS_BUTTON,), protect=True)


def _lab_value(payload: Mapping[str, Any], i18n: Translator) -> Markup | None:
    """ "6,9 %", "< 0,5 ммоль/л", a value given in words, or None."""
    number = payload.get("value")
    if isinstance(number, int | float) and not isinstance(number, bool):
        unit = payload.get("unit")
        value = (
            i18n.get("ntf-lab-value", number=number, unit=unit)
            if isinstance(unit, str) and unit
            else i18n.get("ntf-lab-number", number=number)
        )
        comparator = COMPARATORS.get(str(payload.get("comparator")))
        return Markup(f"{html.escape(comparator)} {value}") if comparator else value
    words = payload.get("value_text")
    return Markup(html.escape(words, quote=False)) if isinstance(words, str) and words else None


def _referral(payload: Mapping[str, Any], i18n: Translator) -> Rendered:
    """A new referral: what it is for and until when (never its number). Medical: protected."""
    service = payload.get("service")
    parts = [
        i18n.get("ntf-referral", service=service)
        if isinstance(service, str) and service
        else i18n.get("ntf-referral-unnamed")
    ]
    expires = _moment(payload.get("expires_at"))
    if expires is not None:
        parts.append(i18n.get("ntf-referral-valid-to", valid_to=expires.date()))
    return Rendered(join_markup(" ", parts), (REFERRALS_BUTTON,), protect=True)


_RENDERERS: dict[str, Callable[[Mapping[str, Any], Translator], Rendered | None]] = {
    EventKind.AUTH_LINKED: _linked,
    EventKind.DECLARATION_STATUS: _declaration_status,
    EventKind.REQUEST_STATUS: _request_status,
    EventKind.REQUEST_SIGNED: _request_signed,
    EventKind.PERSON_UPDATED: _person_updated,
    EventKind.SECURITY_ACCESS_GRANTED: _access_granted,
    EventKind.SECURITY_RELINKED: _relinked,
    EventKind.SECURITY_SESSION_EXPIRED: _session_expired,
    EventKind.REMINDER: _reminder,
    EventKind.PRESCRIPTION_ISSUED: _prescription_issued,
    EventKind.PRESCRIPTION_DISPENSED: _prescription_dispensed,
    EventKind.PRESCRIPTION_REJECTED: _prescription_rejected,
    EventKind.PRESCRIPTION_EXPIRING: _prescription_expiring,
    EventKind.LAB_RESULT_ADDED: _lab_result,
    EventKind.REFERRAL_ISSUED: _referral,
}


# Pieces ---------------------------------------------------------------------------------------------------


def _with_doctor(payload: Mapping[str, Any], i18n: Translator) -> Markup:
    doctor = payload.get("doctor_name")
    return i18n.get("ntf-with-doctor", doctor=doctor) if doctor else i18n.get("ntf-with-some-doctor")


def _reason(reason: object, i18n: Translator) -> Markup | None:
    """The registry's reason in plain words (the declarations flow's own explanations), when we have them."""
    if not isinstance(reason, str) or not reason:
        return None
    key = f"decl-reason-{reason.replace('_', '-')}"
    if not i18n.has(key):
        return None
    return i18n.get("ntf-reason", reason=i18n.get(key))


def _moment(value: object) -> datetime | None:
    """An ISO instant from the payload, in Kyiv time (what the patient's clock shows)."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value).astimezone(KYIV)
    except ValueError:
        return None


def _day(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
