"""Per-user throttling: a token bucket per user; updates beyond it are dropped with one gentle notice.

Inline queries pass untouched: they are keystrokes, Telegram sends one at almost every letter typed, and a
dropped one gets no answer at all (it has no chat to send a notice to) — if it was the last keystroke, the
results never come. They are coalesced instead, the newest winning (`bot.handlers.inline.InlineKeystrokes`).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import CallbackQuery, Message, TelegramObject, Update, User

from bot.i18n import I18N_KEY, Translator

# Idle users are forgotten once this many are tracked (a bucket refills fully after burst/rate seconds).
_MAX_TRACKED = 10_000


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


class ThrottlingMiddleware(BaseMiddleware):
    """Outer middleware on `update` (after the language middleware, so the notice is localized)."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._buckets: dict[int, _Bucket] = {}

    def allow(self, user_id: int) -> tuple[bool, bool]:
        """(allowed, first refusal since the user was last allowed)."""
        now = self._clock()
        bucket = self._buckets.get(user_id)
        if bucket is None:
            if len(self._buckets) >= _MAX_TRACKED:
                self._forget_idle(now)
            bucket = self._buckets[user_id] = _Bucket(tokens=float(self.burst), updated=now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.warned = False
            return True, False
        first = not bucket.warned
        bucket.warned = True
        return False, first

    def _forget_idle(self, now: float) -> None:
        full_after = self.burst / self.rate
        for user_id in [uid for uid, b in self._buckets.items() if now - b.updated > full_after]:
            del self._buckets[user_id]

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None or not isinstance(event, Update) or event.inline_query is not None:
            return await handler(event, data)
        allowed, first_refusal = self.allow(user.id)
        if allowed:
            return await handler(event, data)
        if first_refusal:
            await self._notify(event, data)
        return None

    @staticmethod
    async def _notify(update: Update, data: dict[str, Any]) -> None:
        i18n: Translator = data[I18N_KEY]
        bot: Bot = data["bot"]
        text = i18n.get("throttled")
        if isinstance(update.callback_query, CallbackQuery):
            await update.callback_query.answer(text)
        elif isinstance(update.message, Message):
            await bot.send_message(update.message.chat.id, text)
