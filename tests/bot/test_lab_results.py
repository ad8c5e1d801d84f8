"""Аналізи: the words (every dictionary code and unit in both languages, numbers the Ukrainian way, no raw code),
the chart picture, and end to end: Олена's results paged with their marks, a card with its code, norm and mark,
blood pressure as one reading, the chart sent as a protected photo, an empty record, English, a session that
does not allow the medical record, a backend that does not answer and Telegram refusing the photo.

The flow is opened the way production opens it without the medical record's overview (which another branch
builds): a notification's button (`Action.LAB_RESULTS`, `bot.notifier.router`), pressed by the patient.
"""

from __future__ import annotations

import html
import io
import logging
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import pytest_asyncio
from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import SendPhoto, TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup
from PIL import Image
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.domain.lab_results_view import LAB_DICTIONARIES, UNIT_SLUGS, Point, Series
from backend.domain.medical_record import RangeMark
from bot.api_models import Observation
from bot.dialogs.common.words import dictionary_word
from bot.dialogs.lab_results import getters
from bot.dialogs.lab_results.chart import HEIGHT_PX, WIDTH_PX, ChartLabels, draw_chart
from bot.dialogs.lab_results.texts import result_card, result_line, value_text
from bot.i18n import LANGUAGES, Locales
from bot.notifier.actions import Action, NotificationAction
from sandbox.registry.core.db import make_engine as make_registry_engine
from sandbox.registry.core.models import Token as RegistryToken
from tests.bot.harness import TEXTS_UK, Patient, Stack, person, text

e2e = pytest.mark.asyncio(loop_scope="module")

LOCALES = Locales()
uk = LOCALES.translator("uk")
en = LOCALES.translator("en")
HBA1C, SYSTOLIC, WEIGHT = "4548-4", "8480-6", "29463-7"
# What a patient must never read: dictionary codes, marks and units as the registry codes them.
RAW_CODES = ("laboratory", "vital_signs", "HIGH", "NORMAL", "LOW", "mm[Hg]", "mmol/L", "valid")
NOTIFICATION_BUTTON = "🧪 Результати аналізів"  # a notification's button (its texts are the notifier's)


def _plain(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", value))


# Words -----------------------------------------------------------------------------------------------------

CASES = [
    (dictionary, code, language)
    for dictionary in LAB_DICTIONARIES
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
    assert word and word != code and (language == "en" or code not in word)  # "laboratory test" is English
    if language == "uk":
        assert html.unescape(word) == dictionary.word(code)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_unit_has_its_words(language: str) -> None:
    i18n = LOCALES.translator(language)
    for slug in set(UNIT_SLUGS.values()):
        assert i18n.has(f"lab-unit-{slug}"), slug


def _observation(**changes: Any) -> Observation:
    base: dict[str, Any] = {
        "id": "o-1",
        "status": "valid",
        "code": {"code": HBA1C, "system": "eHealth/LOINC/observation_codes", "text": "Глікований <HbA1c>"},
        "categories": ["laboratory"],
        "issued": "2026-09-04T11:17:00Z",
        "effective_at": "2026-09-04T05:17:00Z",
        "taken_at": "2026-09-04T05:17:00Z",
        "value_number": 6.9,
        "unit": "%",
        "reference_ranges": [{"low": 4.0, "high": 6.0, "type": "normal"}],
        "interpretation": "H",
        "mark": "HIGH",
        "performer": {"id": "e", "display": "Гайдай Ганна Адамівна", "kind": "employee"},
        "comment": "Натще",
    }
    return Observation.model_validate({**base, **changes})


def test_a_card_reads_in_words_with_the_code_the_norm_and_the_mark() -> None:
    card = _plain(result_card(uk, _observation(), chartable=True))
    assert "Глікований <HbA1c>" in card  # the registry's name, escaped in the HTML
    assert "Код показника (LOINC): 4548-4" in card
    assert "Результат: 6,9 %" in card and "Норма: 4–6 %" in card and "Оцінка: ⬆️ вище норми" in card
    assert "Висновок лабораторії" not in card  # H only repeats the mark
    assert "Взято: 04.09.2026 08:17" in card  # Kyiv time
    assert "Результат готовий: 04.09.2026 14:17" in card
    assert "Хто вніс: Гайдай Ганна Адамівна" in card and "Вид: лабораторний аналіз" in card
    assert "Коментар: Натще" in card and "📈 Графік" in card
    for code in RAW_CODES:
        assert code not in card, code
    english = _plain(result_card(en, _observation(unit="mmol/L", value_number=6.25, mark="NORMAL")))
    assert "Result: 6.25 mmol/L" in english and "Assessment: ✅ within normal" in english
    assert "Laboratory’s interpretation: high" in english  # H against a "normal" mark: the lab's word too


def test_values_read_the_ukrainian_way() -> None:
    assert value_text(uk, _observation(value_number=6.2, unit="ммоль/л")) == "6,2 ммоль/л"
    assert value_text(uk, _observation(value_number=1234.5, unit="г/л")) == "1\xa0234,5 г/л"  # no-break space
    assert value_text(en, _observation(value_number=131.0, unit="мм рт. ст.")) == "131 mmHg"
    assert _plain(value_text(uk, _observation(value_number=0.5, comparator="<", unit="mmol/L"))) == "< 0,5 ммоль/л"
    assert value_text(uk, _observation(value_number=3, unit="furlongs")) == "3 furlongs"  # as the registry wrote it
    assert value_text(uk, _observation(value_number=None, value_string="негативний")) == "негативний"
    assert value_text(en, _observation(value_number=None, value_boolean=True)) == "yes"
    coded = _observation(value_number=None, value_code={"code": "260385009", "text": "Negative"})
    assert value_text(en, coded) == "Negative"
    assert "260385009" not in value_text(uk, _observation(value_number=None, value_code={"code": "260385009"}))


def test_a_list_line_without_a_range_has_no_mark() -> None:
    weight = _observation(value_number=84.1, unit="кг", reference_ranges=[], mark=None, interpretation="N")
    line = _plain(result_line(uk, 3, weight))
    assert line == "3. Глікований <HbA1c>: 84,1 кг, 04.09.2026"
    card = _plain(result_card(uk, weight))
    assert "Норму для цього показника не вказано." in card and "Оцінка" not in card
    assert "Висновок лабораторії: у межах норми" in card  # nothing to repeat: the lab's word shows


# The chart picture -----------------------------------------------------------------------------------------

LABELS = ChartLabels("Глікований гемоглобін $HbA1c$", "%", "Дата", "Норма", "Поза нормою")


def _series(values: list[float], low: float | None, high: float | None) -> Series:
    start = datetime(2024, 9, 1, tzinfo=UTC)
    points = []
    for index, value in enumerate(values):
        mark = RangeMark.HIGH if high is not None and value > high else RangeMark.NORMAL if high else None
        points.append(Point(start + timedelta(days=90 * index), value, mark))
    return Series(tuple(points), low, high)


@pytest.mark.parametrize(
    ("values", "low", "high"),
    [([8.1, 7.9, 7.7, 6.9], 4.0, 6.0), ([6.4, 5.1], None, 5.2), ([89.4, 84.1], None, None), ([5.0, 5.0], 4.0, 6.0)],
)
def test_the_chart_is_a_png_of_the_fixed_size(values: list[float], low: float | None, high: float | None) -> None:
    image = Image.open(io.BytesIO(draw_chart(_series(values, low, high), LABELS)))
    assert image.format == "PNG" and image.size == (WIDTH_PX, HEIGHT_PX)


def test_the_chart_shades_the_norm_and_marks_the_points_outside_it() -> None:
    image = Image.open(io.BytesIO(draw_chart(_series([8.1, 7.5, 6.9], 4.0, 6.0), LABELS))).convert("RGB")
    colours = {colour for _, colour in image.getcolors(WIDTH_PX * HEIGHT_PX) or []}
    assert any(r > 180 and g < 80 and b < 80 for r, g, b in colours), "no red point outside the norm"
    band = image.getpixel((WIDTH_PX // 2, int(HEIGHT_PX * 0.8)))  # low on the picture: inside the 4–6 band
    assert isinstance(band, tuple) and band[1] > band[0] and band[1] > band[2], band  # greenish


def test_the_chart_library_is_not_loaded_until_a_chart_is_drawn() -> None:
    code = "import sys, bot.app, bot.dialogs.lab_results.dialog; print('matplotlib' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert loaded.stdout.strip() == "False"


# End to end ------------------------------------------------------------------------------------------------


class SentPhotos(BaseRequestMiddleware):
    """The photos the bot uploads, as it sent them; `refuse` makes Telegram turn them down."""

    def __init__(self) -> None:
        self.sent: list[SendPhoto] = []
        self.refuse = False

    async def __call__(
        self, make_request: NextRequestMiddlewareType[TelegramType], bot: Bot, method: TelegramMethod[TelegramType]
    ) -> Response[TelegramType]:
        if isinstance(method, SendPhoto):
            if self.refuse:
                raise TelegramBadRequest(method=method, message="Bad Request: PHOTO_INVALID_DIMENSIONS")
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


async def _open(stack: Stack, patient: Patient, slug: str | None = "adult_with_declaration") -> str:
    """Signed in, the patient gets a notification with the lab results' button and presses it."""
    if slug is not None:
        await patient.sign_in(person(slug))
    assert stack.run is not None
    button = InlineKeyboardButton(
        text=NOTIFICATION_BUTTON, callback_data=NotificationAction(action=Action.LAB_RESULTS).pack()
    )
    await stack.run.bot.send_message(
        patient.id, "🧪", reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]), protect_content=True
    )
    seen = await patient.press(NOTIFICATION_BUTTON)
    return _plain(seen.text)


async def _all_results(stack: Stack, patient: Patient) -> list[Observation]:
    assert stack.run is not None
    items: list[Observation] = []
    page = 1
    while True:
        listed = await stack.run.backend.list_observations(patient.id, page=page, page_size=50)
        items.extend(listed.items)
        if page >= listed.total_pages:
            return items
        page += 1


async def _pick(patient: Patient, position: int) -> str:
    """Page on until the result at `position` has its button, and open its card."""
    while not any(label.startswith(f"{position}. ") for label in patient.buttons()):
        await patient.press(text("btn-next"))
    label = next(label for label in patient.buttons() if label.startswith(f"{position}. "))
    return _plain((await patient.press(label)).text)


def _protected(patient: Patient) -> bool:
    return patient.last_message().get("has_protected_content") is True


@e2e
async def test_olena_sees_her_results_newest_first_with_marks_and_pages_them(stack: Stack, patient: Patient) -> None:
    listing = await _open(stack, patient)
    results = await _all_results(stack, patient)
    assert len(results) > getters.PAGE_SIZE, "the sandbox gives Олена years of results"
    pages = -(-len(results) // getters.PAGE_SIZE)
    assert f"Ваші аналізи та вимірювання (сторінка 1 з {pages})" in listing
    assert _protected(patient)
    newest = results[0]
    assert newest.taken_at >= max(item.taken_at for item in results) - timedelta(days=1)
    # Her latest HbA1c, 6,9 % and above the norm; her weight, which has no norm, without a mark.
    assert "Глікований гемоглобін (HbA1c): 6,9 % ⬆️ вище норми" in listing
    assert "Глюкоза в сироватці або плазмі крові: 6,2 ммоль/л ⬆️ вище норми" in listing
    assert re.search(r"Маса тіла: 84,1 кг, \d\d\.\d\d\.\d{4}", listing)
    assert "Діастолічний артеріальний тиск: 82 мм рт. ст. ✅ у нормі" in listing
    for code in RAW_CODES:
        assert code not in listing, code
    buttons = patient.buttons()
    assert text("btn-next") in buttons and text("btn-back") in buttons and text("btn-prev") not in buttons
    assert sum(label[:1].isdigit() for label in buttons) == getters.PAGE_SIZE

    second = _plain((await patient.press(text("btn-next"))).text)
    assert f"(сторінка 2 з {pages})" in second and f"{getters.PAGE_SIZE + 1}. " in second
    assert text("btn-prev") in patient.buttons()
    back = _plain((await patient.press(text("btn-prev"))).text)
    assert "(сторінка 1 з " in back
    # Her first haemoglobin (118 g/L, two years ago) is below the norm.
    everything = _plain(patient.all_text())
    for _ in range(pages - 1):
        everything += _plain((await patient.press(text("btn-next"))).text)
    assert "Гемоглобін: 118 г/л ⬇️ нижче норми" in everything


@e2e
async def test_a_card_shows_the_code_the_norm_the_mark_and_who(stack: Stack, patient: Patient) -> None:
    await _open(stack, patient)
    results = await _all_results(stack, patient)
    hba1c = next(index for index, item in enumerate(results) if item.code.code == HBA1C)
    card = await _pick(patient, hba1c + 1)
    observation = results[hba1c]
    assert "Глікований гемоглобін (HbA1c)" in card and "Код показника (LOINC): 4548-4" in card
    assert "Результат: 6,9 %" in card and "Норма: 4–6 %" in card and "Оцінка: ⬆️ вище норми" in card
    assert "Вид: лабораторний аналіз" in card
    assert observation.performer is not None and f"Хто вніс: {observation.performer.display}" in card
    assert "Взято: " in card and "Результат готовий: " in card
    for code in RAW_CODES:
        assert code not in card, code
    assert _protected(patient)
    assert text("lab-btn-chart") in patient.buttons() and text("lab-btn-back-list") in patient.buttons()
    await patient.press(text("lab-btn-back-list"))
    assert "Ваші аналізи та вимірювання" in _plain(patient.last_message()["text"])


@e2e
async def test_blood_pressure_reads_as_one_reading(stack: Stack, patient: Patient) -> None:
    await _open(stack, patient)
    results = await _all_results(stack, patient)
    systolic = next(index for index, item in enumerate(results) if item.code.code == SYSTOLIC)
    card = await _pick(patient, systolic + 1)
    assert "Систолічний артеріальний тиск" in card and "Код показника (LOINC): 8480-6" in card
    assert "Тиск під час цього вимірювання: 131/82 мм рт. ст." in card
    assert "Норма: 90–139 мм рт. ст." in card and "Вид: показник життєво важливих функцій" in card


@e2e
async def test_a_measure_without_a_norm_has_no_mark(stack: Stack, patient: Patient) -> None:
    await _open(stack, patient)
    results = await _all_results(stack, patient)
    weight = next(index for index, item in enumerate(results) if item.code.code == WEIGHT)
    card = await _pick(patient, weight + 1)
    assert "Маса тіла" in card and "Результат: 84,1 кг" in card
    assert text("lab-card-no-range") in card and "Оцінка:" not in card
    assert text("lab-btn-chart") in patient.buttons()  # eight weighings: a chart without a band


@e2e
async def test_the_chart_of_hba1c_is_a_protected_photo(
    stack: Stack, patient: Patient, photos: SentPhotos, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await _open(stack, patient)
    results = await _all_results(stack, patient)
    hba1c = next(index for index, item in enumerate(results) if item.code.code == HBA1C)
    await _pick(patient, hba1c + 1)

    shown = await patient.press(text("lab-btn-chart"))

    photo = next(message for message in shown.messages if "photo" in message)
    assert photo.get("has_protected_content") is True
    caption = photo["caption"]
    assert "📈 Глікований гемоглобін (HbA1c)" in caption and "8 результатів" in caption
    assert "Останній результат: 6,9 % ⬆️ вище норми" in caption
    series = sorted((item for item in results if item.code.code == HBA1C), key=lambda item: item.taken_at)
    assert series[0].taken_at.strftime("%d.%m.%Y")[3:] in caption  # the period starts two years ago
    assert len(photos.sent) == 1 and photos.sent[0].protect_content is True
    upload = photos.sent[0].photo
    assert isinstance(upload, BufferedInputFile)
    image = Image.open(io.BytesIO(upload.data))
    assert image.format == "PNG" and image.size == (WIDTH_PX, HEIGHT_PX)
    # The dialog goes on below the photo, protected too.
    window = patient.last_message()
    assert window["message_id"] > photo["message_id"] and window.get("has_protected_content") is True
    assert text("lab-chart-window") in _plain(window["text"])
    assert text("lab-btn-back-card") in patient.buttons() and text("lab-btn-back-list") in patient.buttons()
    back = _plain((await patient.press(text("lab-btn-back-card"))).text)
    assert "Код показника (LOINC): 4548-4" in back
    # Nothing medical in the logs, even at DEBUG.
    assert caplog.records, "the logs were not captured"
    for secret in ("Глікований", "6,9 %", "вище норми"):
        assert secret not in caplog.text
    assert not re.search(r"[=:'\"]\s*6\.9\b", caplog.text)  # the value as a logged value (not "36.9 ms")


@e2e
async def test_telegram_refusing_the_chart_keeps_the_patient_on_the_card(
    stack: Stack, patient: Patient, photos: SentPhotos
) -> None:
    await _open(stack, patient)
    results = await _all_results(stack, patient)
    hba1c = next(index for index, item in enumerate(results) if item.code.code == HBA1C)
    await _pick(patient, hba1c + 1)
    photos.refuse = True
    try:
        seen = _plain((await patient.press(text("lab-btn-chart"))).text)
    finally:
        photos.refuse = False
    assert text("lab-chart-not-sent") in seen and "Код показника (LOINC): 4548-4" in seen
    assert text("lab-btn-chart") in patient.buttons()
    assert not any("photo" in message for message in patient.bot_messages())


@e2e
async def test_a_patient_without_results_is_told_so(stack: Stack, patient: Patient) -> None:
    listing = await _open(stack, patient, "unverified_adult")
    assert _plain(text("lab-list-none")) in listing
    assert [label for label in patient.buttons() if label[:1].isdigit()] == []
    assert text("btn-back") in patient.buttons()


@e2e
async def test_english_reads_english(stack: Stack, patient: Patient) -> None:
    await patient.sign_in(person("adult_with_declaration"))
    await patient.press(text("menu-settings"))
    await patient.press(text("settings-language"))
    await patient.press(text("language-en"))

    listing = await _open(stack, patient, None)

    assert "Your test results and measurements" in listing and "Ваші аналізи" not in listing
    assert ": 6.9 % ⬆️ above normal" in listing and "mmol/L" in listing and "ммоль/л" not in listing
    results = await _all_results(stack, patient)
    hba1c = next(index for index, item in enumerate(results) if item.code.code == HBA1C)
    card = await _pick(patient, hba1c + 1)
    assert "Measure code (LOINC): 4548-4" in card and "Normal range: 4–6 %" in card
    assert "Kind: laboratory test" in card and "Код" not in card
    assert text("lab-btn-chart", "en") in patient.buttons()


@e2e
async def test_a_session_that_does_not_allow_the_medical_record_leads_to_a_new_sign_in(
    stack: Stack, patient: Patient
) -> None:
    olena = person("adult_with_declaration")
    await patient.sign_in(olena)
    engine = make_registry_engine(f"sqlite+aiosqlite:///{stack.registry_database}")
    try:
        async with AsyncSession(engine) as session:
            for token in await session.scalars(select(RegistryToken).where(RegistryToken.person_id == olena.person_id)):
                token.scope = " ".join(s for s in token.scope.split() if s != "patient_summary:read")
            await session.commit()
    finally:
        await engine.dispose()

    seen = await _open(stack, patient, None)
    assert _plain(text("error-permission-needed-medical-record")) in seen
    assert text("btn-sign-in-allow") in patient.buttons() and text("btn-retry") not in patient.buttons()

    asked = _plain((await patient.press(text("btn-sign-in-allow"))).text)
    assert _plain(text("notice-permission-needed-medical-record")) in asked
    assert patient.has_button(TEXTS_UK["sign_in_button"])


@e2e
async def test_a_backend_that_does_not_answer_keeps_the_patient_in_place(stack: Stack, patient: Patient) -> None:
    await _open(stack, patient)
    unreachable = "http://127.0.0.1:9"  # nothing listens there: the connection is refused at once
    try:
        await stack.restart_bot(keep_state=True, backend_url=unreachable)
        down = _plain((await patient.press(text("btn-next"))).text)
        assert _plain(text("error-backend-unavailable")) in down
        assert text("btn-retry") in patient.buttons() and text("btn-back") in patient.buttons()
    finally:
        await stack.restart_bot(keep_state=True)
    back = _plain((await patient.press(text("btn-retry"))).text)
    assert "(сторінка 2 з " in back  # the page the patient asked for
    assert text("btn-retry") not in patient.buttons()
