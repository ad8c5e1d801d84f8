"""Composition root: settings → Bot, storage, Dispatcher (routers, dialogs, middlewares) and services.

Services reach handlers as workflow data (`backend`, `locales`, `settings`); nothing is global.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import logging
import random

import aiogram.methods
from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramRetryAfter
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response
from aiogram.types import BotCommand, BotCommandScopeDefault
from aiogram_dialog import setup_dialogs
from redis.asyncio import Redis

from bot.api_client import BackendClient
from bot.config import BotSettings
from bot.dialog_ids import use_random_dialog_ids
from bot.dialogs import create_flow_routers
from bot.dialogs.common.context import BACKEND_KEY
from bot.handlers import create_handler_routers
from bot.handlers.inline import INLINE_KEYSTROKES_KEY, InlineKeystrokes
from bot.i18n import LANGUAGES, Locales
from bot.middlewares import LanguageMiddleware, ThrottlingMiddleware, TypingMiddleware
from bot.middlewares.flood import HandlingUpdateMiddleware, RetryAfterMiddleware
from bot.notifier.config import NotifierSettings
from bot.notifier.limits import create_rate_limiter
from bot.notifier.router import create_router as create_notifier_router
from bot.notifier.service import Notifier
from bot.storage import create_bot_state
from bot.telegram_session import JsonBodySession

log = logging.getLogger(__name__)

COMMANDS = ("start", "menu", "help", "cancel", "language", "cabinets")
DIALOGS_KEY = "dialogs"  # workflow data: aiogram-dialog's BgManagerFactory (the notifier opens menus with it)


@functools.cache
def _pinned_response_models() -> frozenset[type]:
    """Every `Response[...]` model aiogram may parse an answer with, created once and kept for good.

    aiogram parametrises pydantic's generic `Response[...]` on every API call, and pydantic caches the
    parametrised classes only weakly: each garbage collection drops them, and the next call rebuilds the
    model and its schema (1-7 ms each). Under load that was a fifth of the bot's CPU. Holding one
    reference per class (~40 classes) keeps pydantic's cache warm. With aiogram's types deferred
    (`bot.deferred_types`) the classes are only created here (~30 ms); each builds its validator on the
    first answer it parses, once, and keeps it.
    """
    methods = (getattr(aiogram.methods, name) for name in aiogram.methods.__all__)
    returned = {
        method.__returning__
        for method in methods
        if isinstance(method, type) and issubclass(method, TelegramMethod) and method is not TelegramMethod
    }
    return frozenset(Response[returning] for returning in returned)


_startup_frozen = False


def freeze_startup_objects() -> None:
    """Hide what startup built (routers, dialogs, Fluent bundles, pydantic schemas) from the garbage collector.

    Those objects live as long as the process, yet every full collection walked all of them again: a
    full collection took ~0.35 s, ~12 % of the CPU in bench/updates.py. `gc.freeze()` moves them to a
    generation that is never collected. Once per process, when the first dispatcher is built: what is
    frozen is never freed, so processes that start many bots (the test suite) freeze only the first.
    """
    global _startup_frozen
    if not _startup_frozen:
        _startup_frozen = True
        gc.collect()
        gc.freeze()


def create_bot(settings: BotSettings) -> Bot:
    _pinned_response_models()
    session = (
        JsonBodySession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
        if settings.telegram_api_url
        else JsonBodySession()
    )
    session.middleware(RetryAfterMiddleware())
    return Bot(
        settings.token.get_secret_value(), session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML)
    )


def create_backend(settings: BotSettings) -> BackendClient:
    return BackendClient(
        settings.backend_url, settings.backend_service_token.get_secret_value(), timeout=settings.backend_timeout
    )


def create_dispatcher(
    settings: BotSettings,
    backend: BackendClient,
    storage: BaseStorage | None = None,
    events_isolation: BaseEventIsolation | None = None,
    locales: Locales | None = None,
) -> Dispatcher:
    locales = locales or Locales(default=settings.default_language)
    # Without a per-user lock aiogram handles one user's updates concurrently, and a tap made the instant a
    # button appears can read the dialog before the previous update saved it: the tap is lost as "stale".
    events_isolation = events_isolation or SimpleEventIsolation()
    dispatcher = Dispatcher(storage=storage or MemoryStorage(), events_isolation=events_isolation)
    # Workflow data: every handler, middleware and getter receives these by name.
    dispatcher[BACKEND_KEY] = backend
    dispatcher["locales"] = locales
    dispatcher["settings"] = settings
    # Inline queries are noted as they arrive, before the per-user lock in aiogram's FSM middleware, so that
    # one overtaken while it waited is dropped when its turn comes (see `InlineKeystrokes`).
    inline_keystrokes = dispatcher[INLINE_KEYSTROKES_KEY] = InlineKeystrokes()
    dispatcher.update.outer_middleware.unregister(dispatcher.fsm)
    dispatcher.update.outer_middleware(inline_keystrokes)
    dispatcher.update.outer_middleware(dispatcher.fsm)
    # Outer update middlewares run in order: aiogram's user and FSM context first, then ours.
    dispatcher.update.outer_middleware(HandlingUpdateMiddleware())  # answers refused by flood control: sent again
    dispatcher.update.outer_middleware(LanguageMiddleware(locales))
    dispatcher.update.outer_middleware(ThrottlingMiddleware(settings.throttle_rate, settings.throttle_burst))
    typing = TypingMiddleware(settings.typing_delay)
    dispatcher.message.middleware(typing)
    dispatcher.callback_query.middleware(typing)

    # The notifications' buttons first: a dialog on top of the stack would take any callback for its own.
    dispatcher.include_routers(create_notifier_router(), *create_handler_routers(), *create_flow_routers())
    # Before any dialog opens: aiogram-dialog's own ids repeat within a second (bot/dialog_ids.py).
    use_random_dialog_ids()
    dispatcher[DIALOGS_KEY] = setup_dialogs(dispatcher, events_isolation=events_isolation)
    command_menu = CommandMenu(locales)
    dispatcher.startup.register(command_menu.start)
    dispatcher.shutdown.register(command_menu.stop)
    return dispatcher


class CommandMenu:
    """The command menu in each language Telegram may show (the default one is Ukrainian), set in the background.

    The menu is cosmetic: the bot serves without it. So startup never fails on it and waits for the first
    attempt only briefly (`first_attempt_wait_s`; usually the menu is there before the first update). When the
    Bot API refuses the call (a server without setMyCommands answers 404, a failing one 5xx or a body that is
    not JSON; or the network fails), the error's class is logged and the menu is set again in the background
    after a pause that doubles up to `longest_retry_s` (with jitter, so that workers started together spread
    out), until Telegram accepts it or the bot stops.
    """

    first_attempt_wait_s = 5.0
    first_retry_s = 2.0
    longest_retry_s = 600.0

    def __init__(self, locales: Locales) -> None:
        self.locales = locales
        self._task: asyncio.Task[None] | None = None

    async def start(self, bot: Bot) -> None:
        """The dispatcher's startup handler: the first attempt, awaited for a moment; the rest in the background."""
        await self.stop()
        first_attempt = asyncio.Event()
        self._task = asyncio.create_task(self._set_until_accepted(bot, first_attempt), name="command-menu")
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self.first_attempt_wait_s):
                await first_attempt.wait()

    async def stop(self) -> None:
        """The dispatcher's shutdown handler: an attempt still waiting is given up (before the session closes)."""
        task, self._task = self._task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def set(self, bot: Bot) -> None:
        for language in (None, *LANGUAGES):
            i18n = self.locales.translator(language)
            commands = [BotCommand(command=name, description=i18n.get(f"command-{name}")) for name in COMMANDS]
            await bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=language)

    async def _set_until_accepted(self, bot: Bot, first_attempt: asyncio.Event) -> None:
        pause = self.first_retry_s
        attempt = 1
        while True:
            try:
                await self.set(bot)
            except Exception as error:  # whatever it is, the bot goes on serving
                first_attempt.set()
                wait = pause * random.uniform(0.5, 1.0)
                if isinstance(error, TelegramRetryAfter):
                    wait = max(wait, float(error.retry_after))
                log.warning(
                    "command menu not set (attempt %d: %s); trying again in %.1f s", attempt, type(error).__name__, wait
                )
                await asyncio.sleep(wait)
                pause = min(pause * 2, self.longest_retry_s)
                attempt += 1
            else:
                first_attempt.set()
                if attempt > 1:
                    log.info("command menu set at attempt %d", attempt)
                return


def used_update_types(dispatcher: Dispatcher) -> list[str]:
    """What to ask Telegram for; aiogram-dialog's internal event is not a Telegram update."""
    return dispatcher.resolve_used_update_types(skip_events={"aiogd_update"})


def start_notifier(
    bot: Bot, backend: BackendClient, dispatcher: Dispatcher, settings: NotifierSettings, redis: Redis | None = None
) -> asyncio.Task[None]:
    """The notifier beside polling: the same bot, backend client and texts; it opens menus through the dialogs.
    With `redis` its rate limits are shared with every other worker's notifier."""
    limiter = create_rate_limiter(settings, bot.id, redis)
    notifier = Notifier(bot, backend, dispatcher["locales"], settings, limiter=limiter, dialogs=dispatcher[DIALOGS_KEY])
    return asyncio.create_task(notifier.run(), name="notifier")


async def run_polling(
    settings: BotSettings | None = None,
    notifier_settings: NotifierSettings | None = None,
    *,
    handle_signals: bool = True,
) -> None:
    """Poll until cancelled (or, with `handle_signals`, until SIGINT/SIGTERM). A process that embeds the bot
    beside other components (`cabinet.stack`) passes False and handles the signals itself: aiogram's handlers
    would replace its own and stop only the polling."""
    settings = settings or BotSettings()
    notifier_settings = notifier_settings or NotifierSettings()
    state = create_bot_state(settings)
    bot = create_bot(settings)
    async with create_backend(settings) as backend:
        dispatcher = create_dispatcher(settings, backend, state.storage, state.isolation)
        freeze_startup_objects()
        notifier = (
            start_notifier(bot, backend, dispatcher, notifier_settings, state.redis)
            if notifier_settings.enabled
            else None
        )
        polling = asyncio.ensure_future(
            dispatcher.start_polling(bot, allowed_updates=used_update_types(dispatcher), handle_signals=handle_signals)
        )
        try:
            await asyncio.shield(polling)
        except asyncio.CancelledError:
            # Cancelled by the process that embeds the bot. A cancel would leave aiogram's poller running
            # while the session closes under its getUpdates (an error in the log); stop it aiogram's way.
            try:
                await dispatcher.stop_polling()
            except RuntimeError:  # "Polling is not started": nothing in flight yet
                polling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await polling
            raise
        finally:
            if notifier is not None:
                notifier.cancel()  # it finishes the messages in flight and acknowledges them
                with contextlib.suppress(asyncio.CancelledError):
                    await notifier
            await state.close()
            await bot.session.close()
