"""The main menu: every button leads somewhere real, and /menu always brings the patient back."""

from __future__ import annotations

import pytest

from tests.bot.harness import Patient, Stack, person, text

pytestmark = pytest.mark.asyncio(loop_scope="module")

FLOW_BUTTONS = [
    "menu-profile",
    "menu-declarations",
    "menu-prescriptions",
    "menu-medical-record",
    "menu-doctor-search",
    "menu-accesses",
    "menu-settings",
]


@pytest.mark.parametrize("button", FLOW_BUTTONS)
async def test_each_menu_button_opens_its_flow(stack: Stack, patient: Patient, button: str) -> None:
    await patient.sign_in(person("adult_with_accesses"))

    seen = await patient.press(text(button))

    assert seen.messages, "the bot did not answer"
    shown = patient.last_message()
    assert text("menu-title") not in shown["text"]
    assert text("error-generic") not in patient.all_text()
    assert patient.buttons(shown), "a flow screen without a single button is a dead end"

    back = await patient.send("/menu")
    assert text("menu-title") in back.text
    assert text("menu-profile") in patient.buttons()


async def test_help_from_the_menu_and_back(stack: Stack, patient: Patient) -> None:
    await patient.sign_in(person("adult_without_declaration"))

    seen = await patient.press(text("menu-help"))
    assert "16-77" in seen.text

    back = await patient.press(text("help-back"))
    assert text("menu-title") in back.text
