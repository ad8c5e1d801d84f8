"""The user's language → `data["i18n"]` (a `Translator`) for every handler, getter and error handler.

The language lives in the user's FSM data (memory or Redis), so most updates need no backend call. On a
miss (a new user, or state lost) the backend's account decides; a user it does not know gets the language
of their Telegram app.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject, User

from bot.api_client import BackendClient, BackendError
from bot.dialogs.common.context import BACKEND_KEY
from bot.i18n import I18N_KEY, Locales, Translator, language_for

log = logging.getLogger(__name__)

LANGUAGE_KEY = "language"


async def remember_language(state: FSMContext, language: str) -> None:
    await state.update_data({LANGUAGE_KEY: language})


async def forget_language(state: FSMContext) -> None:
    """After erasing the account: the next update asks again (Telegram's language for an unknown user)."""
    await state.update_data({LANGUAGE_KEY: None})


async def switch_language(data: dict[str, Any], language: str) -> Translator:
    """Use `language` from now on, this update included (`data`: handler or dialog middleware data)."""
    locales: Locales = data["locales"]
    translator = locales.translator(language)
    await remember_language(data["state"], translator.language)
    data[I18N_KEY] = translator
    return translator


class LanguageMiddleware(BaseMiddleware):
    """Outer middleware on `update`: runs after aiogram's FSM middleware, so `data["state"]` is there."""

    def __init__(self, locales: Locales) -> None:
        self.locales = locales

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        state: FSMContext | None = data.get("state")
        language = self.locales.default
        if user is not None and state is not None:
            language = await self._language(user, state, data.get(BACKEND_KEY))
        data[I18N_KEY] = self.locales.translator(language)
        return await handler(event, data)

    async def _language(self, user: User, state: FSMContext, backend: BackendClient | None) -> str:
        stored = (await state.get_data()).get(LANGUAGE_KEY)
        if isinstance(stored, str):
            return stored
        fallback = language_for(user.language_code, self.locales.default)
        if backend is None:
            return fallback
        try:
            account = await backend.get_account(user.id)
        except BackendError as error:
            if error.code != "not_linked":  # an unknown user: the Telegram language until /start
                return fallback  # the backend is down: try again on the next update
            language = fallback
        else:
            language = account.language
        await remember_language(state, language)
        return language
