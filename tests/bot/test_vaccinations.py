"""Щеплення: the words (every dictionary code in both languages, no raw code in a card), what the calendar says
is due (overdue marked), and end to end: Максим's 21 childhood vaccinations paged newest first with the calendar
above them, a card, a patient without vaccinations, an adult with no booster on record, English, a backend that
does not answer, and a session that does not allow the medical record.

The flow is opened the way the medical record's overview (and any other flow) opens it: `manager.start(
Vaccinations.listing)`, here from the patient's own dialog stack through aiogram-dialog's foreground manager.
"""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.immunization_calendar import Age, GivenDose
from backend.domain.vaccinations_view import VACCINATION_DICTIONARIES, calendar_advice
from bot.api_models import Immunization
from bot.dialogs.common.words import dictionary_word
from bot.dialogs.vaccinations.states import Vaccinations
from bot.dialogs.vaccinations.texts import advice_text, vaccination_card, vaccination_line
from bot.i18n import LANGUAGES, Locales
from sandbox.registry.core.db import make_engine as make_registry_engine
from sandbox.registry.core.models import Token as RegistryToken
from tests.bot.flows import open_flow
from tests.bot.harness import TEXTS_UK, Patient, Stack, person, text

e2e = pytest.mark.asyncio(loop_scope="module")

LOCALES = Locales()
uk = LOCALES.translator("uk")
en = LOCALES.translator("en")
# What a patient must never read: SNOMED disease codes, route and site codes, reason and status codes.
RAW_CODES = ("56717001", "66071002", "397430003", "76902006", "27836007", "398102009", "91428005", "14189004",
             "immunization_by_calendar", "completed", "MEDPREC", "oral")  # fmt: skip
SHORT_CODES = ("IM", "SC", "ID", "PO", "LA", "RT", "LT")  # as whole words only


def _plain(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", value))


def _no_raw_codes(shown: str) -> None:
    for code in RAW_CODES:
        assert code not in shown, code
    for code in SHORT_CODES:
        assert not re.search(rf"(?<![\w-]){code}(?![\w-])", shown), code


# Words -----------------------------------------------------------------------------------------------------

CASES = [
    (dictionary, code, language)
    for dictionary in VACCINATION_DICTIONARIES
    for code in dictionary.words
    for language in LANGUAGES
]


@pytest.mark.parametrize(
    ("dictionary", "code", "language"), CASES, ids=[f"{d.prefix}:{c}:{lang}" for d, c, lang in CASES]
)
def test_every_code_reads_as_a_word_in_both_languages(dictionary: Any, code: str, language: str) -> None:
    i18n = LOCALES.translator(language)
    key = dictionary.key(code)
    assert key is not None and i18n.has(key), key  # its own text in this language, not the Ukrainian fallback
    word = dictionary_word(i18n, dictionary, code)
    assert word
    if language == "uk":
        assert html.unescape(word) == dictionary.word(code)


@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_codes_read_neutrally_or_not_at_all(language: str) -> None:
    i18n = LOCALES.translator(language)
    for dictionary in VACCINATION_DICTIONARIES:
        word = dictionary_word(i18n, dictionary, "NEVER_SEEN_CODE")
        assert word is None if dictionary.other is None else (word and "NEVER" not in word)


def test_every_code_the_sandbox_seeds_has_its_words() -> None:
    from sandbox.registry.seeding.clinical import VACCINES

    dictionaries = {d.prefix: d for d in VACCINATION_DICTIONARIES}
    for vaccine in VACCINES.values():
        assert dictionaries["vax-vaccine"].known(vaccine.code), vaccine.code
        assert dictionaries["vax-route"].known(vaccine.route), vaccine.route
        assert dictionaries["vax-site"].known(vaccine.site), vaccine.site
        for disease in vaccine.target_diseases:
            assert dictionaries["vax-disease"].known(disease), disease
    assert dictionaries["vax-reason"].known("immunization_by_calendar")


def _vaccination(**changes: Any) -> Immunization:
    base: dict[str, Any] = {
        "id": "im-1",
        "status": "completed",
        "vaccine": {"code": "DTP", "text": "АКДП"},
        "date": "2011-03-12T08:15:00Z",
        "dose_number": 2,
        "series_doses": 4,
        "target_diseases": ["397430003", "76902006", "27836007", "999999"],
        "lot_number": "AB-1234",
        "manufacturer": "Sanofi Pasteur (Тетраксим)",
        "expiration_date": "2012-01-31",
        "site": "RT",
        "route": "IM",
        "dose_value": 0.5,
        "dose_unit": "мл",
        "reasons": ["immunization_by_calendar"],
        "performer": {"display": "Гайдай Ганна Адамівна"},
    }
    return Immunization.model_validate({**base, **changes})


def test_a_card_reads_in_words() -> None:
    card = _plain(vaccination_card(uk, _vaccination()))
    assert "АКДП (кашлюк, дифтерія, правець)" in card and "Код вакцини: DTP" in card
    assert "Захищає від: дифтерія, правець, кашлюк" in card  # an unknown disease code adds nothing
    assert "Дата: 12.03.2011" in card and "Доза: 2-га доза з 4" in card and "Кількість: 0,5 мл" in card
    assert "Спосіб: внутрішньом’язово" in card and "Місце введення: праве стегно" in card
    assert "Підстава: планове, за календарем щеплень" in card
    assert "Серія вакцини: AB-1234" in card and "Придатна до: 31.01.2012" in card
    assert "Виробник: Sanofi Pasteur (Тетраксим)" in card and "Хто зробив: Гайдай Ганна Адамівна" in card
    assert "Реакцій на щеплення не записано." in card
    _no_raw_codes(card)
    assert "999999" not in card
    english = _plain(vaccination_card(en, _vaccination(reactions=["obs-1"])))
    assert "DTP (whooping cough, diphtheria, tetanus)" in english and "2nd dose of 4" in english
    assert "into a muscle" in english and "right thigh" in english and "a reaction" in english


def test_a_vaccination_not_given_says_so_and_why() -> None:
    refused = _vaccination(not_given=True, reasons=["MEDPREC"], dose_number=None)
    card = _plain(vaccination_card(uk, refused))
    assert "Щеплення не зроблено (12.03.2011)" in card and "Причина: медичні протипоказання" in card
    assert "Реакцій" not in card
    _no_raw_codes(card)
    unknown = _plain(vaccination_card(uk, refused.model_copy(update={"reasons": []})))
    assert "Причина: причину не вказано" in unknown
    assert "Не зроблено (12.03.2011)" in _plain(vaccination_line(uk, 1, refused))


def test_an_unknown_vaccine_keeps_the_registrys_name() -> None:
    line = _plain(vaccination_line(uk, 3, _vaccination(vaccine={"code": "X-NEW", "text": "Нова <вакцина>"})))
    assert line.startswith("3. Нова <вакцина>") and "2-га доза з 4, 12.03.2011" in line
    nameless = _plain(vaccination_line(en, 1, _vaccination(vaccine={"code": "X-NEW"}, dose_number=None)))
    assert nameless.startswith("1. Vaccination") and "X-NEW" not in nameless


def test_the_calendar_marks_what_a_child_missed() -> None:
    born, today = date(2024, 1, 15), date(2024, 9, 1)  # 7½ months: the 6-month doses are overdue
    given = [GivenDose("HepB", born), GivenDose("BCG", date(2024, 1, 19))]
    given += [GivenDose(code, date(2024, 3, 15)) for code in ("DTP", "IPV", "Hib", "HepB")]
    shown = _plain(advice_text(uk, calendar_advice(born, given, today), born, today))
    assert "❗️ Пропущено: АКДП (кашлюк, дифтерія, правець), 2-га доза — належало у 4 місяці (з 15.05.2024)" in shown
    assert "❗️ Пропущено: Гепатит B, 3-тя доза — належало у 6 місяців (з 15.07.2024)" in shown
    assert "Наступне за календарем: КПК (кір, паротит, краснуха), 1-ша доза — у 12 місяців (з 15.01.2025)" in shown
    assert "зроблено" not in shown and uk.get("vax-calendar-missing-hint") in shown
    english = _plain(advice_text(en, calendar_advice(born, given, today), born, today))
    assert "❗️ Missed: Hepatitis B, 3rd dose — due at 6 months (from 15.07.2024)" in english


def test_the_calendar_of_an_adult_is_the_booster_only() -> None:
    born, today = date(1985, 6, 2), date(2026, 3, 1)
    booster = calendar_advice(born, [GivenDose("Td", date(2019, 10, 3))], today)
    shown = _plain(advice_text(uk, booster, born, today))
    assert "✅ Усе, що належить за календарем на ваш вік, зроблено." in shown
    assert "Наступне за календарем: АДП-М (дифтерія, правець), 2-га доза — у 44 роки (з 03.10.2029)" in shown
    nothing = _plain(
        advice_text(uk, calendar_advice(born, [GivenDose("COVID-19", date(2021, 6, 1))], today), born, today)
    )
    assert _plain(uk.get("vax-calendar-adult-no-record")) in nothing and "Пропущено" not in nothing


# End to end ------------------------------------------------------------------------------------------------


async def _open(stack: Stack, patient: Patient, slug: str) -> str:
    await patient.sign_in(person(slug))
    seen = await open_flow(stack, patient, Vaccinations.listing)
    return _plain(seen.text)


async def _all(stack: Stack, patient: Patient) -> list[Immunization]:
    assert stack.run is not None
    listed = await stack.run.backend.list_immunizations(patient.id, page=1, page_size=50)
    return sorted(listed.items, key=lambda item: (item.date, item.id), reverse=True)


@e2e
async def test_maksym_sees_his_vaccinations_newest_first_with_the_calendar_above(
    stack: Stack, patient: Patient
) -> None:
    listing = await _open(stack, patient, "teen_16_read_only")
    vaccinations = await _all(stack, patient)
    assert len(vaccinations) == 21, "the sandbox gives Максим the 21 childhood vaccinations"
    assert patient.last_message().get("has_protected_content") is True

    # The calendar: everything up to 16 is done; the booster is due at 26.
    assert stack.run is not None
    born = (await stack.run.backend.get_me(patient.id)).birth_date
    booster = Age(years=26).on(born).strftime("%d.%m.%Y")
    assert "За календарем щеплень" in listing
    assert "✅ Усе, що належить за календарем на ваш вік, зроблено." in listing
    assert f"Наступне за календарем: АДП-М (дифтерія, правець), 2-га доза — у 26 років (з {booster})" in listing

    assert "Ваші щеплення (сторінка 1 з 5)" in listing
    newest = vaccinations[0]
    assert newest.vaccine.code == "Td"  # the 16-year dose
    assert "1. АДП-М (дифтерія, правець)" in listing and "1-ша доза з 1" in listing
    assert listing.index("За календарем") < listing.index("Ваші щеплення")
    buttons = patient.buttons()
    assert next(label for label in buttons if label[:1].isdigit()).startswith("1. АДП-М")
    assert text("btn-next") in buttons and text("btn-prev") not in buttons and text("btn-back") in buttons

    pages = [listing]
    for _ in range(4):
        pages.append(_plain((await patient.press(text("btn-next"))).text))
        assert patient.last_message().get("has_protected_content") is True
    assert "(сторінка 5 з 5)" in pages[-1] and text("btn-next") not in patient.buttons()
    assert "За календарем" not in pages[1]  # above the first page only
    assert "21. Гепатит B" in pages[-1] and "1-ша доза з 3" in pages[-1]  # the first dose, at birth
    numbered = [int(n) for page in pages for n in re.findall(r"^(\d+)\. ", page, re.MULTILINE)]
    assert numbered == list(range(1, 22))
    for page in pages:
        _no_raw_codes(page)

    # A card: the DTP booster at 18 months.
    position = next(i for i, item in enumerate(vaccinations, 1) if item.vaccine.code == "DTP" and item.dose_number == 4)
    dtp = vaccinations[position - 1]
    while not any(label.startswith(f"{position}. ") for label in patient.buttons()):
        await patient.press(text("btn-prev"))
    label = next(label for label in patient.buttons() if label.startswith(f"{position}. "))
    assert "АКДП" in label
    card = _plain((await patient.press(label)).text)
    assert "Код вакцини: DTP" in card and "4-та доза з 4" in card
    assert "Захищає від: дифтерія, правець, кашлюк" in card
    assert "Спосіб: внутрішньом’язово" in card and "Місце введення: праве стегно" in card
    assert f"Серія вакцини: {dtp.lot_number}" in card and "Виробник: Sanofi Pasteur (Тетраксим)" in card
    assert dtp.performer is not None and f"Хто зробив: {dtp.performer.display}" in card
    _no_raw_codes(card)
    assert patient.last_message().get("has_protected_content") is True
    assert text("vax-btn-back-list") in patient.buttons()
    back = _plain((await patient.press(text("vax-btn-back-list"))).text)
    assert f"Ваші щеплення (сторінка {(position - 1) // 5 + 1} з 5)" in back  # the page the patient came from


@e2e
async def test_a_patient_without_vaccinations_is_told_where_they_come_from(stack: Stack, patient: Patient) -> None:
    listing = await _open(stack, patient, "unverified_adult")
    assert _plain(text("vax-list-none")) in listing
    assert _plain(text("vax-calendar-adult-no-record")) in listing  # an adult: the booster, nothing overdue
    assert "Пропущено" not in listing
    assert [label for label in patient.buttons() if label[:1].isdigit()] == []
    assert text("btn-back") in patient.buttons()


@e2e
async def test_an_adult_with_only_covid_doses_is_not_told_of_missed_childhood_doses(
    stack: Stack, patient: Patient
) -> None:
    listing = await _open(stack, patient, "adult_without_declaration")
    assert "1. COVID-19" in listing and "1-ша доза з 1" in listing
    assert _plain(text("vax-calendar-adult-no-record")) in listing and "Пропущено" not in listing


@e2e
async def test_english_reads_english(stack: Stack, patient: Patient) -> None:
    await patient.sign_in(person("teen_17_capable"))
    await patient.press(text("menu-settings"))
    await patient.press(text("settings-language"))
    await patient.press(text("language-en"))

    listing = _plain((await open_flow(stack, patient, Vaccinations.listing)).text)

    assert "By the vaccination calendar" in listing and "Your vaccinations (page 1 of 5)" in listing
    assert "Next by the calendar: Td (diphtheria, tetanus), 2nd dose — at 26 years" in listing
    assert "Ваші щеплення" not in listing and "Наступне" not in listing
    label = next(label for label in patient.buttons() if label.startswith("1. "))
    card = _plain((await patient.press(label)).text)
    assert "Vaccine code: Td" in card and "Protects from: diphtheria, tetanus" in card and "Захищає" not in card
    assert text("vax-btn-back-list", "en") in patient.buttons()
    _no_raw_codes(card)


@e2e
async def test_a_backend_that_does_not_answer_keeps_the_patient_in_place(
    stack: Stack, patient: Patient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _open(stack, patient, "teen_16_read_only")
    await patient.press(text("btn-next"))
    unreachable = "http://127.0.0.1:9"  # nothing listens there: the connection is refused at once
    try:
        await stack.restart_bot(keep_state=True, backend_url=unreachable)
        down = _plain((await patient.press(text("btn-next"))).text)
        assert _plain(text("error-backend-unavailable")) in down
        assert text("btn-retry") in patient.buttons() and text("btn-back") in patient.buttons()
        assert text("btn-sign-in-allow") not in patient.buttons()
    finally:
        await stack.restart_bot(keep_state=True)
    back = _plain((await patient.press(text("btn-retry"))).text)
    assert "Ваші щеплення (сторінка 3 з 5)" in back  # the page asked for when it failed
    assert text("btn-retry") not in patient.buttons()


@e2e
async def test_a_session_that_does_not_allow_the_medical_record_leads_to_a_new_sign_in(
    stack: Stack, patient: Patient
) -> None:
    maksym = person("teen_16_read_only")
    await patient.sign_in(maksym)
    engine = make_registry_engine(f"sqlite+aiosqlite:///{stack.registry_database}")
    try:
        async with AsyncSession(engine) as session:
            for token in await session.scalars(
                select(RegistryToken).where(RegistryToken.person_id == maksym.person_id)
            ):
                token.scope = " ".join(s for s in token.scope.split() if s != "patient_summary:read")
            await session.commit()
    finally:
        await engine.dispose()

    seen = _plain((await open_flow(stack, patient, Vaccinations.listing)).text)
    assert _plain(text("error-permission-needed-medical-record")) in seen
    assert text("btn-sign-in-allow") in patient.buttons() and text("btn-retry") not in patient.buttons()

    asked = _plain((await patient.press(text("btn-sign-in-allow"))).text)
    assert _plain(text("notice-permission-needed-medical-record")) in asked
    assert patient.has_button(TEXTS_UK["sign_in_button"])
