"""Виписка з медичної картки: the PDF builder (A4, page numbers, wrapping, any Ukrainian or English text, a glyph
the font lacks), the extract's words (codes as words, the tax id never whole, "none recorded" lines), fpdf and
matplotlib kept out of the bot at rest, and end to end: Олена's extract in Ukrainian and in English, Максим's
vaccinations, a protected document named by the day only, and the failures (the backend, a permission not given,
Telegram refusing the file) that keep the patient in place."""

from __future__ import annotations

import asyncio
import io
import logging
import re
import subprocess
import sys
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
from aiogram_dialog import ShowMode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.registry.settings import RECORD_SCOPES
from bot.api_client import BackendError
from bot.api_models import Immunization, Observation, PersonView, RecordOverview
from bot.app import DIALOGS_KEY
from bot.dialogs.record_extract import content
from bot.dialogs.record_extract.content import Record, extract_document, file_name
from bot.dialogs.record_extract.pdf import ExtractDocument, Section, build_pdf, font_directory
from bot.dialogs.record_extract.states import RecordExtract
from bot.i18n import Locales
from sandbox.registry.core.db import make_engine as make_registry_engine
from sandbox.registry.core.models import Token as RegistryToken
from sandbox.telegram.models import JsonDict
from tests.bot.harness import TEXTS_UK, UPDATE_TIMEOUT_S, Patient, Stack, person, text

e2e = pytest.mark.asyncio(loop_scope="module")

LOCALES = Locales()
uk = LOCALES.translator("uk")
en = LOCALES.translator("en")
TODAY = date(2026, 12, 5)


def pdf_text(data: bytes) -> str:
    """The PDF's text, whitespace folded (a wrapped cell reads as one line)."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def pages_of(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


# The builder -----------------------------------------------------------------------------------------------


def _document(rows: int = 3, cell: str = "Алергія на пеніцилін", **changes: Any) -> ExtractDocument:
    section = Section(
        "Алергії",
        ("Алергія", "Код", "Ризик"),
        (50, 25, 25),
        tuple((f"{cell} {index}", "91936005", "високий") for index in range(rows)),
        "Алергій не записано.",
    )
    empty = Section("Щеплення", ("Вакцина",), (1,), (), "Щеплень не записано.")
    base: dict[str, Any] = {
        "language": "uk",
        "title": "Виписка з медичної картки",
        "issued": "Дата видачі: 05.12.2026",
        "source": "Складено за даними eHealth",
        "private": "Містить медичні дані",
        "personal_title": "Персональні дані",
        "personal": (("Прізвище, ім’я, по батькові", "Коваленко Олена Петрівна"), ("РНОКПП", "30******78")),
        "sections": (section, empty),
        "page_label": "стор. {page} з {nb}",
    }
    return ExtractDocument(**{**base, **changes})


def test_a_small_extract_is_one_a4_page_with_its_texts_and_page_number() -> None:
    data = build_pdf(_document())
    assert data.startswith(b"%PDF-")
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4 in points
    shown = pdf_text(data)
    for expected in ("Виписка з медичної картки", "Коваленко Олена Петрівна", "Алергія на пеніцилін 2", "91936005"):
        assert expected in shown
    assert "Щеплень не записано." in shown  # an empty section says so
    assert "стор. 1 з 1" in shown


def test_a_long_extract_goes_on_over_pages_numbered_n_of_total() -> None:
    data = build_pdf(_document(rows=120))
    total = pages_of(data)
    assert total >= 3
    shown = pdf_text(data)
    for page in range(1, total + 1):
        assert f"стор. {page} з {total}" in shown
    assert "Алергія на пеніцилін 119" in shown


def test_long_texts_wrap_inside_their_cells() -> None:
    long_name = " ".join(["Дуже-довга-назва-алергену"] * 12)
    shown = pdf_text(build_pdf(_document(rows=1, cell=long_name)))
    assert long_name in shown  # whole, wrapped over several lines of its cell (whitespace folded here)
    word = "Ж" * 900  # one "word" wider than the page and longer than a cell holds: cut, not lost
    assert "ЖЖЖЖЖ" in pdf_text(build_pdf(_document(rows=1, cell=word)))


def test_a_character_the_font_lacks_prints_as_a_question_mark(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    shown = pdf_text(build_pdf(_document(rows=1, cell="Алергія 漢字")))
    assert "Алергія ?? 0" in shown
    assert "漢" not in caplog.text  # nothing of the text in the logs


UKRAINIAN_AND_ENGLISH = st.text(
    alphabet=st.sampled_from(
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ’"
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:–—-()/%«»“”\n"
    ),
    max_size=300,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=UKRAINIAN_AND_ENGLISH,
    name=UKRAINIAN_AND_ENGLISH,
    cells=st.lists(st.tuples(UKRAINIAN_AND_ENGLISH, UKRAINIAN_AND_ENGLISH, UKRAINIAN_AND_ENGLISH), max_size=8),
)
def test_any_ukrainian_or_english_text_renders(title: str, name: str, cells: list[tuple[str, str, str]]) -> None:
    section = Section(title, ("Алергія", "Code", "Ризик"), (50, 25, 25), tuple(cells), "Нічого не записано.")
    data = build_pdf(_document(title=title, personal=(("ПІБ", name),), sections=(section,)))
    assert data.startswith(b"%PDF-") and pages_of(data) >= 1
    shown = pdf_text(data)
    for word in name.split()[:3]:
        assert word in shown


def test_the_font_is_found_and_nothing_heavy_is_loaded_at_rest() -> None:
    assert (font_directory() / "DejaVuSans.ttf").is_file()
    code = (
        "import sys, bot.app, bot.dialogs.record_extract.dialog, bot.dialogs.record_extract.pdf as pdf; "
        "pdf.font_directory(); print('fpdf' in sys.modules, 'matplotlib' in sys.modules)"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert loaded.stdout.strip() == "False False"


# The words -------------------------------------------------------------------------------------------------


def _person(**changes: Any) -> PersonView:
    base = {
        "first_name": "Олена",
        "last_name": "Коваленко",
        "second_name": "Петрівна",
        "birth_date": "1979-03-14",
        "gender": "FEMALE",
        "tax_id_masked": "28******15",
        "verification_status": "VERIFIED",
        "access_level": "FULL",
    }
    return PersonView.model_validate({**base, **changes})


def _result(**changes: Any) -> Observation:
    base = {
        "id": "o1",
        "status": "valid",
        "code": {"code": "4548-4", "text": "Глікований гемоглобін (HbA1c)"},
        "issued": "2026-09-06T09:10:00Z",
        "taken_at": "2026-09-06T09:10:00Z",
        "value_number": 6.9,
        "unit": "%",
        "reference_ranges": [{"low": 4.0, "high": 6.0}],
        "mark": "HIGH",
    }
    return Observation.model_validate({**base, **changes})


def _record(**overview: Any) -> Record:
    return Record(_person(), RecordOverview.model_validate(overview), (), ())


def test_codes_read_as_words_in_both_languages() -> None:
    overview = {
        "allergies": [
            {
                "id": "a",
                "code": {"code": "91936005", "text": "Алергія на пеніцилін"},
                "clinical_status": "active",
                "category": "medication",
                "criticality": "high",
            }
        ],
        "diagnoses": [{"code": {"code": "E11.9", "system": "eHealth/ICD10_AM/condition_codes", "text": "Діабет"}}],
        "latest_results": [_result().model_dump(mode="json")],
    }
    ukrainian = pdf_text(build_pdf(extract_document(uk, _record(**overview), TODAY)))
    for expected in ("на ліки", "високий", "E11.9 (МКХ-10-АМ)", "6,9 %", "4–6", "вище норми", "жіноча", "05.12.2026"):
        assert expected in ukrainian, expected
    english = pdf_text(build_pdf(extract_document(en, _record(**overview), TODAY)))
    for expected in ("medicines", "high", "E11.9 (ICD-10-AM)", "6.9 %", "above normal", "female", "page 1 of 1"):
        assert expected in english, expected
    for code in ("FEMALE", "medication", "HIGH", "ICD10_AM"):
        assert code not in ukrainian and code not in english, code


def test_results_without_a_number_or_a_range_and_unknown_codes() -> None:
    assert content.value_text(uk, _result(value_number=None, value_boolean=True)) == "так"
    assert content.value_text(en, _result(value_number=0.5, comparator="<", unit="mmol/L")) == "< 0.5 mmol/L"
    assert content.range_text(uk, [content.ReferenceRange(high=5.2)]) == "до 5,2"
    assert content.range_text(en, []) == content.DASH
    assert content.criticality_text(uk, "unable-to-assess") == "не оцінено"
    assert content.category_text(uk, "NEVER_SEEN") == content.DASH
    assert content.mark_text(en, None) == content.DASH


def test_the_tax_id_is_never_printed_whole_and_every_section_says_when_it_is_empty() -> None:
    whole = Record(_person(tax_id_masked="2812345615"), RecordOverview(), (), ())
    shown = pdf_text(build_pdf(extract_document(uk, whole, TODAY)))
    assert "2812345615" not in shown and "28******15" in shown
    for key in (
        "extract-pdf-allergies-none",
        "extract-pdf-diagnoses-none",
        "extract-pdf-medicines-none",
        "extract-pdf-vaccinations-none",
        "extract-pdf-results-none",
    ):
        assert text(key) in shown, key
    declined = Record(_person(tax_id_masked=None, no_tax_id=True), RecordOverview(), (), ())
    assert text("extract-pdf-no-tax-id") in pdf_text(build_pdf(extract_document(uk, declined, TODAY)))


def test_vaccinations_read_oldest_first_and_the_file_is_named_by_the_day_only() -> None:
    def shot(code: str, name: str, day: str, dose: int, of: int) -> Immunization:
        given_on = {"date": day, "dose_number": dose, "series_doses": of}
        vaccine = {"code": code, "text": name}
        return Immunization.model_validate({"id": code, "status": "completed", "vaccine": vaccine, **given_on})

    shots = (shot("MMR", "КПК", "2016-01-10T09:00:00Z", 2, 2), shot("BCG", "БЦЖ", "2010-01-05T09:00:00Z", 1, 1))
    shown = pdf_text(build_pdf(extract_document(uk, Record(_person(), RecordOverview(), (), shots), TODAY)))
    assert shown.index("БЦЖ (BCG)") < shown.index("КПК (MMR)") and "2 з 2" in shown
    assert file_name(uk, TODAY) == "vypyska-2026-12-05.pdf"
    assert file_name(en, TODAY) == "medical-extract-2026-12-05.pdf"


# End to end ------------------------------------------------------------------------------------------------


async def _open_extract(stack: Stack, patient: Patient, slug: str) -> JsonDict:
    """Signed in as `slug`, the extract is opened over the menu as the medical record's button will open it
    (until then nothing in the menu does): through aiogram-dialog's background manager, the way the notifier
    opens a flow. Returns the extract's window once the emulator has it."""
    await patient.sign_in(person(slug))
    assert stack.run is not None
    feed = stack.telegram.world.events
    seen = feed.last_seq
    manager = stack.run.dispatcher[DIALOGS_KEY].bg(stack.run.bot, patient.id, patient.id)
    await manager.start(RecordExtract.language, show_mode=ShowMode.SEND)
    title = text("extract-btn-uk")
    async with asyncio.timeout(UPDATE_TIMEOUT_S):
        while True:
            for event in await feed.wait_after(seen, UPDATE_TIMEOUT_S, user_id=patient.id):
                seen = max(seen, event["seq"])
                message = event.get("message") or {}
                if message.get("direction") == "bot" and title in patient.buttons(message):
                    return patient.last_message()


async def _document_bytes(stack: Stack, message: JsonDict) -> bytes:
    async with httpx.AsyncClient(base_url=stack.telegram.url) as client:
        served = await client.get(f"/sandbox/files/{message['document']['file_id']}")
    assert served.status_code == 200 and served.headers["content-type"] == "application/pdf"
    return served.content


def _document_in(messages: list[JsonDict]) -> JsonDict:
    found = [message for message in messages if "document" in message]
    assert len(found) == 1, messages
    return found[0]


@e2e
async def test_olena_gets_her_extract_in_ukrainian(
    stack: Stack, patient: Patient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    window = await _open_extract(stack, patient, "adult_with_declaration")
    assert window.get("has_protected_content") is True
    assert "Виписка з медичної картки" in window["text"] and "медичні дані" in window["text"]
    assert {text("extract-btn-uk"), text("extract-btn-en"), text("btn-back")} <= set(patient.buttons())

    seen = await patient.press(text("extract-btn-uk"))

    document = _document_in(seen.messages)
    assert document.get("has_protected_content") is True
    assert re.fullmatch(r"vypyska-\d{4}-\d{2}-\d{2}\.pdf", document["document"]["file_name"])
    assert document["document"]["mime_type"] == "application/pdf"
    assert text("extract-caption", date=datetime.now(UTC).date())[:20] in document["caption"]
    shown = pdf_text(await _document_bytes(stack, document))

    assert stack.run is not None
    backend = stack.run.backend
    me = await backend.get_me(patient.id)
    overview = await backend.get_record_overview(patient.id)
    medicines = (await backend.list_prescriptions(patient.id, status="ACTIVE", page_size=50)).items
    assert f"{me.last_name} {me.first_name} {me.second_name}" in shown and "Олена" in shown
    assert "Алергія на пеніцилін" in shown and "на ліки" in shown and "високий" in shown
    assert "E11.9 (МКХ-10-АМ) Цукровий діабет 2 типу без ускладнень" in shown
    assert medicines and medicines[0].medication.name in shown
    assert "Глікований гемоглобін (HbA1c) 6,9 % 4–6 вище норми" in shown
    assert len(overview.latest_results) > 1
    assert "Персональні дані" in shown and "жіноча" in shown and "стор. 1 з" in shown
    assert me.tax_id_masked and me.tax_id_masked in shown
    registry_person = await stack.registry_person(person("adult_with_declaration").person_id)
    assert registry_person.tax_id not in shown and registry_person.tax_id not in document["document"]["file_name"]
    for private in (me.first_name, me.last_name, registry_person.tax_id):
        assert private not in document["document"]["file_name"] and private not in document.get("caption", "")

    window = patient.last_message()  # the window below the document, protected too
    assert window["message_id"] > document["message_id"] and window.get("has_protected_content") is True
    assert text("extract-sent").split("\n")[0] in window["text"]
    assert text("extract-btn-another") in patient.buttons()
    for secret in ("пеніцилін", "E11.9", medicines[0].medication.name, me.last_name):
        assert secret not in caplog.text, secret

    again = await patient.press(text("extract-btn-another"))
    assert text("extract-btn-en") in patient.buttons(again.messages[-1])


@e2e
async def test_the_english_extract_has_english_labels(stack: Stack, patient: Patient) -> None:
    await _open_extract(stack, patient, "adult_with_declaration")
    seen = await patient.press(text("extract-btn-en"))
    document = _document_in(seen.messages)
    assert re.fullmatch(r"medical-extract-\d{4}-\d{2}-\d{2}\.pdf", document["document"]["file_name"])
    assert document.get("has_protected_content") is True
    shown = pdf_text(await _document_bytes(stack, document))
    labels = (
        *("Medical record extract", "Personal data", "Date of birth", "Allergies and intolerances"),
        *("Active diagnoses", "Medicines on valid prescriptions", "Vaccinations", "female", "page 1 of"),
    )
    for label in labels:
        assert label in shown, label
    assert "Персональні дані" not in shown and "Дата народження" not in shown
    assert "Алергія на пеніцилін" in shown  # the registry's own names stay as written
    assert "6.9 %" in shown and "above normal" in shown


@e2e
async def test_maksyms_extract_lists_his_vaccinations(stack: Stack, patient: Patient) -> None:
    await _open_extract(stack, patient, "teen_16_read_only")
    seen = await patient.press(text("extract-btn-uk"))
    shown = pdf_text(await _document_bytes(stack, _document_in(seen.messages)))
    assert "Максим" in shown and text("extract-pdf-vaccinations-none") not in shown
    assert stack.run is not None
    shots = (await stack.run.backend.list_immunizations(patient.id, page_size=50)).items
    assert len(shots) == 21
    for expected in ("БЦЖ (BCG)", "Гепатит B (HepB)", "КПК (MMR)", "3 з 3", "АДП-М (Td)"):
        assert expected in shown, expected
    assert shown.count("(OPV)") == 4  # every dose, on whichever page it fell


@e2e
async def test_a_failed_read_keeps_the_patient_in_place_and_a_retry_sends_it(
    stack: Stack, patient: Patient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _open_extract(stack, patient, "adult_with_declaration")
    assert stack.run is not None

    async def unavailable(*args: object, **kwargs: object) -> None:
        raise BackendError("registry_unavailable")

    monkeypatch.setattr(stack.run.backend, "list_immunizations", unavailable)
    seen = await patient.press(text("extract-btn-uk"))
    assert not [message for message in seen.messages if "document" in message]
    assert text("error-registry-unavailable") in patient.last_message()["text"]
    assert text("btn-retry") in patient.buttons() and text("btn-sign-in-allow") not in patient.buttons()
    assert patient.last_message().get("has_protected_content") is True

    monkeypatch.undo()
    retried = await patient.press(text("btn-retry"))
    assert _document_in(retried.messages).get("has_protected_content") is True


@e2e
async def test_telegram_refusing_the_file_keeps_the_patient_in_place(stack: Stack, patient: Patient) -> None:
    await _open_extract(stack, patient, "adult_with_declaration")
    account = stack.telegram.world.bot()
    account.refuse("sendDocument", 500)
    try:
        seen = await patient.press(text("extract-btn-uk"))
    finally:
        account.accept("sendDocument")
    assert not [message for message in seen.messages if "document" in message]
    assert text("extract-not-sent") in patient.last_message()["text"]
    assert text("extract-btn-uk") in patient.buttons() and text("btn-retry") in patient.buttons()
    retried = await patient.press(text("btn-retry"))
    assert _document_in(retried.messages)["document"]["file_name"].startswith("vypyska-")


@e2e
async def test_a_session_that_does_not_allow_the_record_offers_to_sign_in_and_allow(
    stack: Stack, patient: Patient
) -> None:
    window = await _open_extract(stack, patient, "adult_with_declaration")
    olena = person("adult_with_declaration")
    engine = make_registry_engine(f"sqlite+aiosqlite:///{stack.registry_database}")
    try:
        async with AsyncSession(engine) as session:
            for token in await session.scalars(select(RegistryToken).where(RegistryToken.person_id == olena.person_id)):
                token.scope = " ".join(scope for scope in token.scope.split() if scope not in RECORD_SCOPES)
            await session.commit()
    finally:
        await engine.dispose()
    assert window

    await patient.press(text("extract-btn-uk"))
    shown = patient.last_message()
    assert "document" not in shown
    assert text("error-permission-needed-medical-record") in shown["text"]
    assert text("btn-sign-in-allow") in patient.buttons() and text("btn-retry") not in patient.buttons()

    asked = await patient.press(text("btn-sign-in-allow"))
    assert text("notice-permission-needed-medical-record") in asked.text
    assert patient.has_button(TEXTS_UK["sign_in_button"])
