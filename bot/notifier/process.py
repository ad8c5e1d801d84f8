"""`cabinet notifier`: the notifier as a process of its own, beside bot workers that only handle updates.

With Redis (BOT_REDIS_URL) it shares the workers' dialog state, so after sign-in it opens the main menu in the
patient's chat itself, and Telegram's rate limits with every other notifier of the bot; without it the greeting
carries an "Open the menu" button that a worker answers, and the limits are this process's alone.
"""

from __future__ import annotations

import asyncio
import logging

from aiogram.fsm.storage.base import BaseEventIsolation
from redis.asyncio import Redis

from bot.app import DIALOGS_KEY, create_backend, create_bot, create_dispatcher
from bot.config import BotSettings
from bot.i18n import Locales
from bot.notifier.config import NotifierSettings
from bot.notifier.limits import create_rate_limiter
from bot.notifier.service import Notifier
from bot.storage import create_redis_storage, state_ttl

log = logging.getLogger(__name__)


async def run_notifier(settings: BotSettings | None = None, notifier_settings: NotifierSettings | None = None) -> None:
    settings = settings or BotSettings()
    notifier_settings = notifier_settings or NotifierSettings()
    locales = Locales(default=settings.default_language)
    bot = create_bot(settings)
    isolation: BaseEventIsolation | None = None
    async with create_backend(settings) as backend:
        dispatcher = None
        redis: Redis | None = None
        if settings.redis_url:
            storage, isolation = create_redis_storage(settings.redis_url, ttl=state_ttl(settings))
            redis = storage.redis
            # Never polled: it only runs what the background manager starts, on the workers' shared state.
            dispatcher = create_dispatcher(settings, backend, storage, isolation, locales)
        else:
            log.info(
                "no BOT_REDIS_URL: rate limits kept in this process (run one notifier) and after sign-in the "
                "greeting carries a menu button"
            )
        notifier = Notifier(
            bot,
            backend,
            locales,
            notifier_settings,
            limiter=create_rate_limiter(notifier_settings, bot.id, redis),
            dialogs=dispatcher[DIALOGS_KEY] if dispatcher else None,
        )
        try:
            await notifier.run()
        finally:
            if dispatcher is not None:
                await dispatcher.storage.close()
            if isolation is not None:
                await isolation.close()
            await bot.session.close()


def main() -> None:
    settings = BotSettings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(run_notifier(settings))
