"""My data: the card masks identifiers, changes go to the signing page and land in the registry."""

from __future__ import annotations

import pytest
import pytest_asyncio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.domain.dictionaries import BOT_DICTIONARIES
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


def _address_line(card: str, language: str) -> str:
    label = text("profile-address-residence", language, address="|").split("|")[0]
    return next(line for line in card.splitlines() if line.startswith(label))


def _codes_in(card: str) -> list[str]:
    """Every dictionary code (STREET, CITY, NATIONAL_ID, MALE, …) that shows as a word of the card."""
    words = set(card.replace(",", " ").replace(":", " ").split())
    return sorted(code for dictionary in BOT_DICTIONARIES for code in dictionary.words if code in words)


@pytest.mark.parametrize("language", ["uk", "en"])
async def test_the_card_reads_addresses_and_documents_as_words_not_codes(stack: Stack, language: str) -> None:
    patient = stack.new_patient("Андрій")
    await patient.sign_in(person("adult_without_declaration"))  # lives in Lviv, вулиця Городоцька
    if language == "en":
        await patient.send("/language")
        await patient.press(text("language-en"))
        await patient.send("/menu")
    card = (await patient.press(text("menu-profile", language))).text

    expected = {
        "uk": "вул. Городоцька, 118, кв. 5, м. Львів, Львівська, 79022",
        "en": "Городоцька St, 118, apt. 5, Львів city, Львівська, 79022",
    }[language]
    assert _address_line(card, language).endswith(expected)
    assert text("document-type-passport", language) in card
    assert text("gender-male", language) in card
    assert _codes_in(card) == []


async def test_a_kyiv_address_names_the_city_once(stack: Stack, patient: Patient) -> None:
    await patient.sign_in(person("adult_with_declaration"))  # lives in Kyiv, whose area is «м. Київ»
    card = (await patient.press(text("menu-profile"))).text

    line = _address_line(card, "uk")
    assert line.endswith("вул. Антоновича, 42, кв. 17, м. Київ, 03150")
    assert line.count("Київ") == 1
    assert _codes_in(card) == []


async def test_email_change_is_signed_and_reaches_the_registry(stack: Stack, patient: Patient) -> None:
    andrii = person("adult_without_declaration")
    await patient.sign_in(andrii)
    await patient.press(text("menu-profile"))
    await patient.press(text("profile-edit"))
    await patient.press(text("profile-field-email"))

    location = await patient.share_location(50.45, 30.52)
    assert text("wrong-type-text") in location.text

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


async def test_unverified_data_are_said_in_the_card_with_what_to_do(patient: Patient) -> None:
    await patient.sign_in(person("unverified_adult"))  # Ярослава: NOT_VERIFIED in eHealth

    seen = await patient.press(text("menu-profile"))

    assert "ще не підтверджено" in seen.text and "30 днів" in seen.text  # what it means, before any declaration
    card, notice = seen.text.split(text("profile-not-verified"), 1)
    assert "Дем’яненко" in card
    assert text("profile-not-verified-edit") in notice  # she may update her document here
    assert text("profile-not-verified-visit") in notice  # names and the tax ID: a clinic
    assert text("profile-edit") in patient.buttons()


async def test_unverified_data_are_said_in_english_too(patient: Patient) -> None:
    await patient.sign_in(person("unverified_adult"))
    await patient.press(text("menu-settings"))
    await patient.press(text("settings-language"))
    await patient.press(text("language-en"))
    await patient.send("/menu")

    seen = await patient.press(text("menu-profile", "en"))

    assert text("profile-not-verified", "en") in seen.text
    assert "30 days" in seen.text
    assert text("profile-not-verified-edit", "en") in seen.text


async def test_verified_data_carry_no_verification_notice(patient: Patient) -> None:
    await patient.sign_in(person("adult_with_declaration"))  # Олена: VERIFIED

    seen = await patient.press(text("menu-profile"))

    assert "Коваленко" in seen.text
    assert "не підтверджено" not in seen.text and "30 днів" not in seen.text
    assert text("profile-not-verified-visit") not in seen.text


# Whatever a patient types into a text question: no crash, a clear answer, the draft kept.
FREE_TEXT = st.one_of(
    st.text(min_size=1, max_size=200).filter(str.strip),
    st.sampled_from(
        [
            "<b>bold</b> & <script>alert(1)</script>",
            "'; DROP TABLE persons; --",
            "😀👩‍⚕️🇺🇦" * 30,
            "a" * 4096,
            "name@ukr.net\u0000\u0007",
            "\u202eten.rku@eman",
            "Ім’я@пошта.укр",
            "name@@ukr.net",
            "olena.k@ukr.net",
        ]
    ),
)


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def at_email_question(stack: Stack) -> Patient:
    """A signed-in patient with a phone change in the draft, now asked for an email."""
    patient = stack.new_patient("Олена")
    await patient.sign_in(person("adult_with_accesses"))
    await patient.press(text("menu-profile"))
    await patient.press(text("profile-edit"))
    await patient.press(text("profile-field-phone"))
    await patient.press(text("phone-type-mobile"))
    await patient.send("067 765 43 21")
    await patient.press(text("profile-change-more"))
    await patient.press(text("profile-field-email"))
    return patient


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=FREE_TEXT)
async def test_any_text_in_a_question_is_answered_and_keeps_the_draft(at_email_question: Patient, typed: str) -> None:
    patient = at_email_question
    seen = await patient.send(typed)

    assert seen.messages, "no answer"
    assert text("error-generic") not in seen.text
    if text("profile-confirm").strip() in seen.text:  # it was a valid address: the summary shows both changes
        assert "+380677654321" in seen.text
        await patient.press(text("profile-change-more"))
        await patient.press(text("profile-field-email"))
    else:  # the same question again, with what was wrong above it
        problem, question = patient.last_message()["text"].split(text("profile-ask-email"), 1)
        assert problem.strip(), "no explanation of the problem"
        assert question == ""
    await patient.press(text("profile-back-to-edit"))
    summary = await patient.press(text("profile-field-email"))
    assert text("profile-ask-email") in summary.text


async def test_address_change_is_guided_and_reaches_the_registry(stack: Stack, patient: Patient) -> None:
    yaroslava = person("unverified_adult")
    await patient.sign_in(yaroslava)
    await patient.press(text("menu-profile"))
    await patient.press(text("profile-edit"))
    await patient.press(text("profile-field-address"))
    await patient.press(text("address-type-residence"))

    too_short = await patient.send("К")
    assert text("invalid-settlement-format", min_len=2, max_len=60) in too_short.text
    await patient.send("Киї")
    assert patient.buttons()[0] == "м. Київ"  # the city of Kyiv is its own area: named once, with its type
    await patient.press(patient.buttons()[0])
    await patient.send("вул. Січових Стрільців")
    no_digit = await patient.send("будинок")
    assert text("invalid-address-building-format") in no_digit.text
    await patient.send("15а")
    confirm = await patient.press(text("profile-no-apartment"))

    assert "вул. Січових Стрільців, 15А, м. Київ" in confirm.text
    await patient.press(text("profile-submit"))
    signed = await stack.sign_in_browser_page(patient.url_of(text("profile-sign")), yaroslava)
    assert signed.status_code == 200, signed.text
    done = await patient.press(text("profile-signed"))

    assert text("profile-saved") in done.text
    stored = await stack.registry_person(yaroslava.person_id)
    residence = next(address for address in stored.addresses if address["type"] == "RESIDENCE")
    assert (residence["settlement"], residence["building"]) == ("Київ", "15А")
    assert residence["street"] == "вул. Січових Стрільців"
