"""/help, /cancel, /cabinets, /language and the command menu in both languages."""

from __future__ import annotations

import pytest

from bot.app import COMMANDS
from tests.bot.harness import Patient, Stack, person, text

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_help_explains_signature_privacy_and_the_contact_centre(stack: Stack, patient: Patient) -> None:
    seen = await patient.send("/help")

    assert "Дія.Підпис" in seen.text
    assert "16-77" in seen.text
    assert "Приватність" in seen.text


async def test_cancel_returns_to_the_menu_and_says_signed_requests_are_safe(stack: Stack, patient: Patient) -> None:
    await patient.sign_in(person("adult_with_declaration"))
    await patient.press(text("menu-profile"))
    await patient.press(text("profile-edit"))
    await patient.press(text("profile-field-email"))

    seen = await patient.send("/cancel")

    assert text("notice-cancelled") in seen.text
    assert text("menu-title") in seen.text
    assert "eHealth" in text("notice-cancelled")


async def test_cancel_before_sign_in_goes_back_to_onboarding(stack: Stack, patient: Patient) -> None:
    await patient.send("/start")

    seen = await patient.send("/cancel")

    assert text("welcome") in seen.text


async def test_cabinets_lists_verified_cabinets_with_links(stack: Stack, patient: Patient) -> None:
    seen = await patient.send("/cabinets")

    assert text("cabinets-title").splitlines()[0] in seen.text
    buttons = patient.last_message()["reply_markup"]["inline_keyboard"]
    urls = [button["url"] for row in buttons for button in row]
    assert urls and all(url.startswith("https://") for url in urls)
    names = [button["text"] for row in buttons for button in row]
    assert all(name in seen.text for name in names)


async def test_language_command_opens_the_choice(stack: Stack, patient: Patient) -> None:
    await patient.send("/start")

    seen = await patient.send("/language")

    assert text("settings-language-question") in seen.text
    assert patient.buttons()[:2] == [text("language-uk"), text("language-en")]
    english = await patient.press(text("language-en"))
    assert text("welcome", "en") in english.text


async def test_command_menu_is_set_in_both_languages(stack: Stack, patient: Patient) -> None:
    bot = patient.act.bot
    for language, default in (("uk", "uk"), ("en", "en"), ("de", "uk")):
        commands = bot.effective_commands(patient.id, language)
        assert [command["command"] for command in commands] == list(COMMANDS)
        assert commands[1]["description"] == text("command-menu", default)
