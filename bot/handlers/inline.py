"""Inline mode: `@bot педіатр Львів` in any chat answers from the backend's doctor directory.

Each result is a doctor card with a link back into the private chat (`start=doc_<employee_id>`), since
Telegram reports the chosen result only sometimes. Every answer is personal: it is written in the user's
language, and for a signed-in patient it leaves out doctors their age does not allow. A shared (non-personal)
cache would hand one user's language, or one patient's age filter, to everyone typing the same query.

Inline queries are keystrokes: Telegram sends one at almost every letter. They skip the per-user throttle and
are coalesced per user instead (`InlineKeystrokes`): the newest is always answered; an older one still
waiting its turn when a newer arrives is dropped unanswered (Telegram shows only the newest one's results).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import Bot, Router
from aiogram.enums import ParseMode
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQuery,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InlineQueryResultUnion,
    InputTextMessageContent,
    TelegramObject,
    Update,
)

from backend.domain.errors import InvalidValue
from backend.domain.text import fold, has_latin, latin_to_cyrillic
from backend.domain.validators import validate_person_name, validate_settlement_query
from bot.api_client import BackendClient, BackendError
from bot.api_models import DoctorHit, DoctorSearchPage
from bot.dialogs.common.doctor_card import doctor_card_text, free_places_text, speciality_name
from bot.dialogs.common.widgets import button_text
from bot.dialogs.doctor_search.query import parse_query, settlement_candidates
from bot.i18n import Translator

log = logging.getLogger(__name__)

PAGE_SIZE = 20  # Telegram allows 50 per answer; 20 keeps answers quick to build and to scroll
CACHE_SECONDS = 30  # free places change: a short cache keeps cards fresh
START_PARAMETER = "inline"  # the "open the bot" button's /start payload
MAX_OFFSET = 10_000  # the backend's own ceiling is higher; nobody scrolls this far
_DEEP_LINK_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SETTLEMENT_LOOKUPS = 5
INLINE_KEYSTROKES_KEY = "inline_keystrokes"  # workflow data: this dispatcher's `InlineKeystrokes`
DIRECTORY_LOADING = "directory_loading"  # the backend's error code while its first directory sync runs


class InlineKeystrokes:
    """Per user, the newest inline query wins: the ones it overtakes are dropped before they are searched.

    One user's updates are handled one at a time (the per-user lock of `bot.storage`), so a burst of
    keystrokes waits in line behind the one being searched. This notes each query as it arrives, before the
    lock: an outer middleware on `update` placed ahead of aiogram's FSM middleware. When a query's turn comes,
    the handler asks `superseded`, and a query a newer one has overtaken returns at once, unanswered. Newer
    means a higher update_id (Telegram numbers updates in the order they happen), so a keystroke delivered
    late is dropped on arrival rather than answered over the newer one. A search once begun is answered.

    The record is this worker's, in memory. With several webhook workers one user's keystrokes may reach
    different workers; each worker answers the newest it has seen, so the newest of all is always answered,
    at the cost of at most one extra search per worker in a burst. Entries live while a user has queries in
    flight.
    """

    def __init__(self) -> None:
        self._newest: dict[int, int] = {}  # user id → update_id of their newest inline query
        self._in_flight: Counter[int] = Counter()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, Update) or event.inline_query is None:
            return await handler(event, data)
        user_id = event.inline_query.from_user.id
        if self.superseded(user_id, event.update_id):
            return None  # a keystroke delivered after a newer one: the newer is answered
        self._newest[user_id] = event.update_id
        self._in_flight[user_id] += 1
        try:
            return await handler(event, data)
        finally:
            self._in_flight[user_id] -= 1
            if not self._in_flight[user_id]:
                del self._in_flight[user_id]
                del self._newest[user_id]

    def superseded(self, user_id: int, update_id: int) -> bool:
        """A newer inline query of the user's has arrived (in this worker)."""
        return self._newest.get(user_id, update_id) > update_id

    @property
    def users_in_flight(self) -> int:
        return len(self._newest)


@dataclass(frozen=True, slots=True)
class Criteria:
    speciality: str | None = None
    settlement: str | None = None
    q: str | None = None
    invalid: bool = False  # the name part cannot be a name: nothing to search for


def _offset(raw: str) -> int:
    return int(raw) if raw.isdigit() and int(raw) <= MAX_OFFSET else 0


async def _settlement(backend: BackendClient, candidate: str) -> str | None:
    """The settlement's name when `candidate` names one exactly (Latin spelled out in Cyrillic first)."""
    text = latin_to_cyrillic(candidate) if has_latin(candidate) else candidate
    try:
        text = validate_settlement_query(text)
    except InvalidValue:
        return None
    matches = await backend.find_settlements(text, limit=_SETTLEMENT_LOOKUPS)
    wanted = fold(text)
    return next((match.name for match in matches if fold(match.name) == wanted), None)


async def criteria_for(backend: BackendClient, text: str) -> Criteria:
    """Speciality words, then a settlement among the other words, then the rest as a doctor's name."""
    parsed = parse_query(text)
    settlement: str | None = None
    name_words = parsed.words
    for candidate, rest in settlement_candidates(parsed.words):
        settlement = await _settlement(backend, candidate)
        if settlement is not None:
            name_words = rest
            break
    if not name_words:
        return Criteria(speciality=parsed.speciality, settlement=settlement)
    try:
        name = validate_person_name(" ".join(name_words))
    except InvalidValue:
        return Criteria(invalid=True)
    return Criteria(speciality=parsed.speciality, settlement=settlement, q=name)


def start_link(bot_username: str, payload: str) -> str | None:
    """A t.me link that opens the bot with /start <payload>; None when Telegram would not accept it."""
    if not bot_username or not _DEEP_LINK_PAYLOAD.fullmatch(payload):
        return None
    return f"https://t.me/{bot_username}?start={payload}"


def doctor_result(i18n: Translator, hit: DoctorHit, bot_username: str) -> InlineQueryResultArticle:
    link = start_link(bot_username, f"doc_{hit.employee_id}")
    markup = (
        InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=i18n.get("inline-btn-submit"), url=link)]])
        if link
        else None
    )
    description = button_text(
        i18n,
        "inline-result-description",
        speciality=speciality_name(i18n, hit.speciality),
        division=hit.division_name,
        settlement=hit.settlement or "",
        places=free_places_text(i18n, hit),
    )
    return InlineQueryResultArticle(
        id=hit.employee_id[:64],
        title=hit.full_name,
        description=description,
        input_message_content=InputTextMessageContent(
            message_text=doctor_card_text(i18n, hit), parse_mode=ParseMode.HTML
        ),
        reply_markup=markup,
    )


def _note(
    i18n: Translator, result_id: str, key: str, bot_username: str, **arguments: object
) -> InlineQueryResultArticle:
    """A result that only explains (how to search, nothing found); sending it shares a link to the bot."""
    link = start_link(bot_username, START_PARAMETER)
    markup = (
        InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=i18n.get("inline-btn-open"), url=link)]])
        if link
        else None
    )
    return InlineQueryResultArticle(
        id=result_id,
        title=button_text(i18n, f"{key}-title", **arguments),
        description=button_text(i18n, f"{key}-description", **arguments),
        input_message_content=InputTextMessageContent(
            message_text=i18n.get(f"{key}-message", bot=bot_username, **arguments), parse_mode=ParseMode.HTML
        ),
        reply_markup=markup,
    )


async def _is_signed_in(backend: BackendClient, telegram_user_id: int) -> bool:
    try:
        return (await backend.get_account(telegram_user_id)).linked
    except BackendError:  # unknown to the backend (never pressed /start) or the backend is down
        return False


async def _search(backend: BackendClient, criteria: Criteria, offset: int, telegram_user_id: int) -> DoctorSearchPage:
    return await backend.search_doctors(
        q=criteria.q,
        speciality=criteria.speciality,
        settlement=criteria.settlement,
        offset=offset,
        limit=PAGE_SIZE,
        for_user=telegram_user_id,
    )


async def on_inline_query(
    query: InlineQuery,
    bot: Bot,
    backend: BackendClient,
    i18n: Translator,
    event_update: Update,
    inline_keystrokes: InlineKeystrokes,
) -> None:
    if inline_keystrokes.superseded(query.from_user.id, event_update.update_id):
        return  # the patient typed on while this one waited: the newer query is answered instead
    me = await bot.me()  # aiogram caches it after the first call
    username = me.username or ""
    open_bot = InlineQueryResultsButton(text=button_text(i18n, "inline-btn-open"), start_parameter=START_PARAMETER)
    text = " ".join(query.query.split())
    if not text:
        hint = _note(i18n, "hint", "inline-hint", username)
        await query.answer([hint], cache_time=CACHE_SECONDS, is_personal=True, button=open_bot)
        return
    offset = _offset(query.offset)
    try:
        criteria = await criteria_for(backend, text)
        page = None if criteria.invalid else await _search(backend, criteria, offset, query.from_user.id)
    except BackendError as error:
        log.warning("inline search failed: %s", error.code)
        # A first sync fills the directory in the background: say so, rather than "unavailable" for minutes.
        if error.code == DIRECTORY_LOADING:
            note = _note(i18n, "loading", "inline-loading", username)
        else:
            note = _note(i18n, "unavailable", "inline-unavailable", username)
        await query.answer([note], cache_time=0, is_personal=True, button=open_bot)
        return
    if page is None or (not page.items and offset == 0):
        # A speciality with nobody found, for a signed-in patient: their age is the likely reason.
        by_age = criteria.speciality is not None and await _is_signed_in(backend, query.from_user.id)
        key = "inline-nothing-speciality" if by_age else "inline-nothing"
        note = _note(i18n, "nothing", key, username, typed=text)
        await query.answer([note], cache_time=CACHE_SECONDS, is_personal=True, button=open_bot)
        return
    results: list[InlineQueryResultUnion] = [doctor_result(i18n, hit, username) for hit in page.items]
    await query.answer(
        results,
        cache_time=CACHE_SECONDS,
        is_personal=True,
        next_offset=str(page.next_offset) if page.next_offset is not None else "",
        button=open_bot,
    )


def create_router() -> Router:
    router = Router(name="inline")
    router.inline_query.register(on_inline_query)
    return router
