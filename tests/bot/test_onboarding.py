"""/start to the main menu: consent, the patient's own phone only, sign-in with an e-signature, deep links."""

from __future__ import annotations

import pytest

from tests.bot.harness import TEXTS_UK, Patient, Stack, person, text

pytestmark = pytest.mark.asyncio(loop_scope="module")

MENU_BUTTONS = [
    text("menu-profile"),
    text("menu-declarations"),
    text("menu-prescriptions"),
    text("menu-medical-record"),
    text("menu-doctor-search"),
    text("menu-accesses"),
    text("menu-settings"),
    text("menu-help"),
]


async def test_happy_path_with_a_foreign_contact_refused(stack: Stack, patient: Patient) -> None:
    welcome = await patient.send("/start")
    assert text("welcome") in welcome.text
    assert patient.buttons() == [text("onboarding-consent-agree"), text("onboarding-consent-read")]

    policy = await patient.press(text("onboarding-consent-read"))
    assert "Згода на обробку персональних даних" in policy.text

    asked = await patient.press(text("onboarding-consent-agree"))
    assert text("onboarding-phone") in asked.text
    assert patient.reply_buttons() == [text("onboarding-phone-button")]

    someone_else = {"phone_number": "+380501112233", "first_name": "Сусід", "user_id": patient.id + 999}
    refused = await patient.share_contact(someone_else)
    assert text("onboarding-phone-foreign") in refused.text
    assert patient.reply_buttons() == [text("onboarding-phone-button")]

    typed = await patient.send("+380671234567")
    assert text("onboarding-phone-hint") in typed.text

    shared = await patient.press_reply(TEXTS_UK["share_phone"])
    assert text("onboarding-phone-saved") in shared.text
    assert text("onboarding-sign-in") in shared.text
    assert patient.url_of(TEXTS_UK["sign_in_button"]).startswith(f"{stack.backend_url}/auth/start?state=")

    too_early = await patient.press(TEXTS_UK["signed_in"])
    assert text("onboarding-not-yet") in too_early.text

    page = await patient.sign_in_in_browser(person("adult_with_declaration"))
    assert page.status_code == 200
    greeting = await patient.press(TEXTS_UK["signed_in"])

    assert text("onboarding-greeting", first_name="Олена") in greeting.text
    assert "Вітаємо, Олено!" in greeting.text  # Ukrainian addresses a person in the vocative
    assert text("menu-title") in greeting.text
    assert patient.buttons() == MENU_BUTTONS
    assert "Коваленко" not in greeting.text  # the greeting uses the first name only


async def test_returning_patient_goes_straight_to_the_menu(stack: Stack, patient: Patient) -> None:
    await patient.sign_in(person("adult_without_declaration"))

    again = await patient.send("/start")

    assert text("welcome") not in again.text
    assert text("menu-title") in again.text
    assert patient.buttons() == MENU_BUTTONS


async def test_a_child_cannot_sign_in_and_is_told_why(stack: Stack, patient: Patient) -> None:
    await patient.onboard()
    page = await patient.sign_in_in_browser(person("child_12"))
    assert page.status_code in (200, 403)

    seen = await patient.press(TEXTS_UK["signed_in"])

    assert text("onboarding-not-yet") in seen.text
    assert patient.has_button(TEXTS_UK["sign_in_button"])


async def test_doctor_deep_link_opens_the_card_after_sign_in(stack: Stack, patient: Patient) -> None:
    assert stack.run is not None
    doctor = (await stack.run.backend.search_doctors(limit=1)).items[0]

    await patient.sign_in(person("adult_without_declaration"), deep_link=f"doc_{doctor.employee_id}")

    assert doctor.last_name in patient.last_message()["text"]


async def test_deep_link_for_a_linked_patient_opens_the_card_at_once(stack: Stack, patient: Patient) -> None:
    assert stack.run is not None
    doctor = (await stack.run.backend.search_doctors(limit=2)).items[-1]
    await patient.sign_in(person("adult_with_accesses"))

    seen = await patient.send(f"/start doc_{doctor.employee_id}")

    assert doctor.last_name in seen.text


async def test_english_speaking_patient_is_welcomed_in_english(stack: Stack) -> None:
    patient = stack.new_patient("Olena", language_code="en")

    welcome = await patient.send("/start")

    assert text("welcome", "en") in welcome.text
    assert patient.buttons() == [text("onboarding-consent-agree", "en"), text("onboarding-consent-read", "en")]


async def test_a_foreign_number_is_explained_not_asked_to_be_typed(stack: Stack) -> None:
    patient = stack.new_patient("John", phone_number="+447700900123")
    await patient.send("/start")
    await patient.press(text("onboarding-consent-agree"))

    seen = await patient.press_reply(TEXTS_UK["share_phone"])

    assert text("onboarding-phone-not-ukrainian") in seen.text
    assert patient.reply_buttons() == [text("onboarding-phone-button")]
