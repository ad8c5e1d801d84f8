"""Направлення: the words (every dictionary code in both languages, no raw code in a card), the order (open
first), and end to end: Олена's referrals open first and paged with the number half hidden, a card, showing an
open one's number (a protected photo whose QR code reads back as exactly the number, never in the logs), a past
one without that button, a patient without referrals, English, a backend that does not answer, and a session
that does not allow the medical record.

The flow is opened the way the medical record's overview opens it (`manager.start(Referrals.listing)`), see
`tests/bot/flows.py`.
"""

from __future__ import annotations

import html
import io
import logging
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
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

from backend.domain.referrals_view import REFERRAL_DICTIONARIES, mask_requisition, open_first, referral_state
from bot.api_models import Referral
from bot.dialogs.common.words import dictionary_word
from bot.dialogs.referrals.states import Referrals
from bot.dialogs.referrals.texts import referral_card, referral_line
from bot.i18n import LANGUAGES, Locales
from sandbox.registry.core.db import make_engine as make_registry_engine
from sandbox.registry.core.models import Token as RegistryToken
from tests.bot.flows import open_flow
from tests.bot.harness import TEXTS_UK, Patient, Stack, person, text

e2e = pytest.mark.asyncio(loop_scope="module")

LOCALES = Locales()
uk = LOCALES.translator("uk")
en = LOCALES.translator("en")
NUMBER = "0000-243P-1X53-EH38"
# What a patient must never read: category codes, statuses, priorities, recall reasons.
RAW_CODES = ("108252007", "363679005", "409063005", "103693007", "active", "completed", "recalled", "routine",
             "cured", "order", "entered_in_error")  # fmt: skip


def _plain(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", value))


def _no_raw_codes(shown: str, language: str = "uk") -> None:
    for code in RAW_CODES:
        if language == "en" and not code.isdigit():
            continue  # English words ("routine") may be the codes' own
        assert code not in shown, code


# Words and order -------------------------------------------------------------------------------------------

CASES = [
    (dictionary, code, language)
    for dictionary in REFERRAL_DICTIONARIES
    for code in dictionary.words
    for language in LANGUAGES
]


@pytest.mark.parametrize(
    ("dictionary", "code", "language"), CASES, ids=[f"{d.prefix}:{c}:{lang}" for d, c, lang in CASES]
)
def test_every_code_reads_as_a_word_in_both_languages(dictionary: Any, code: str, language: str) -> None:
    i18n = LOCALES.translator(language)
    key = dictionary.key(code)
    assert key is not None and i18n.has(key), key
    word = dictionary_word(i18n, dictionary, code)
    assert word
    if language == "uk":  # (English words may be the codes' own: "urgent")
        assert code not in word and html.unescape(word) == dictionary.word(code)


@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_codes_read_neutrally_or_not_at_all(language: str) -> None:
    i18n = LOCALES.translator(language)
    for dictionary in REFERRAL_DICTIONARIES:
        word = dictionary_word(i18n, dictionary, "NEVER_SEEN_CODE")
        assert word is None if dictionary.other is None else (word and "NEVER" not in word)


def test_every_code_the_sandbox_seeds_has_its_words() -> None:
    from sandbox.registry.seeding.clinical import SERVICES

    category = next(d for d in REFERRAL_DICTIONARIES if d.prefix == "ref-category")
    recall = next(d for d in REFERRAL_DICTIONARIES if d.prefix == "ref-recall")
    priority = next(d for d in REFERRAL_DICTIONARIES if d.prefix == "ref-priority")
    for service in SERVICES.values():
        assert category.known(service.request_category), service.request_category
    assert recall.known("cured") and priority.known("routine")


def _referral(**changes: Any) -> Referral:
    base: dict[str, Any] = {
        "id": "sr-1",
        "requisition": NUMBER,
        "status": "active",
        "is_open": True,
        "intent": "order",
        "priority": "routine",
        "category": "108252007",
        "service": {"display": "Ліпідограма <кров>"},
        "occurrence_start": "2026-11-20T08:30:00Z",
        "expires_at": "2026-12-20T08:30:00Z",
        "requester": {"display": "Гайдай Ганна Адамівна"},
        "requester_legal_entity": {"display": "ЦПМСД №1"},
        "note": "Планове обстеження",
        "patient_instruction": "Здати кров натще",
        "inserted_at": "2026-11-20T08:30:00Z",
    }
    return Referral.model_validate({**base, **changes})


def test_a_card_reads_in_words_with_the_whole_number() -> None:
    card = _plain(referral_card(uk, _referral()))
    assert "Ліпідограма <кров>" in card and "Вид: Лабораторне дослідження" in card
    assert "Терміновість: планове" in card and "Стан: Дійсне — ним можна скористатися" in card
    assert "Дійсне з 20.11.2026 до 20.12.2026" in card
    assert "Направив лікар: Гайдай Ганна Адамівна" in card and "Заклад, що направив: ЦПМСД №1" in card
    assert "Примітка лікаря: Планове обстеження" in card and "Як підготуватися: Здати кров натще" in card
    assert f"Номер направлення: {NUMBER}" in card and "Показати номер" in card
    _no_raw_codes(card)
    recalled = _plain(referral_card(uk, _referral(status="recalled", is_open=False, status_reason="cured")))
    assert "Стан: Відкликане лікарем" in recalled and "Причина: потреби вже немає — ви одужали" in recalled
    assert "Показати номер" not in recalled
    _no_raw_codes(recalled)
    english = _plain(referral_card(en, _referral(status="active", is_open=False)))
    assert "State: Expired" in english and "Kind: Lab test" in english and "Urgency: planned" in english


def test_a_list_line_hides_the_number() -> None:
    line = _plain(referral_line(uk, 2, _referral()))
    assert line.startswith("2. Ліпідограма <кров>") and "Дійсне до 20.12.2026" in line
    assert "0000-243P-****-EH38" in line and "1X53" not in line
    used = _plain(referral_line(uk, 1, _referral(status="completed", is_open=False)))
    assert "Використане — послугу надано" in used and "Дійсне до" not in used


def test_open_referrals_come_first_newest_first_and_errors_are_left_out() -> None:
    def at(day: int) -> datetime:
        return datetime(2026, 5, day, tzinfo=UTC)

    items = [
        ("old-open", True, "active", at(1)),
        ("new-closed", False, "completed", at(20)),
        ("new-open", True, "active", at(10)),
        ("expired", False, "active", at(15)),
        ("error", False, "entered_in_error", at(25)),
    ]
    ordered = open_first(items, is_open=lambda i: i[1], status=lambda i: i[2], at=lambda i: i[3], key=lambda i: i[0])
    assert [item[0] for item in ordered] == ["new-open", "old-open", "new-closed", "expired"]
    assert referral_state("active", False) == "expired" and referral_state("active", True) == "open"
    assert referral_state("RECALLED", False) == "recalled"
    assert mask_requisition(NUMBER) == "0000-243P-****-EH38"


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


async def _open(stack: Stack, patient: Patient, slug: str) -> str:
    await patient.sign_in(person(slug))
    return _plain((await open_flow(stack, patient, Referrals.listing)).text)


async def _referrals(stack: Stack, patient: Patient) -> list[Referral]:
    assert stack.run is not None
    listed = await stack.run.backend.list_referrals(patient.id, page=1, page_size=50)
    return listed.items


@e2e
async def test_olena_sees_her_open_referrals_first(stack: Stack, patient: Patient) -> None:
    listing = await _open(stack, patient, "adult_with_declaration")
    referrals = await _referrals(stack, patient)
    opened = [item for item in referrals if item.is_open]
    assert len(referrals) == 6 and len(opened) == 3, "the sandbox gives Олена 6 referrals, 3 of them open"
    assert patient.last_message().get("has_protected_content") is True

    assert "Ваші направлення (сторінка 1 з 2)" in listing and "Дійсні (3)" in listing
    names = [item.service.display or "" for item in opened]
    positions = [listing.index(f". {name}") for name in names]
    assert max(positions) < listing.index("Минулі")  # every open one above the past ones
    for item in referrals:
        assert item.requisition not in listing  # lists show the number half hidden
    for item in opened:
        assert mask_requisition(item.requisition) in listing
    assert listing.count("✅ Дійсне до") == 3
    _no_raw_codes(listing)
    assert text("btn-next") in patient.buttons() and text("btn-back") in patient.buttons()

    second = _plain((await patient.press(text("btn-next"))).text)
    assert "(сторінка 2 з 2)" in second and "Дійсне до" not in second
    assert "Використане — послугу надано" in second or "Відкликане лікарем" in second
    _no_raw_codes(second)
    assert patient.last_message().get("has_protected_content") is True


@e2e
async def test_a_card_and_showing_the_number_as_a_qr_code(
    stack: Stack, patient: Patient, photos: SentPhotos, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await _open(stack, patient, "adult_with_declaration")
    label = next(label for label in patient.buttons() if label.startswith("1. "))
    first = next(item for item in await _referrals(stack, patient) if label == f"1. {item.service.display}")
    assert first.is_open

    card = _plain((await patient.press(label)).text)
    assert f"Номер направлення: {first.requisition}" in card
    assert "Стан: Дійсне — ним можна скористатися" in card and "Терміновість: планове" in card
    assert "Вид: " in card and "Направив лікар: " in card and "Дійсне з " in card
    assert first.patient_instruction and f"Як підготуватися: {first.patient_instruction}" in card
    _no_raw_codes(card)
    assert patient.last_message().get("has_protected_content") is True
    assert text("ref-btn-show") in patient.buttons() and text("ref-btn-back-list") in patient.buttons()

    shown = await patient.press(text("ref-btn-show"))

    photo = next(message for message in shown.messages if "photo" in message)
    assert photo.get("has_protected_content") is True
    assert first.requisition in photo["caption"] and (first.service.display or "-") in photo["caption"]
    assert any(entity["type"] == "code" for entity in photo.get("caption_entities", []))
    assert len(photos.sent) == 1 and photos.sent[0].protect_content is True
    upload = photos.sent[0].photo
    assert isinstance(upload, BufferedInputFile)
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(upload.data)))
    assert [found.text for found in decoded] == [first.requisition]
    window = patient.last_message()
    assert window["message_id"] > photo["message_id"] and window.get("has_protected_content") is True
    assert _plain(text("ref-shown-window")) in _plain(window["text"])

    back = _plain((await patient.press(text("ref-btn-back-card"))).text)
    assert first.requisition in back
    await patient.press(text("ref-btn-back-list"))
    assert "Ваші направлення" in _plain(patient.last_message()["text"])
    # Nothing medical in the logs, even at DEBUG: no number, no service.
    assert caplog.records, "the logs were not captured"
    for item in await _referrals(stack, patient):
        assert item.requisition not in caplog.text
        assert mask_requisition(item.requisition) not in caplog.text


@e2e
async def test_a_past_referral_has_no_number_to_show(stack: Stack, patient: Patient, photos: SentPhotos) -> None:
    await _open(stack, patient, "adult_with_declaration")
    referrals = await _referrals(stack, patient)
    recalled = next(item for item in referrals if item.status == "recalled")
    await patient.press(text("btn-next"))
    label = next(label for label in patient.buttons() if label.endswith(f". {recalled.service.display}"))
    card = _plain((await patient.press(label)).text)
    assert "Стан: Відкликане лікарем" in card and "Причина: потреби вже немає — ви одужали" in card
    assert recalled.requisition in card  # the card is the patient's own, whole
    assert text("ref-btn-show") not in patient.buttons()
    assert photos.sent == []
    _no_raw_codes(card)


@e2e
async def test_a_referral_the_doctor_writes_now_is_open_first(stack: Stack, patient: Patient) -> None:
    viacheslav = person("adult_with_accesses")  # a past ECG referral only
    listing = await _open(stack, patient, viacheslav.slug)
    assert "Дійсні" not in listing and _plain(text("ref-list-none-open")) in listing
    async with stack.browser() as browser:
        added = await browser.post(
            f"{stack.registry_url}/sandbox/persons/{viacheslav.person_id}/service_requests", json={}
        )
    assert added.status_code == 201, added.text
    new = next(item for item in await _referrals(stack, patient) if item.id == added.json()["data"]["id"])
    assert new.is_open

    await open_flow(stack, patient, Referrals.listing)

    listing = _plain(patient.last_message()["text"])
    assert "Дійсні (1)" in listing and f"1. {new.service.display}" in listing
    assert listing.index("Дійсні (1)") < listing.index("Минулі")
    assert mask_requisition(new.requisition) in listing and new.requisition not in listing


@e2e
async def test_a_patient_without_referrals_is_told_where_they_come_from(stack: Stack, patient: Patient) -> None:
    listing = await _open(stack, patient, "adult_without_declaration")
    assert _plain(text("ref-list-none")) in listing
    assert [label for label in patient.buttons() if label[:1].isdigit()] == []
    assert text("btn-back") in patient.buttons()


@e2e
async def test_english_reads_english(stack: Stack, patient: Patient) -> None:
    await patient.sign_in(person("teen_16_read_only"))
    await patient.press(text("menu-settings"))
    await patient.press(text("settings-language"))
    await patient.press(text("language-en"))

    listing = _plain((await open_flow(stack, patient, Referrals.listing)).text)

    assert "Your referrals (page 1 of 1)" in listing and "Valid (1)" in listing and "Ваші" not in listing
    label = next(label for label in patient.buttons() if label.startswith("1. "))
    card = _plain((await patient.press(label)).text)
    assert "State: Valid — you can use it" in card and "Referral number: " in card and "Стан" not in card
    assert text("ref-btn-show", "en") in patient.buttons()
    _no_raw_codes(card, "en")


@e2e
async def test_a_backend_that_does_not_answer_keeps_the_patient_in_place(stack: Stack, patient: Patient) -> None:
    await _open(stack, patient, "adult_with_declaration")
    unreachable = "http://127.0.0.1:9"  # nothing listens there: the connection is refused at once
    try:
        await stack.restart_bot(keep_state=True, backend_url=unreachable)
        down = _plain((await patient.press(text("btn-next"))).text)
        assert _plain(text("error-backend-unavailable")) in down
        assert text("btn-retry") in patient.buttons() and text("btn-back") in patient.buttons()
    finally:
        await stack.restart_bot(keep_state=True)
    back = _plain((await patient.press(text("btn-retry"))).text)
    assert "(сторінка 2 з 2)" in back
    assert text("btn-retry") not in patient.buttons()


@e2e
async def test_a_session_that_does_not_allow_referrals_leads_to_a_new_sign_in(stack: Stack, patient: Patient) -> None:
    olena = person("adult_with_declaration")
    await patient.sign_in(olena)
    engine = make_registry_engine(f"sqlite+aiosqlite:///{stack.registry_database}")
    try:
        async with AsyncSession(engine) as session:
            for token in await session.scalars(select(RegistryToken).where(RegistryToken.person_id == olena.person_id)):
                token.scope = " ".join(s for s in token.scope.split() if s != "service_request:read")
            await session.commit()
    finally:
        await engine.dispose()

    seen = _plain((await open_flow(stack, patient, Referrals.listing)).text)
    assert _plain(text("error-permission-needed-medical-record")) in seen
    assert text("btn-sign-in-allow") in patient.buttons() and text("btn-retry") not in patient.buttons()

    asked = _plain((await patient.press(text("btn-sign-in-allow"))).text)
    assert _plain(text("notice-permission-needed-medical-record")) in asked
    assert patient.has_button(TEXTS_UK["sign_in_button"])
