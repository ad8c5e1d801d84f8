"""Мої рецепти: the words (every dictionary code in both languages, no raw code in a card), the QR code a
pharmacy scans, and end to end: Олена's active and past prescriptions, a card with its dispenses, showing one at
the pharmacy (a protected photo and number, the confirmation code only on an explicit tap), the empty lists of a
patient without prescriptions, a read-only teenager, English, and a backend that does not answer."""

from __future__ import annotations

import html
import io
import logging
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
import pytest_asyncio
import zxingcpp
from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import SendPhoto, TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import BufferedInputFile
from PIL import Image
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.prescriptions_view import (
    MEDICATION_UNITS,
    PERIOD_UNITS,
    PRESCRIPTION_DICTIONARIES,
    mask_request_number,
    unit_slug,
)
from bot.api_models import Dispense, Prescription
from bot.dialogs.common.medicines import amount_text, form_text
from bot.dialogs.common.qr import QR_BORDER, QR_SCALE, qr_png
from bot.dialogs.common.words import dictionary_word
from bot.dialogs.prescriptions import getters
from bot.dialogs.prescriptions.texts import prescription_card, prescription_line
from bot.i18n import LANGUAGES, Locales
from sandbox.registry.core.db import make_engine as make_registry_engine
from sandbox.registry.core.models import Token as RegistryToken
from sandbox.telegram.models import JsonDict
from tests.bot.harness import TEXTS_UK, Patient, Stack, person, text

e2e = pytest.mark.asyncio(loop_scope="module")

LOCALES = Locales()
uk = LOCALES.translator("uk")
en = LOCALES.translator("en")
NUMBER = "0000-243P-1X53-EH38"
# What a patient must never read: dictionary codes, SNOMED route codes, timing and unit codes.
RAW_CODES = ("TABLET", "PILL", "SOLUTION_FOR_INJECTION", "AEROSOL", "26643006", "34206005", "447694001", "78421000",
             "MORN", "PATIENT_REJECT", "MKG", "DOSE", "ACTIVE", "COMPLETED", "EXPIRED", "REJECTED")  # fmt: skip


def _plain(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", value))


# Words -----------------------------------------------------------------------------------------------------

CASES = [
    (dictionary, code, language)
    for dictionary in PRESCRIPTION_DICTIONARIES
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
    assert word and code not in word
    if language == "uk":
        assert html.unescape(word) == dictionary.word(code)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_unit_and_period_has_its_words(language: str) -> None:
    i18n = LOCALES.translator(language)
    for unit in MEDICATION_UNITS:
        slug = unit_slug(unit)
        assert slug is not None and i18n.has(f"rx-amount-{slug}"), unit
        for value in (1, 2, 5, 21, 0.5):
            shown = amount_text(i18n, value, unit)
            assert shown.startswith(("0", "1", "2", "5")), (unit, shown)
            assert unit not in shown or (language, unit) == ("en", "IU"), (unit, shown)  # "IU": English's own
    assert amount_text(i18n, 3, "GRAIN") == "3"  # an unknown unit: the number alone, never the code
    for kind in ("per", "every", "times-every"):
        said = set()
        for unit in PERIOD_UNITS.values():
            rendered, errors = i18n.render(f"rx-frequency-{kind}", times=2, period=3, unit=unit)
            assert not errors, (kind, unit)
            said.add(str(rendered))
        assert len(said) == len(set(PERIOD_UNITS.values())), kind  # each unit its own word


@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_codes_read_neutrally_or_not_at_all(language: str) -> None:
    i18n = LOCALES.translator(language)
    for dictionary in PRESCRIPTION_DICTIONARIES:
        word = dictionary_word(i18n, dictionary, "NEVER_SEEN_CODE")
        assert word is None if dictionary.other is None else (word and "NEVER" not in word)


def _medication(name: str, form: str, strength: tuple[float, str, float, str], quantity: float) -> dict[str, Any]:
    numerator, numerator_unit, denominator, denominator_unit = strength
    return {
        "medication_id": "m-" + form.lower(),
        "name": name,
        "form": form,
        "strength": {
            "numerator_value": numerator,
            "numerator_unit": numerator_unit,
            "denominator_value": denominator,
            "denominator_unit": denominator_unit,
        },
        "quantity": quantity,
    }


def _prescription(**changes: Any) -> Prescription:
    base: dict[str, Any] = {
        "id": "rx-1",
        "request_number": NUMBER,
        "status": "ACTIVE",
        "created_at": "2026-11-20",
        "dispense_valid_from": "2026-11-20",
        "dispense_valid_to": "2026-12-19",
        "medication": _medication("Метформін 500 мг <таблетки>", "TABLET", (500, "MG", 1, "PILL"), 60),
        "program": {"id": "p", "name": "Доступні ліки", "funding_source": "NHS"},
        "doctor": {
            "employee_id": "e",
            "full_name": "Гайдай Ганна Адамівна",
            "first_name": "Ганна",
            "last_name": "Гайдай",
        },
        "division": {"id": "v", "name": "Амбулаторія №1"},
        "legal_entity": {"id": "l", "name": "ЦПМСД №1"},
        "dosage_instructions": [
            {
                "sequence": 1,
                "text": "По 1 таблетці 2 рази на день після їди",
                "frequency": 2,
                "period": 1,
                "period_unit": "d",
                "when": ["MORN", "EVE", "NEVER_SEEN"],
                "route": "26643006",
                "dose": {"value": 1, "unit": "PILL", "code": "PILL"},
            },
            {"sequence": 2, "text": "За потреби при болю", "as_needed": True, "route": "999999999"},
        ],
    }
    return Prescription.model_validate({**base, **changes})


DISPENSE = Dispense.model_validate(
    {
        "id": "d-1",
        "medication_request_id": "rx-1",
        "status": "PROCESSED",
        "dispensed_at": "2026-11-22",
        "pharmacy": {"id": "ph", "name": "Аптека «Подорожник»"},
        "division": {"id": "pd", "name": "Аптека №12", "address": "вул. Городоцька, 1", "settlement": "Львів"},
        "lines": [
            {
                "medication_name": "Діаформін 500",
                "manufacturer": "Фармак",
                "quantity": 30,
                "reimbursement_amount": 110.3,
            }
        ],
        "payment_amount": 10.2,
    }
)


def test_a_card_reads_in_words_with_the_doctors_own_text() -> None:
    card = _plain(prescription_card(uk, _prescription(), [DISPENSE]))
    assert "Метформін 500 мг <таблетки>" in card  # the registry's name, escaped in the HTML
    assert "Форма: таблетки, 500 мг" in card
    assert "Виписано: 60 таблеток" in card
    assert "По 1 таблетці 2 рази на день після їди" in card  # the doctor's words, always
    assert "2 рази на день, вранці, увечері, перорально, разова доза — 1 таблетка" in card
    assert "За потреби при болю\nза потреби" in card  # an unknown route adds nothing
    assert "Діє з 20.11.2026 до 19.12.2026" in card
    assert "договір з НСЗУ" in card and "Лікар: Гайдай Ганна Адамівна" in card
    assert "Статус: Активний" in card and uk.get("rx-card-partly", valid_to="19.12.2026") in card
    assert "22.11.2026 — Аптека «Подорожник»" in card and "Діаформін 500, Фармак: 30 таблеток" in card
    assert "Ви сплатили: 10,20 грн, держава відшкодувала: 110,30 грн" in card
    assert NUMBER in card  # the card is the patient's own, whole
    free = DISPENSE.model_copy(update={"payment_amount": 0.0})
    assert "Для вас — безоплатно, держава відшкодувала: 110,30 грн" in _plain(
        prescription_card(uk, _prescription(), [free])
    )
    for code in (*RAW_CODES, "NEVER_SEEN", "999999999"):
        assert code not in card, code


@pytest.mark.parametrize(
    ("medication", "uk_words", "en_words"),
    [
        (
            _medication("Інсулін", "SOLUTION_FOR_INJECTION", (100, "IU", 1, "ML"), 15),
            "розчин для ін’єкцій, 100 ОД/мл",
            "solution for injection, 100 IU/ml",
        ),
        (
            _medication("Сальбутамол", "AEROSOL_FOR_INHALATION", (100, "MKG", 1, "DOSE"), 200),
            "аерозоль для інгаляцій, 100 мкг/дозу",
            "inhalation aerosol, 100 mcg/dose",
        ),
        (_medication("Х", "MAGIC_FORM", (5, "MG", 1, "PILL"), 10), "5 мг", "5 mg"),
    ],
)
def test_form_and_strength_in_words(medication: dict[str, Any], uk_words: str, en_words: str) -> None:
    prescription = _prescription(medication=medication)
    assert form_text(uk, prescription.medication) == uk_words
    assert form_text(en, prescription.medication) == en_words


def test_a_list_line_hides_the_number_and_flags_the_last_days() -> None:
    line = _plain(prescription_line(uk, 3, _prescription(dispense_valid_to="2026-12-05"), date(2026, 12, 4)))
    assert "3. Метформін" in line and "0000-243P-****-EH38" in line and "1X53" not in line
    assert "залишився 1 день" in line
    rejected = _prescription(status="REJECTED", reject_reason_code="PATIENT_REJECT", rejected_at="2026-11-25")
    past = _plain(prescription_line(en, 1, rejected, date(2026, 12, 4)))
    assert en.get("rx-status-rejected") in past and "Valid until" not in past
    card = _plain(prescription_card(en, rejected, []))
    assert "Withdrawn on 25.11.2026." in card and "Reason: you declined this medicine" in card
    assert "PATIENT_REJECT" not in card


# The QR code -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", [NUMBER, "0000-EM7K-TXX4-K5H3", "ABCD-1234-5678-9XYZ"])
def test_the_qr_code_reads_back_as_exactly_the_number(number: str) -> None:
    png = qr_png(number)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    modules = image.size[0] // QR_SCALE - 2 * QR_BORDER
    assert image.size[0] == image.size[1] and modules in range(21, 178, 4)  # a whole QR code, square
    assert [found.text for found in zxingcpp.read_barcodes(image)] == [number]


def test_the_qr_library_is_not_loaded_until_a_prescription_is_shown() -> None:
    code = "import sys, bot.app, bot.dialogs.prescriptions.dialog; print('segno' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert loaded.stdout.strip() == "False"


# End to end ------------------------------------------------------------------------------------------------


class SentPhotos(BaseRequestMiddleware):
    """The photos the bot uploads, as it sent them (bytes, caption, protect_content)."""

    def __init__(self) -> None:
        self.sent: list[SendPhoto] = []

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Response[TelegramType]:
        if isinstance(method, SendPhoto):
            self.sent.append(method)
        return await make_request(bot, method)


@pytest_asyncio.fixture(loop_scope="module")
async def photos(stack: Stack) -> AsyncIterator[SentPhotos]:
    assert stack.run is not None
    recorder = SentPhotos()
    session = stack.run.bot.session
    session.middleware(recorder)
    yield recorder
    session.middleware.unregister(recorder)


async def _open(patient: Patient, slug: str, language: str = "uk") -> str:
    await patient.sign_in(person(slug))
    seen = await patient.press(text("menu-prescriptions", language))
    return _plain(seen.text)


async def _registry_list(stack: Stack, patient: Patient, status: str) -> list[Prescription]:
    assert stack.run is not None
    listed = await stack.run.backend.list_prescriptions(patient.id, status=status, page=1, page_size=50)
    return listed.items


def _shown(patient: Patient) -> JsonDict:
    return patient.last_message()


@e2e
async def test_olena_sees_her_active_prescriptions_pages_them_and_opens_one(
    stack: Stack, patient: Patient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(getters, "PAGE_SIZE", 2)  # Олена has more active prescriptions than that
    listing = await _open(patient, "adult_with_declaration")
    active = await _registry_list(stack, patient, "ACTIVE")
    assert len(active) > 2, "the sandbox gives Олена several active prescriptions"

    pages = (len(active) + 1) // 2
    assert f"Ваші активні рецепти (сторінка 1 з {pages})" in listing
    assert _shown(patient).get("has_protected_content") is True
    first = active[0]
    assert first.medication.name in listing
    assert _plain(form_text(uk, first.medication) or "") in listing
    assert first.dispense_valid_to.strftime("%d.%m.%Y") in listing and first.program.name in listing
    assert first.request_number not in listing  # lists show the number half hidden
    buttons = patient.buttons()
    assert f"1. {first.medication.name}"[:30] in "\n".join(buttons)
    assert text("rx-btn-past") in buttons and text("btn-next") in buttons and text("btn-back") in buttons
    assert text("btn-prev") not in buttons

    second = _plain((await patient.press(text("btn-next"))).text)
    assert f"(сторінка 2 з {pages})" in second and active[2].medication.name in second
    assert text("btn-prev") in patient.buttons()
    await patient.press(text("btn-prev"))

    label = next(label for label in patient.buttons() if label.startswith("1. "))
    card = _plain((await patient.press(label)).text)
    assert first.medication.name in card and first.request_number in card
    assert "Як приймати:" in card and first.dosage_instructions[0].text.strip() in card
    assert text("rx-status-active") in card
    for code in RAW_CODES:
        assert code not in card, code
    assert _shown(patient).get("has_protected_content") is True
    assert text("rx-btn-pharmacy") in patient.buttons() and text("rx-btn-back-list") in patient.buttons()
    await patient.press(text("rx-btn-back-list"))
    assert "Ваші активні рецепти" in _plain(_shown(patient)["text"])


@e2e
async def test_a_partly_dispensed_prescription_shows_its_dispenses(stack: Stack, patient: Patient) -> None:
    await _open(patient, "adult_with_declaration")
    assert stack.run is not None
    backend = stack.run.backend
    served: list[tuple[int, Prescription, list[Dispense]]] = []
    for index, item in enumerate(await _registry_list(stack, patient, "ACTIVE")):
        dispenses = (await backend.list_dispenses(patient.id, item.id)).items
        if any(dispense.status == "PROCESSED" for dispense in dispenses):
            served.append((index, item, dispenses))
    assert served, "the sandbox gives Олена a partly dispensed active prescription"
    index, item, dispenses = served[0]
    while f"{index + 1}. " not in "".join(patient.buttons()):
        await patient.press(text("btn-next"))
    label = next(label for label in patient.buttons() if label.startswith(f"{index + 1}. "))
    card = _plain((await patient.press(label)).text)
    assert text("rx-card-partly", valid_to=item.dispense_valid_to) in card
    assert text("rx-card-dispenses") in card
    processed = next(dispense for dispense in dispenses if dispense.status == "PROCESSED")
    assert processed.dispensed_at.strftime("%d.%m.%Y") in card and processed.pharmacy.name in card
    assert processed.lines[0].medication_name in card and " грн" in card


@e2e
async def test_showing_a_prescription_at_the_pharmacy(
    stack: Stack, patient: Patient, photos: SentPhotos, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await _open(patient, "adult_with_declaration")
    first = (await _registry_list(stack, patient, "ACTIVE"))[0]
    label = next(label for label in patient.buttons() if label.startswith("1. "))
    await patient.press(label)

    shown = await patient.press(text("rx-btn-pharmacy"))

    photo = next(message for message in shown.messages if "photo" in message)
    assert photo.get("has_protected_content") is True
    assert first.request_number in photo["caption"] and first.medication.name in photo["caption"]
    assert any(entity["type"] == "code" for entity in photo.get("caption_entities", []))
    assert len(photos.sent) == 1 and photos.sent[0].protect_content is True
    upload = photos.sent[0].photo
    assert isinstance(upload, BufferedInputFile)
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(upload.data)))
    assert [found.text for found in decoded] == [first.request_number]
    # The dialog goes on below the photo, protected too; the confirmation code is not shown yet.
    window = _shown(patient)
    assert window["message_id"] > photo["message_id"] and window.get("has_protected_content") is True
    assert text("rx-pharmacy-window") in _plain(window["text"])
    assert text("rx-btn-code") in patient.buttons()
    assert "Код підтвердження:" not in patient.all_text()

    assert stack.run is not None
    code = (await stack.run.backend.get_verification_code(patient.id, first.id)).verification_code
    assert f": {code}" not in _plain(patient.all_text())  # a few digits: they may well occur in a date
    revealed = _plain((await patient.press(text("rx-btn-code"))).text)
    assert text("rx-code-warning") in revealed and f"Код підтвердження: {code}" in revealed
    assert _shown(patient).get("has_protected_content") is True

    back = _plain((await patient.press(text("rx-btn-back-card"))).text)
    assert first.request_number in back and text("rx-btn-pharmacy") in patient.buttons()
    await patient.press(text("rx-btn-back-list"))
    assert "Ваші активні рецепти" in _plain(_shown(patient)["text"])
    # Nothing medical in the logs, even at DEBUG: no number, no code, no medicine.
    assert caplog.records, "the logs were not captured"
    for secret in (first.request_number, first.medication.name):
        assert secret not in caplog.text
    # The code is a few digits (they occur in any log by chance): never as a value in a log line.
    assert not re.search(rf"(?:(?<!\.py):|[='\"])\s*{code}\b", caplog.text)  # not a "file.py:line"


@e2e
async def test_past_prescriptions_are_dispensed_expired_and_withdrawn_ones(stack: Stack, patient: Patient) -> None:
    await _open(patient, "adult_with_declaration")
    past = _plain((await patient.press(text("rx-btn-past"))).text)
    assert "Минулі рецепти" in past
    for status in ("rx-status-completed", "rx-status-expired", "rx-status-rejected"):
        assert text(status) in past, status
    assert text("rx-btn-active") in patient.buttons() and text("rx-btn-past") not in patient.buttons()
    ended = await _registry_list(stack, patient, "past")
    assert {item.status for item in ended} >= {"COMPLETED", "EXPIRED", "REJECTED"}

    rejected = next(index for index, item in enumerate(ended) if item.status == "REJECTED")
    while f"{rejected + 1}. " not in "".join(patient.buttons()):
        await patient.press(text("btn-next"))
    label = next(label for label in patient.buttons() if label.startswith(f"{rejected + 1}. "))
    card = _plain((await patient.press(label)).text)
    assert text("rx-status-rejected") in card and "Причина:" in card
    assert text("rx-btn-pharmacy") not in patient.buttons()  # nothing to show at a pharmacy
    for code in RAW_CODES:
        assert code not in card, code

    # A completed one lists its dispenses (one of Олена's has two).
    await patient.press(text("rx-btn-back-list"))
    assert stack.run is not None
    counts = [len((await stack.run.backend.list_dispenses(patient.id, item.id)).items) for item in ended]
    assert max(counts) >= 2


@e2e
async def test_a_patient_without_prescriptions_is_told_what_to_do(stack: Stack, patient: Patient) -> None:
    listing = await _open(patient, "adult_without_declaration")
    assert _plain(text("rx-active-none")) in listing
    assert [label for label in patient.buttons() if label[:1].isdigit()] == []
    past = _plain((await patient.press(text("rx-btn-past"))).text)
    assert _plain(text("rx-past-none")) in past
    assert text("btn-back") in patient.buttons()


@e2e
async def test_a_read_only_teenager_sees_his_own_prescription(stack: Stack, patient: Patient) -> None:
    listing = await _open(patient, "teen_16_read_only")
    active = await _registry_list(stack, patient, "ACTIVE")
    assert len(active) == 1
    assert active[0].medication.name in listing
    label = next(label for label in patient.buttons() if label.startswith("1. "))
    card = _plain((await patient.press(label)).text)
    assert _plain(form_text(uk, active[0].medication) or "-") in card
    assert form_text(uk, active[0].medication), "the sandbox's form code has no words"
    for code in RAW_CODES:
        assert code not in card, code


@e2e
async def test_english_reads_english(stack: Stack, patient: Patient) -> None:
    await patient.sign_in(person("adult_with_declaration"))
    await patient.press(text("menu-settings"))
    await patient.press(text("settings-language"))
    await patient.press(text("language-en"))
    await patient.send("/menu")

    listing = _plain((await patient.press(text("menu-prescriptions", "en"))).text)

    assert "Your active prescriptions" in listing and "Ваші активні" not in listing
    label = next(label for label in patient.buttons() if label.startswith("1. "))
    card = _plain((await patient.press(label)).text)
    assert "How to take it:" in card and "Status: Active" in card and "Як приймати" not in card
    assert text("rx-btn-pharmacy", "en") in patient.buttons()
    for code in RAW_CODES:
        assert code not in card, code


@e2e
async def test_a_session_that_ended_asks_to_sign_in_again(stack: Stack, patient: Patient) -> None:
    await patient.sign_in(person("adult_with_declaration"))
    assert stack.run is not None
    await stack.run.backend.sign_out(patient.id)  # e.g. signed out from another device

    seen = await patient.press(text("menu-prescriptions"))

    assert text("error-not-linked") in seen.text
    assert patient.has_button(TEXTS_UK["sign_in_button"])


@e2e
async def test_a_session_that_does_not_allow_prescriptions_leads_to_a_new_sign_in(
    stack: Stack, patient: Patient
) -> None:
    # A patient who signed in before the cabinet asked for prescriptions: eHealth's session lacks those scopes.
    olena = person("adult_with_declaration")
    await patient.sign_in(olena)
    engine = make_registry_engine(f"sqlite+aiosqlite:///{stack.registry_database}")
    try:
        async with AsyncSession(engine) as session:
            for token in await session.scalars(select(RegistryToken).where(RegistryToken.person_id == olena.person_id)):
                token.scope = " ".join(s for s in token.scope.split() if not s.startswith("medication_"))
            await session.commit()
    finally:
        await engine.dispose()

    seen = _plain((await patient.press(text("menu-prescriptions"))).text)
    assert _plain(text("error-permission-needed")) in seen
    assert text("btn-sign-in-allow") in patient.buttons() and text("btn-retry") not in patient.buttons()

    asked = _plain((await patient.press(text("btn-sign-in-allow"))).text)
    assert _plain(text("notice-permission-needed")) in asked
    assert patient.has_button(TEXTS_UK["sign_in_button"])  # the sign-in link, to allow it on eHealth's page


@e2e
async def test_a_backend_that_does_not_answer_keeps_the_patient_in_place(stack: Stack, patient: Patient) -> None:
    await _open(patient, "adult_with_declaration")
    unreachable = "http://127.0.0.1:9"  # nothing listens there: the connection is refused at once
    try:
        await stack.restart_bot(keep_state=True, backend_url=unreachable)
        down = _plain((await patient.press(text("rx-btn-past"))).text)
        assert _plain(text("error-backend-unavailable")) in down
        assert text("btn-retry") in patient.buttons() and text("btn-back") in patient.buttons()
    finally:
        await stack.restart_bot(keep_state=True)
    back = _plain((await patient.press(text("btn-retry"))).text)
    assert "Минулі рецепти" in back
    assert text("btn-retry") not in patient.buttons()


@e2e
async def test_inline_mode_shows_nothing_of_a_prescription(stack: Stack, patient: Patient) -> None:
    """Inline results go into other chats: a prescription is never among them, whatever the patient types."""
    await _open(patient, "adult_with_declaration")
    prescriptions = await _registry_list(stack, patient, "ACTIVE")
    for query in (prescriptions[0].medication.name, "рецепт", prescriptions[0].request_number):
        asked = patient.act.inline_query(query)
        if asked.update_id is not None:
            await stack.handled(asked.update_id)
        assert asked.inline_query_id is not None
        results = str((patient.act.bot.inline_queries[asked.inline_query_id].answer or {}).get("results", []))
        for item in prescriptions:
            assert mask_request_number(item.request_number) not in results
            assert item.program.name not in results
            assert all(instruction.text not in results for instruction in item.dosage_instructions)
