"""My data: the card masks identifiers, changes go to the signing page and land in the registry."""

from __future__ import annotations

import pytest

from tests.bot.harness import Patient, Stack, person, text

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_card_masks_the_tax_id_everywhere(stack: Stack, patient: Patient) -> None:
    olena = person("adult_with_declaration")
    await patient.sign_in(olena)

    seen = await patient.press(text("menu-profile"))

    tax_id = (await stack.registry_person(olena.person_id)).tax_id
    assert tax_id and len(tax_id) == 10
    assert "РНОКПП" in seen.text and "*" in seen.text.split("РНОКПП")[1].splitlines()[0]
    assert tax_id not in patient.all_text()
    assert olena.last_name in seen.text
    assert text("profile-edit") in patient.buttons()


async def test_email_change_is_signed_and_reaches_the_registry(stack: Stack, patient: Patient) -> None:
    andrii = person("adult_without_declaration")
    await patient.sign_in(andrii)
    await patient.press(text("menu-profile"))
    await patient.press(text("profile-edit"))
    await patient.press(text("profile-field-email"))

    bad = await patient.send("andrii at ukr net")
    assert text("invalid-email-format") in bad.text
    assert text("profile-ask-email") in bad.text  # the same question again

    await patient.send("Andrii.Shevchuk@Ukr.net")
    confirm = patient.last_message()
    assert "andrii.shevchuk@ukr.net" in confirm["text"].lower()
    seen = await patient.press(text("profile-submit"))
    assert text("profile-signing-hint") in seen.text

    not_yet = await patient.press(text("profile-signed"))
    assert text("profile-not-signed-yet") in not_yet.text

    signed = await stack.sign_in_browser_page(patient.url_of(text("profile-sign")), andrii)
    assert signed.status_code == 200, signed.text
    done = await patient.press(text("profile-signed"))

    assert text("profile-saved") in done.text
    stored = await stack.registry_person(andrii.person_id)
    assert stored.email is not None and stored.email.lower() == "andrii.shevchuk@ukr.net"


async def test_read_only_teen_sees_data_without_edit_buttons(stack: Stack, patient: Patient) -> None:
    greeting = await patient.sign_in(person("teen_16_read_only"))
    assert text("onboarding-read-only") in greeting.text

    seen = await patient.press(text("menu-profile"))

    assert text("profile-read-only") in seen.text
    assert text("profile-edit") not in patient.buttons()
    assert patient.buttons() == [text("btn-menu")]
