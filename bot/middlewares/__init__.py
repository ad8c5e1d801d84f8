"""Middlewares: the user's language, per-user throttling, the typing indicator, answers sent again after a 429."""

from bot.middlewares.i18n import LanguageMiddleware, remember_language, switch_language
from bot.middlewares.throttling import ThrottlingMiddleware
from bot.middlewares.typing import TypingMiddleware

__all__ = ["LanguageMiddleware", "ThrottlingMiddleware", "TypingMiddleware", "remember_language", "switch_language"]
