"""Settings: the language switches at once and sticks, notification kinds, sign out, erase."""

from __future__ import annotations

import pytest

from bot.api_client import BackendError
from tests.bot.harness import TEXTS_UK, Patient, Stack, person, text

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_language_switch_changes_texts_at_once_and_is_kept(stack: Stack, patient: Patient) -> None:
    await patient.sign_in(person("adult_with_declaration"))
    await patient.press(text("menu-settings"))
    await patient.press(text("settings-language"))

    switched = await patient.press(text("language-en"))

    assert "Settings" in switched.text and "English" in switched.text
    assert text("settings-notifications", "en") in patient.buttons()
    menu = await patient.send("/menu")
    assert text("menu-title", "en") in menu.text
    assert text("menu-profile", "en") in patient.buttons()
    assert stack.run is not None
    assert (await stack.run.backend.get_account(patient.id)).language == "en"

    await stack.restart_bot()  # state lost: the language comes back from the backend
    again = await patient.send("/menu")
    assert text("menu-title", "en") in again.text

    # /start (also what a doctor's deep link sends) keeps the chosen language, whatever Telegram's is.
    restarted = await patient.send("/start")
    assert text("menu-title", "en") in restarted.text
    assert (await stack.run.backend.get_account(patient.id)).language == "en"


async def test_notification_kind_turns_off_and_on(stack: Stack, patient: Patient) -> None:
    await patient.sign_in(person("adult_without_declaration"))
    await patient.press(text("menu-settings"))
    await patient.press(text("settings-notifications"))
    assert text("settings-on-nd") in patient.buttons()

    await patient.press(text("settings-on-nd"))

    assert text("settings-off-nd") in patient.buttons()
    assert stack.run is not None
    notifications = (await stack.run.backend.get_account(patient.id)).notifications
    assert notifications.declaration_status is False
    assert notifications.security is True

    await patient.press(text("settings-off-nd"))
    assert (await stack.run.backend.get_account(patient.id)).notifications.declaration_status is True


async def test_prescription_notifications_turn_off_and_on(stack: Stack, patient: Patient) -> None:
    await patient.sign_in(person("adult_with_declaration"))
    await patient.press(text("menu-settings"))
    await patient.press(text("settings-notifications"))
    assert text("settings-on-np") == "✅ Рецепти"

    await patient.press(text("settings-on-np"))

    assert text("settings-off-np") in patient.buttons()
    assert stack.run is not None
    notifications = (await stack.run.backend.get_account(patient.id)).notifications
    assert notifications.prescriptions is False
    assert notifications.reminders is True and notifications.declaration_status is True

    await patient.press(text("settings-off-np"))
    assert (await stack.run.backend.get_account(patient.id)).notifications.prescriptions is True


async def test_medical_record_notifications_turn_off_and_on(stack: Stack, patient: Patient) -> None:
    await patient.sign_in(person("adult_with_accesses"))
    await patient.press(text("menu-settings"))
    await patient.press(text("settings-notifications"))
    assert text("settings-on-nc") == "✅ Медична картка: аналізи й направлення"

    await patient.press(text("settings-on-nc"))

    assert text("settings-off-nc") in patient.buttons()
    assert stack.run is not None
    notifications = (await stack.run.backend.get_account(patient.id)).notifications
    assert notifications.medical_record is False
    assert notifications.prescriptions is True and notifications.declaration_status is True

    await patient.press(text("settings-off-nc"))
    assert (await stack.run.backend.get_account(patient.id)).notifications.medical_record is True


async def test_sign_out_asks_first_then_returns_to_sign_in(stack: Stack, patient: Patient) -> None:
    await patient.sign_in(person("unverified_adult"))
    await patient.press(text("menu-settings"))

    asked = await patient.press(text("settings-sign-out"))
    assert text("settings-sign-out-question") in asked.text

    seen = await patient.press(text("settings-sign-out-confirm"))

    # Why they are back at the sign-in step, then the step itself. The notice was lost up to 1 time in 100: the
    # step got the settings dialog's id, was drawn a second time and the notice edited away (bot/dialog_ids.py).
    notice, prompt = text("notice-signed-out"), text("onboarding-sign-in")
    assert notice in seen.text and prompt in seen.text
    assert seen.text.index(notice) < seen.text.index(prompt)
    assert patient.has_button(TEXTS_UK["sign_in_button"])
    assert stack.run is not None
    assert (await stack.run.backend.get_account(patient.id)).linked is False


async def test_erase_explains_then_deletes_the_bot_data_only(stack: Stack, patient: Patient) -> None:
    teen = person("teen_17_capable")
    await patient.sign_in(teen)
    before = await stack.registry_person(teen.person_id)
    await patient.press(text("menu-settings"))

    asked = await patient.press(text("settings-erase"))
    assert text("settings-erase-question") in asked.text

    done = await patient.press(text("settings-erase-confirm"))

    assert text("settings-erased") in done.text
    assert stack.run is not None
    with pytest.raises(BackendError) as refused:
        await stack.run.backend.get_account(patient.id)
    assert refused.value.code == "not_linked"
    after = await stack.registry_person(teen.person_id)
    assert (after.email, after.phones, after.documents) == (before.email, before.phones, before.documents)

    again = await patient.send("/start")
    assert text("welcome") in again.text
