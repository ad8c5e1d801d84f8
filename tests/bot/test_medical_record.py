"""Медична картка: the words (every dictionary code in both languages, no raw code on any screen), and end to
end: Олена's overview (allergies first, diagnoses with code and name, the last visit, a result above its range,
open referrals without their numbers), paging her visits, an allergy's, a diagnosis's and a visit's card,
Андрій's sparse record, a read-only teenager, English, a registry and a backend that fail, a session that does
not allow the record, and every window protected."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.medical_record_view import MEDICAL_RECORD_DICTIONARIES, Dictionary
from backend.registry.ehealth import EHealthRegistry
from backend.registry.errors import RegistryUnavailable
from bot.api_models import Allergy, Condition, Encounter, RecordOverview
from bot.dialogs.common.words import dictionary_word
from bot.dialogs.medical_record import getters
from bot.dialogs.medical_record.texts import allergy_card, condition_card, overview_text, visit_card
from bot.i18n import LANGUAGES, Locales
from sandbox.registry.core.db import make_engine as make_registry_engine
from sandbox.registry.core.models import Token as RegistryToken
from tests.bot.harness import TEXTS_UK, Patient, Stack, person, text

e2e = pytest.mark.asyncio(loop_scope="module")

LOCALES = Locales()
uk = LOCALES.translator("uk")
en = LOCALES.translator("en")

# The codes the sandbox's seed writes into the records (sandbox/registry/summary/shapes.py,
# sandbox/registry/seeding/medical_records.py): none may reach a patient as it is.
SEEDED = {
    "allergy status": ("active",),
    "allergy verification": ("confirmed",),
    "allergy type": ("allergy",),
    "allergy category": ("medication", "environment"),
    "allergy criticality": ("high", "low"),
    "condition status": ("active", "resolved"),
    "condition verification": ("confirmed", "provisional"),
    "visit class": ("PHC",),
    "visit type": ("AMB",),
    "speciality": ("FAMILY_DOCTOR", "THERAPIST", "PEDIATRICIAN"),
    "diagnosis role": ("primary",),
    "code system": ("eHealth/ICD10_AM/condition_codes", "eHealth/ICPC2/condition_codes"),
}
# Latin words that have no business in a Ukrainian screen (any case): the seed's codes.
RAW_WORDS = re.compile(
    r"\b(active|resolved|confirmed|provisional|allergy|medication|environment|high|low|normal|primary|finished|"
    r"phc|amb|family_doctor|therapist|pediatrician|valid|routine|order)\b",
    re.IGNORECASE,
)
# Codes an English screen must not show either (its own words may say "high" or "active").
RAW_CODES = ("PHC", "AMB", "FAMILY_DOCTOR", "PEDIATRICIAN", "THERAPIST", "HIGH", "LOW", "NORMAL", "eHealth/", "_")


def _plain(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", value))


def _no_raw_codes(shown: str, language: str = "uk") -> None:
    if language == "uk":
        assert not RAW_WORDS.search(shown), RAW_WORDS.search(shown)
    for code in RAW_CODES:
        assert code not in shown, code


# Words -----------------------------------------------------------------------------------------------------

CASES = [
    (dictionary, code, language)
    for dictionary in MEDICAL_RECORD_DICTIONARIES
    for code in dictionary.words
    for language in LANGUAGES
]


@pytest.mark.parametrize(
    ("dictionary", "code", "language"), CASES, ids=[f"{d.prefix}:{c}:{lang}" for d, c, lang in CASES]
)
def test_every_code_reads_as_a_word_in_both_languages(dictionary: Dictionary, code: str, language: str) -> None:
    i18n = LOCALES.translator(language)
    key = dictionary.key(code)
    assert key is not None and i18n.has(key), key  # its own text in this language, not the Ukrainian fallback
    word = dictionary_word(i18n, dictionary, code)
    assert word
    if code.isupper() or "_" in code or "/" in code:  # FHIR's lowercase codes are English words themselves
        assert code not in word
    if language == "uk":
        assert code not in word
        assert html.unescape(word) == dictionary.word(code)  # one dictionary: the rules say the same


@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_codes_read_neutrally_or_not_at_all(language: str) -> None:
    i18n = LOCALES.translator(language)
    for dictionary in MEDICAL_RECORD_DICTIONARIES:
        word = dictionary_word(i18n, dictionary, "NEVER_SEEN_CODE")
        if dictionary.other is None:
            assert word is None
        else:
            assert dictionary.other_key is not None and i18n.has(dictionary.other_key)
            assert word and "NEVER" not in word


def test_every_code_the_seed_writes_has_its_word() -> None:
    by_name = {
        "allergy status": "mr-allergy-status",
        "allergy verification": "mr-allergy-verification",
        "allergy type": "mr-allergy-type",
        "allergy category": "mr-allergy-category",
        "allergy criticality": "mr-allergy-criticality",
        "condition status": "mr-condition-status",
        "condition verification": "mr-condition-verification",
        "visit class": "mr-visit-class",
        "visit type": "mr-visit-type",
        "speciality": "mr-speciality",
        "diagnosis role": "mr-diagnosis-role",
        "code system": "mr-code-system",
    }
    dictionaries = {dictionary.prefix: dictionary for dictionary in MEDICAL_RECORD_DICTIONARIES}
    for name, codes in SEEDED.items():
        dictionary = dictionaries[by_name[name]]
        for code in codes:
            assert dictionary.known(code) is not None, (name, code)


DOCTOR = {"id": "e-1", "display": "Гайдай Ганна Адамівна", "kind": "employee"}


def _allergy(**changes: Any) -> Allergy:
    base: dict[str, Any] = {
        "id": "a-1",
        "code": {"code": "91936005", "system": "eHealth/allergy_intolerance_codes", "text": "Алергія на <пеніцилін>"},
        "clinical_status": "active",
        "verification_status": "confirmed",
        "type": "allergy",
        "category": "medication",
        "criticality": "high",
        "onset": "2009-05-12T00:00:00Z",
        "asserted_date": "2023-12-01T10:20:00Z",
        "asserter": DOCTOR,
    }
    return Allergy.model_validate({**base, **changes})


def _condition(**changes: Any) -> Condition:
    base: dict[str, Any] = {
        "id": "c-1",
        "code": {"code": "I10", "system": "eHealth/ICD10_AM/condition_codes", "text": "Есенціальна гіпертензія"},
        "clinical_status": "active",
        "verification_status": "provisional",
        "onset_date": "2023-12-01",
        "asserted_date": "2024-01-10",
        "asserter": DOCTOR,
    }
    return Condition.model_validate({**base, **changes})


def test_an_allergy_card_reads_in_words() -> None:
    card = _plain(allergy_card(uk, _allergy()))
    assert card.startswith("⚠️ Алергія на <пеніцилін>")  # the registry's name, escaped in the HTML
    assert "Код: 91936005" in card and "На що: ліки" in card and "висока небезпека" in card
    assert "Статус: актуальна, підтверджена" in card and "Уперше: 12.05.2009" in card
    assert "Хто вніс: Гайдай Ганна Адамівна" in card and _plain(uk.get("mr-allergy-card-high-hint")) in card
    _no_raw_codes(card.replace("91936005", ""))
    odd = _plain(allergy_card(en, _allergy(category="SPACE_DUST", criticality="weird", clinical_status="x")))
    assert "SPACE_DUST" not in odd and "weird" not in odd
    assert "Caused by: other" in odd and "risk not assessed" in odd and "status not given" in odd


def test_a_diagnosis_card_shows_code_and_name_and_its_state_in_words() -> None:
    card = _plain(condition_card(uk, _condition()))
    assert card.startswith("I10 — Есенціальна гіпертензія")
    assert "Класифікація: МКХ-10-АМ" in card and "Стан: активний" in card and "Діагноз: попередній" in card
    assert "Початок: 01.12.2023" in card and _plain(uk.get("mr-diagnosis-card-active-hint")) in card
    past = _plain(condition_card(en, _condition(clinical_status="resolved", verification_status="refuted")))
    assert "State: resolved" in past and "Diagnosis: refuted" in past and "Classification: ICD-10-AM" in past
    _no_raw_codes(card)


def test_a_visit_card_names_the_diagnoses_recorded_at_it() -> None:
    visit = Encounter.model_validate(
        {
            "id": "v-1",
            "status": "finished",
            "start": "2026-09-06T09:17:00Z",
            "encounter_class": "PHC",
            "type": "AMB",
            "performer_speciality": "FAMILY_DOCTOR",
            "division": {"display": "Амбулаторія №1"},
            "reasons": [{"code": "T90", "text": "Діабет"}],
        }
    )
    card = _plain(visit_card(uk, visit, "Цукровий діабет 2 типу", [_condition()]))
    assert "Візит 06.09.2026 о 12:17" in card  # Kyiv time
    assert "Вид: прийом у закладі, первинна допомога" in card and "Спеціальність лікаря: сімейний лікар" in card
    assert "Заклад: Амбулаторія №1" in card and "Випадок лікування: Цукровий діабет 2 типу" in card
    assert "• T90 — Діабет" in card and "• I10 — Есенціальна гіпертензія" in card
    _no_raw_codes(card)
    unknown = visit.model_copy(update={"type": "zz", "encounter_class": "QQ", "performer_speciality": "ZZZ"})
    odd = _plain(visit_card(en, unknown, None, []))
    assert "Kind: doctor’s appointment" in odd and "Doctor’s speciality: doctor" in odd
    assert "zz" not in odd and "QQ" not in odd and "ZZZ" not in odd


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_empty_record_gets_a_kind_line(language: str) -> None:
    i18n = LOCALES.translator(language)
    shown = overview_text(i18n, RecordOverview())
    assert i18n.get("mr-empty") in shown
    assert i18n.get("mr-allergies-none") not in shown  # one kind line, not a column of "none"


# End to end ------------------------------------------------------------------------------------------------


async def _open(patient: Patient, slug: str, language: str = "uk") -> str:
    await patient.sign_in(person(slug))
    seen = await patient.press(text("menu-medical-record", language))
    return _plain(seen.text)


def _all_protected(patient: Patient) -> None:
    """Every message of the record the bot sent is protected (the sign-in, menu and greeting are not medical)."""
    record = [
        message
        for message in patient.bot_messages()
        if any(mark in message.get("text", "") for mark in ("Медична картка", "медична картка", "medical record"))
        or any(label in patient.buttons(message) for label in (text("mr-btn-overview"), text("mr-btn-overview", "en")))
    ]
    assert record, "no message of the record was seen"
    for message in record:
        assert message.get("has_protected_content") is True, message.get("text", "")[:40]


@e2e
async def test_olenas_overview_shows_allergies_first_then_diagnoses_visit_results_referrals(
    stack: Stack, patient: Patient
) -> None:
    shown = await _open(patient, "adult_with_declaration")
    assert stack.run is not None
    overview = await stack.run.backend.get_record_overview(patient.id)

    allergies = shown.index(_plain(text("mr-section-allergies")))
    assert allergies < shown.index(_plain(text("mr-section-diagnoses")))
    assert "⚠️ Алергія на пеніцилін — ліки, висока небезпека" in shown
    assert "⚠️ Алергія на пилок берези — довкілля, низька небезпека" in shown
    assert shown.index("Алергія на пеніцилін") < shown.index(_plain(text("mr-section-diagnoses")))
    assert "• I10 — Есенціальна (первинна) гіпертензія" in shown
    assert "• E11.9 — Цукровий діабет 2 типу без ускладнень" in shown
    assert overview.last_visit is not None
    assert f"{overview.last_visit.start.strftime('%d.%m.%Y')} — прийом у закладі, сімейний лікар" in shown
    assert "Глікований гемоглобін (HbA1c): 6,9 % ⬆️ вище норми" in shown
    assert "(у межах норми)" in shown
    referrals = [item for item in overview.open_referrals if item.is_open]
    assert len(referrals) == 3
    for referral in referrals:
        assert f"• {referral.service.display} — дійсне до" in shown
        assert referral.requisition not in shown  # the number stays in «Направлення»
    _no_raw_codes(shown)
    buttons = patient.buttons()
    for key in ("mr-btn-allergies", "mr-btn-diagnoses", "mr-btn-visits", "mr-btn-lab-results",
                "mr-btn-vaccinations", "mr-btn-referrals", "mr-btn-extract", "btn-back"):  # fmt: skip
        assert text(key) in buttons, key
    assert text("btn-retry") not in buttons and text("btn-sign-in-allow") not in buttons
    assert patient.last_message().get("has_protected_content") is True


@e2e
async def test_paging_through_olenas_visits_and_opening_one(
    stack: Stack, patient: Patient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(getters, "PAGE_SIZE", 5)
    await _open(patient, "adult_with_declaration")
    assert stack.run is not None
    visits = (await stack.run.backend.list_encounters(patient.id, page=1, page_size=50)).items
    assert len(visits) == 16
    first = _plain((await patient.press(text("mr-btn-visits"))).text)
    assert "Візити до лікаря (сторінка 1 з 4)" in first
    assert f"1. {visits[0].start.strftime('%d.%m.%Y')} — прийом у закладі, сімейний лікар" in first
    assert "Випадок: Цукровий діабет 2 типу" in first
    assert text("btn-next") in patient.buttons() and text("btn-prev") not in patient.buttons()

    second = _plain((await patient.press(text("btn-next"))).text)
    assert "(сторінка 2 з 4)" in second and f"6. {visits[5].start.strftime('%d.%m.%Y')}" in second
    await patient.press(text("btn-next"))
    last = _plain((await patient.press(text("btn-next"))).text)
    assert "(сторінка 4 з 4)" in last and f"16. {visits[15].start.strftime('%d.%m.%Y')}" in last
    assert text("btn-next") not in patient.buttons() and text("btn-prev") in patient.buttons()
    for _ in range(3):
        await patient.press(text("btn-prev"))

    label = next(label for label in patient.buttons() if "ГРВІ" in label)  # the cold of last spring
    cold = int(label.split(".")[0]) - 1
    card = _plain((await patient.press(label)).text)
    assert f"Візит {visits[cold].start.strftime('%d.%m.%Y')}" in card
    assert "Вид: прийом у закладі, первинна допомога" in card and "Спеціальність лікаря: сімейний лікар" in card
    assert "Випадок лікування: ГРВІ" in card
    assert "• J06.9 — Гостра інфекція верхніх дихальних шляхів, неуточнена" in card  # recorded at this visit
    _no_raw_codes(card)
    assert patient.last_message().get("has_protected_content") is True
    back = _plain((await patient.press(text("mr-btn-back-visits"))).text)
    assert "Візити до лікаря (сторінка 1 з 4)" in back
    _all_protected(patient)


@e2e
async def test_an_allergy_card_and_a_diagnosis_card(stack: Stack, patient: Patient) -> None:
    await _open(patient, "adult_with_declaration")
    listing = _plain((await patient.press(text("mr-btn-allergies"))).text)
    assert "Алергії (сторінка 1 з 1)" in listing and "ліки, висока небезпека, актуальна" in listing
    label = next(label for label in patient.buttons() if "пеніцилін" in label)
    card = _plain((await patient.press(label)).text)
    assert card.startswith("⚠️ Алергія на пеніцилін")
    assert "Код: 91936005" in card and "Вид: алергія" in card and "На що: ліки" in card
    assert "Статус: актуальна, підтверджена" in card and "Уперше: 12.05.2009" in card
    assert "Хто вніс:" in card and _plain(text("mr-allergy-card-high-hint")) in card
    _no_raw_codes(card)
    await patient.press(text("mr-btn-overview"))

    listing = _plain((await patient.press(text("mr-btn-diagnoses"))).text)
    assert "Діагнози (сторінка 1 з 1)" in listing
    # Active first: the resolved cold comes last.
    assert listing.index("I10 —") < listing.index("J06.9 —") and listing.index("E11.9 —") < listing.index("J06.9 —")
    assert "одужання, підтверджений" in listing and "активний, попередній" in listing
    _no_raw_codes(listing)
    label = next(label for label in patient.buttons() if label.split(". ", 1)[-1].startswith("I10"))
    card = _plain((await patient.press(label)).text)
    assert card.startswith("I10 — Есенціальна (первинна) гіпертензія")
    assert "Класифікація: МКХ-10-АМ" in card and "Стан: активний" in card and "Діагноз: підтверджений" in card
    assert "Хто вніс:" in card and "Внесено до картки:" in card
    _no_raw_codes(card)
    await patient.press(text("mr-btn-back-diagnoses"))
    _all_protected(patient)


@e2e
async def test_andrii_sparse_record_reads_kindly(stack: Stack, patient: Patient) -> None:
    shown = await _open(patient, "adult_without_declaration")
    assert _plain(text("mr-allergies-none")) in shown and _plain(text("mr-diagnoses-none")) in shown
    assert "— прийом у закладі, терапевт" in shown
    assert "Маса тіла: 79 кг" in shown and _plain(text("mr-referrals-none")) in shown
    _no_raw_codes(shown)
    allergies = _plain((await patient.press(text("mr-btn-allergies"))).text)
    assert _plain(text("mr-allergies-empty")) in allergies
    assert [label for label in patient.buttons() if label[:1].isdigit()] == []
    await patient.press(text("mr-btn-overview"))
    diagnoses = _plain((await patient.press(text("mr-btn-diagnoses"))).text)
    assert "Z00.0 — Загальний медичний огляд" in diagnoses and "одужання" in diagnoses
    _all_protected(patient)


@e2e
async def test_a_read_only_teenager_opens_his_record(stack: Stack, patient: Patient) -> None:
    shown = await _open(patient, "teen_16_read_only")
    assert "• J45.9 — Астма, неуточнена" in shown and "— прийом у закладі, педіатр" in shown
    assert "Спірометрія — дійсне до" in shown and _plain(text("mr-allergies-none")) in shown
    assert text("error-generic") not in patient.all_text()
    _no_raw_codes(shown)
    visits = _plain((await patient.press(text("mr-btn-visits"))).text)
    assert "Випадок: Бронхіальна астма" in visits
    _all_protected(patient)


@e2e
async def test_english_reads_english(stack: Stack, patient: Patient) -> None:
    await patient.sign_in(person("adult_with_declaration"))
    await patient.press(text("menu-settings"))
    await patient.press(text("settings-language"))
    await patient.press(text("language-en"))
    await patient.send("/menu")

    shown = _plain((await patient.press(text("menu-medical-record", "en"))).text)
    assert "Your medical record" in shown and "Алергії" not in shown
    assert "⚠️ Алергія на пеніцилін — medicines, high risk" in shown
    assert "• I10 — Есенціальна (первинна) гіпертензія" in shown and "visit at the clinic, family doctor" in shown
    assert "6.9 % ⬆️ above normal" in shown and "— valid until" in shown
    _no_raw_codes(shown, "en")
    listing = _plain((await patient.press(text("mr-btn-diagnoses", "en"))).text)
    assert "Diagnoses (page 1 of 1)" in listing and "active, provisional" in listing
    _no_raw_codes(listing, "en")
    _all_protected(patient)


@e2e
async def test_a_registry_that_fails_keeps_the_patient_in_place(
    stack: Stack, patient: Patient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _open(patient, "adult_with_declaration")
    await patient.press(text("mr-btn-visits"))
    await patient.press(text("btn-next"))

    async def down(*args: object, **kwargs: object) -> None:
        raise RegistryUnavailable()

    with monkeypatch.context() as patched:
        patched.setattr(EHealthRegistry, "list_encounters", down)
        failed = _plain((await patient.press(text("btn-prev"))).text)
        assert _plain(text("error-registry-unavailable")) in failed
        assert text("btn-retry") in patient.buttons() and text("mr-btn-overview") in patient.buttons()
        assert text("btn-sign-in-allow") not in patient.buttons()
        assert patient.last_message().get("has_protected_content") is True
    back = _plain((await patient.press(text("btn-retry"))).text)
    assert "Візити до лікаря (сторінка 1 з 4)" in back  # the same place, the page it was asked for
    assert text("btn-retry") not in patient.buttons()


@e2e
async def test_a_backend_that_does_not_answer_keeps_the_patient_in_place(stack: Stack, patient: Patient) -> None:
    await _open(patient, "adult_with_declaration")
    unreachable = "http://127.0.0.1:9"  # nothing listens there: the connection is refused at once
    try:
        await stack.restart_bot(keep_state=True, backend_url=unreachable)
        down = _plain((await patient.press(text("mr-btn-diagnoses"))).text)
        assert _plain(text("error-backend-unavailable")) in down
        assert text("btn-retry") in patient.buttons() and text("mr-btn-overview") in patient.buttons()
    finally:
        await stack.restart_bot(keep_state=True)
    back = _plain((await patient.press(text("btn-retry"))).text)
    assert "Діагнози (сторінка 1 з 1)" in back
    assert text("btn-retry") not in patient.buttons()


@e2e
async def test_a_session_that_does_not_allow_the_record_leads_to_a_new_sign_in(stack: Stack, patient: Patient) -> None:
    # A patient who signed in before the cabinet asked for the record: eHealth's session lacks those scopes.
    olena = person("adult_with_declaration")
    await patient.sign_in(olena)
    engine = make_registry_engine(f"sqlite+aiosqlite:///{stack.registry_database}")
    try:
        async with AsyncSession(engine) as session:
            for token in await session.scalars(select(RegistryToken).where(RegistryToken.person_id == olena.person_id)):
                token.scope = " ".join(
                    s for s in token.scope.split() if s not in ("patient_summary:read", "service_request:read")
                )
            await session.commit()
    finally:
        await engine.dispose()

    seen = _plain((await patient.press(text("menu-medical-record"))).text)
    assert _plain(text("error-permission-needed-medical-record")) in seen
    assert text("btn-sign-in-allow") in patient.buttons() and text("btn-retry") not in patient.buttons()
    assert patient.last_message().get("has_protected_content") is True

    asked = _plain((await patient.press(text("btn-sign-in-allow"))).text)
    assert _plain(text("notice-permission-needed-medical-record")) in asked
    assert patient.has_button(TEXTS_UK["sign_in_button"])  # the sign-in link, to allow it on eHealth's page


@e2e
async def test_each_section_of_the_overview_opens_and_comes_back(stack: Stack, patient: Patient) -> None:
    # The overview starts the other flows of the record (lab results, vaccinations, referrals, the extract):
    # each opens with its own first window and «Назад» returns to the overview, never a dead button.
    await _open(patient, "adult_with_declaration")
    sections = {
        "mr-btn-lab-results": "Ваші аналізи та вимірювання",
        "mr-btn-vaccinations": "щеплен",
        "mr-btn-referrals": "Ваші направлення",
        "mr-btn-extract": "Виписка з медичної картки",
    }
    for button, fragment in sections.items():
        opened = await patient.press(text(button))
        assert fragment in _plain(opened.text), button
        assert patient.last_message().get("has_protected_content") is True, button
        back = await patient.press(text("btn-back"))
        assert _plain(text("mr-title")) in _plain(back.text), button
