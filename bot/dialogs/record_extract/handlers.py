"""Виписка: read the record from the backend (all parts at once), make the PDF in a thread, send it protected.

Nothing of the record stays in the dialog storage; a failure leaves a line above the same question with
"try again" (or "sign in and allow" when the session does not allow reading the record).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from aiogram.exceptions import TelegramAPIError, TelegramRetryAfter
from aiogram.types import BufferedInputFile, CallbackQuery
from aiogram_dialog import DialogManager, ShowMode
from aiogram_dialog.widgets.kbd import Button

from bot.api_client import BackendClient
from bot.dialogs.common.context import backend_of, translator_of, user_id_of
from bot.dialogs.common.reads import PERMISSION_KEY, attempt
from bot.dialogs.record_extract.content import Record, extract_document, file_name
from bot.dialogs.record_extract.data import EXTRACT_LANGUAGES, FAILED_KEY, LANGUAGE_KEY
from bot.dialogs.record_extract.pdf import ExtractNotMade, build_pdf
from bot.dialogs.record_extract.states import RecordExtract
from bot.i18n import KYIV, Locales

log = logging.getLogger(__name__)

PAGE_SIZE = 50  # the backend's largest page of the record's lists
MAX_PAGES = 4  # 200 vaccinations or prescriptions: far more than anyone's record holds
PERMISSION_NOTICE = "permission-needed-medical-record"


async def _every_page(read: Callable[[int], Awaitable[Any]]) -> tuple[Any, ...]:
    """The items of every page of a list (the first page read first, then the rest at once)."""
    first = await read(1)
    pages = min(int(first.total_pages), MAX_PAGES)
    rest = await asyncio.gather(*(read(page) for page in range(2, pages + 1)))
    return tuple(item for listed in (first, *rest) for item in listed.items)


async def _first_failure(*reads: Awaitable[Any]) -> list[Any]:
    """All reads at once; when any fails, the first failure is raised once every read has ended (none is
    left running unattended)."""
    answers = await asyncio.gather(*reads, return_exceptions=True)
    for answer in answers:
        if isinstance(answer, BaseException):
            raise answer
    return answers


async def read_record(backend: BackendClient, user_id: int) -> Record:
    person, overview, medicines, vaccinations = await _first_failure(
        backend.get_me(user_id),
        backend.get_record_overview(user_id),
        _every_page(lambda page: backend.list_prescriptions(user_id, status="ACTIVE", page=page, page_size=PAGE_SIZE)),
        _every_page(lambda page: backend.list_immunizations(user_id, page=page, page_size=PAGE_SIZE)),
    )
    return Record(person=person, overview=overview, medicines=medicines, vaccinations=vaccinations)


def _failed(manager: DialogManager, text: str) -> None:
    """A failure that is not the registry's refusal: "try again" is the way out."""
    manager.dialog_data[PERMISSION_KEY] = False
    manager.dialog_data[FAILED_KEY] = text


async def on_start(start_data: object, manager: DialogManager) -> None:
    manager.dialog_data.pop(FAILED_KEY, None)


async def on_language(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    language = button.widget_id if button.widget_id in EXTRACT_LANGUAGES else EXTRACT_LANGUAGES[0]
    manager.dialog_data[LANGUAGE_KEY] = language
    await _make_and_send(callback, manager, language)


async def on_retry(callback: CallbackQuery, button: Button, manager: DialogManager) -> None:
    language = manager.dialog_data.get(LANGUAGE_KEY)
    await _make_and_send(callback, manager, language if language in EXTRACT_LANGUAGES else EXTRACT_LANGUAGES[0])


async def _make_and_send(callback: CallbackQuery, manager: DialogManager, language: str) -> None:
    i18n = translator_of(manager)
    user_id = user_id_of(manager)
    record, failed = await attempt(manager, read_record(backend_of(manager), user_id))
    if record is None:
        manager.dialog_data[FAILED_KEY] = failed
        return
    locales: Locales = manager.middleware_data["locales"]
    extract_i18n = locales.translator(language)
    today = datetime.now(KYIV).date()
    document = extract_document(extract_i18n, record, today)
    try:
        pdf = await asyncio.to_thread(build_pdf, document)
    except ExtractNotMade as error:
        log.error("the medical extract was not made: %s", error)  # the kind of failure only, no data
        _failed(manager, i18n.get("extract-not-made"))
        return
    chat_id = callback.message.chat.id if callback.message is not None else user_id
    try:
        await callback.bot.send_document(  # type: ignore[union-attr]
            chat_id,
            BufferedInputFile(pdf, filename=file_name(extract_i18n, today)),
            caption=i18n.get("extract-caption", date=today),
            protect_content=True,
        )
    except TelegramRetryAfter:
        raise
    except TelegramAPIError:  # Telegram refused the file: the patient stays here and may try again
        _failed(manager, i18n.get("extract-not-sent"))
        return
    await manager.switch_to(RecordExtract.sent, show_mode=ShowMode.SEND)
