"""Every event kind renders in both languages, in plain words, with buttons that lead somewhere."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.events import EventKind
from bot.api_models import Event
from bot.i18n import Locales
from bot.notifier.actions import Action, NotificationAction
from bot.notifier.rendering import render

LOCALES = Locales()
DOCTOR = "Петренко Ірина Олегівна"


def event(kind: str, language: str = "uk", **payload: Any) -> Event:
    return Event(
        id=1,
        telegram_user_id=42,
        chat_id=42,
        language=language,
        kind=kind,
        payload=payload,
        created_at=datetime(2026, 12, 1, tzinfo=UTC),
    )


def shown(kind: str, language: str = "uk", **payload: Any) -> tuple[str, list[tuple[str, str]]]:
    """(text, [(button text, callback action or url)]) as the patient would see them."""
    i18n = LOCALES.translator(language)
    rendered = render(event(kind, language, **payload), i18n)
    assert rendered is not None
    keyboard = rendered.keyboard(i18n)
    buttons = []
    for row in keyboard.inline_keyboard if keyboard else []:
        for button in row:
            if button.callback_data is not None:
                assert len(button.callback_data.encode()) <= 64
                buttons.append((button.text, NotificationAction.unpack(button.callback_data).action.value))
            else:
                buttons.append((button.text, str(button.url)))
    return rendered.text, buttons


def test_a_verified_declaration_names_the_doctor_and_opens_the_declarations() -> None:
    text, buttons = shown(
        EventKind.DECLARATION_STATUS, status="active", previous_status="pending_verification", doctor_name=DOCTOR
    )
    assert text.startswith(f"Ваша декларація з лікарем {DOCTOR} тепер діє.")
    assert buttons == [("Мої декларації", Action.DECLARATIONS)]
    text_en, buttons_en = shown(
        EventKind.DECLARATION_STATUS, "en", status="active", previous_status="pending_verification", doctor_name=DOCTOR
    )
    assert text_en.startswith(f"Your declaration with {DOCTOR} is now in force.")
    assert buttons_en == [("My declarations", Action.DECLARATIONS)]


def test_a_declaration_ended_by_the_clinic_explains_why_and_offers_a_new_doctor() -> None:
    text, buttons = shown(
        EventKind.DECLARATION_STATUS,
        status="terminated",
        previous_status="active",
        reason="auto_employee_deactivate",
        doctor_name=DOCTOR,
    )
    assert "більше не діє" in text
    assert "Причина: лікар більше не працює в цьому закладі." in text
    assert buttons == [("Знайти лікаря", Action.FIND_DOCTOR), ("Мої декларації", Action.DECLARATIONS)]


def test_an_expired_request_offers_to_find_a_doctor_in_english_too() -> None:
    text, buttons = shown(EventKind.REQUEST_STATUS, "en", status="EXPIRED", reason="auto_expired", doctor_name=DOCTOR)
    assert text.startswith(f"The time to sign your declaration request with {DOCTOR} has run out")
    assert buttons == [("Find a doctor", Action.FIND_DOCTOR)]


def test_a_request_without_a_doctor_still_reads_well() -> None:
    text, _ = shown(EventKind.REQUEST_STATUS, status="EXPIRED", doctor_name=None)
    assert "запиту на декларацію з обраним лікарем минув" in text


def test_the_expiry_reminder_shows_kyiv_time_and_a_sign_button() -> None:
    text, buttons = shown(
        EventKind.REMINDER,
        topic="request_expiring",
        request_id="r",
        doctor_name=DOCTOR,
        expires_at="2026-12-01T10:30:00+00:00",
    )
    assert "до 01.12.2026 12:30" in text  # 10:30 UTC is 12:30 in Kyiv in winter
    assert buttons == [("Підписати", Action.REQUESTS)]
    _, with_link = shown(
        EventKind.REMINDER,
        topic="request_expiring",
        doctor_name=DOCTOR,
        expires_at="2026-12-01T10:30:00+00:00",
        signing_url="https://cabinet.example/sign/abc",
    )
    assert with_link == [("Підписати", "https://cabinet.example/sign/abc")]


def test_the_pediatric_reminder_gives_the_last_day() -> None:
    text, buttons = shown(EventKind.REMINDER, "en", topic="pediatric_ending", doctor_name=DOCTOR, end_date="2026-12-20")
    assert "lasts until 20.12.2026" in text
    assert buttons == [("Find a doctor", Action.FIND_DOCTOR)]


def test_security_alerts_lead_to_the_accesses_or_back_to_sign_in() -> None:
    text, buttons = shown(EventKind.SECURITY_ACCESS_GRANTED, client_name="Helsi")
    assert text.startswith("Увага: система «Helsi» отримала доступ до ваших даних")
    assert buttons == [("Переглянути доступи", Action.ACCESSES)]
    assert shown(EventKind.SECURITY_RELINKED)[1] == [("Увійти знову", Action.HOME)]
    assert shown(EventKind.SECURITY_SESSION_EXPIRED, "en")[1] == [("Sign in again", Action.HOME)]


def test_the_sign_in_greeting_without_dialogs_carries_a_menu_button() -> None:
    text, buttons = shown(EventKind.AUTH_LINKED, first_name="Софія", access_level="READ_ONLY")
    assert "Вітаємо, Софіє!" in text  # the vocative
    assert LOCALES.translator("uk").get("onboarding-read-only") in text
    assert buttons == [("Відкрити меню", Action.HOME)]


@pytest.mark.parametrize("language", ["uk", "en"])
@pytest.mark.parametrize(
    ("kind", "payload"),
    [
        (EventKind.REQUEST_SIGNED, {"doctor_name": DOCTOR, "status": "SIGNED"}),
        (EventKind.PERSON_UPDATED, {"fields": ["email"]}),
        (EventKind.REQUEST_STATUS, {"status": "SIGNED", "doctor_name": DOCTOR}),
        (EventKind.REQUEST_STATUS, {"status": "CANCELLED", "reason": "auto_reorganization", "doctor_name": DOCTOR}),
        (EventKind.DECLARATION_STATUS, {"status": "rejected", "reason": "manual_nhs", "doctor_name": DOCTOR}),
        (EventKind.DECLARATION_STATUS, {"status": "closed", "reason": "auto_expired", "doctor_name": DOCTOR}),
        (EventKind.DECLARATION_STATUS, {"status": "something_new", "doctor_name": DOCTOR}),
    ],
)
def test_every_kind_has_its_own_text_in_each_language(language: str, kind: str, payload: dict[str, Any]) -> None:
    text, buttons = shown(kind, language, **payload)
    assert "ntf-" not in text and "{" not in text
    assert buttons  # never a dead end


def test_an_unknown_kind_is_not_rendered() -> None:
    assert render(event("something.new"), LOCALES.translator("uk")) is None


@given(name=st.text(min_size=1, max_size=60))
def test_names_from_the_registry_cannot_change_the_markup(name: str) -> None:
    text, _ = shown(EventKind.SECURITY_ACCESS_GRANTED, client_name=name)
    assert "<" not in text.replace("<b>", "").replace("</b>", "")


# Prescriptions ---------------------------------------------------------------------------------------------

MEDICINE = "Метформін 500 мг таблетки"
RX = {
    "medication_request_id": "rx-1",
    "medication_name": MEDICINE,
    "status": "ACTIVE",
    "dispense_valid_to": "2026-12-04",
}


def rendered(kind: str, language: str = "uk", **payload: Any):
    result = render(event(kind, language, **{**RX, **payload}), LOCALES.translator(language))
    assert result is not None
    return result


def test_a_new_prescription_names_the_medicine_and_the_last_day_in_both_languages() -> None:
    text, buttons = shown(EventKind.PRESCRIPTION_ISSUED, **RX)
    assert text == (
        f"Лікар виписав вам електронний рецепт: <b>{MEDICINE}</b>. Отримати ліки в аптеці можна до 04.12.2026 включно."
    )
    assert buttons == [("Мої рецепти", Action.PRESCRIPTIONS)]
    text_en, _ = shown(EventKind.PRESCRIPTION_ISSUED, "en", **RX)
    assert text_en == (
        f"Your doctor has written you an e-prescription: <b>{MEDICINE}</b>. "
        "You can get the medicine at a pharmacy until 04.12.2026 inclusive."
    )


def test_a_dispense_says_whether_anything_is_left() -> None:
    fully, _ = shown(EventKind.PRESCRIPTION_DISPENSED, **{**RX, "status": "COMPLETED", "fully": True})
    partly, _ = shown(EventKind.PRESCRIPTION_DISPENSED, **{**RX, "fully": False, "dispense_id": "d-1"})
    assert "видано повністю" in fully and "04.12.2026" not in fully
    assert "видано частину ліків" in partly and "Решту можна отримати до 04.12.2026 включно" in partly
    fully_en, _ = shown(EventKind.PRESCRIPTION_DISPENSED, "en", **{**RX, "status": "COMPLETED", "fully": True})
    partly_en, _ = shown(EventKind.PRESCRIPTION_DISPENSED, "en", **{**RX, "fully": False})
    assert "dispensed in full" in fully_en
    assert "Part of the medicine" in partly_en and "until 04.12.2026" in partly_en


def test_a_rejected_prescription_gives_a_known_reason_in_words_and_never_a_code() -> None:
    text, _ = shown(
        EventKind.PRESCRIPTION_REJECTED, **{**RX, "status": "REJECTED", "reject_reason_code": "PATIENT_REJECT"}
    )
    assert f"Рецепт <b>{MEDICINE}</b> скасовано" in text
    assert "Причина: ви відмовилися від цього рецепта" in text
    unknown, _ = shown(EventKind.PRESCRIPTION_REJECTED, "en", **{**RX, "reject_reason_code": "SOMETHING_NEW"})
    assert "SOMETHING_NEW" not in unknown and "Reason" not in unknown
    assert "please ask the doctor who wrote the prescription" in unknown


def test_the_expiry_reminder_gives_the_last_day() -> None:
    text, _ = shown(EventKind.PRESCRIPTION_EXPIRING, **RX)
    assert text.startswith(f"Нагадуємо: рецепт <b>{MEDICINE}</b> діє до 04.12.2026 включно.")
    text_en, _ = shown(EventKind.PRESCRIPTION_EXPIRING, "en", **RX)
    assert text_en.startswith(f"A reminder: your prescription <b>{MEDICINE}</b> is valid until 04.12.2026 inclusive.")


@pytest.mark.parametrize("language", ["uk", "en"])
@pytest.mark.parametrize(
    "kind",
    [
        EventKind.PRESCRIPTION_ISSUED,
        EventKind.PRESCRIPTION_DISPENSED,
        EventKind.PRESCRIPTION_REJECTED,
        EventKind.PRESCRIPTION_EXPIRING,
    ],
)
def test_prescription_notices_are_protected_and_lead_somewhere(language: str, kind: str) -> None:
    result = rendered(kind, language)
    assert result.protect
    assert result.buttons
    assert "ntf-" not in result.text and "{" not in result.text


def test_other_notices_are_not_protected() -> None:
    declaration = render(
        event(EventKind.DECLARATION_STATUS, status="active", doctor_name=DOCTOR), LOCALES.translator("uk")
    )
    assert declaration is not None and not declaration.protect


@given(name=st.text(min_size=1, max_size=80))
def test_a_medicine_name_cannot_change_the_markup(name: str) -> None:
    text, _ = shown(EventKind.PRESCRIPTION_ISSUED, **{**RX, "medication_name": name})
    assert "<" not in text.replace("<b>", "").replace("</b>", "")
