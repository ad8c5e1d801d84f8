"""Webhook mode: Telegram posts each update to one public URL served by one or more bot workers.

A request is handled in this order:

1. The `X-Telegram-Bot-Api-Secret-Token` header must equal BOT_WEBHOOK_SECRET (compared in constant
   time); otherwise 401 and nothing else happens.
2. The body must be an Update; otherwise 400.
3. A handling slot is taken (at most `webhook_concurrency` updates per worker); when none frees up
   within a moment the answer is 503, and Telegram delivers the update again later — possibly to a
   less busy worker.
4. The update_id is claimed (`bot.dedupe`): a redelivered copy is answered 200 and dropped.
5. The answer is 200 at once; the dispatcher handles the update in the background. Dialog state and
   per-user locks live in Redis (`bot.storage`), so any worker may handle any user's next update.

Workers never call deleteWebhook on the way down unless told to (BOT_WEBHOOK_DELETE_ON_SHUTDOWN): with
several workers one restarting must not switch the webhook off for the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import signal
import socket
import traceback
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import TelegramMethod
from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError

from bot.app import (
    create_backend,
    create_bot,
    create_dispatcher,
    freeze_startup_objects,
    start_notifier,
    used_update_types,
)
from bot.config import BotSettings
from bot.dedupe import UpdateDeduplicator
from bot.notifier.config import NotifierSettings
from bot.storage import create_bot_state

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name, not a secret
# How long a request waits for a free handling slot before the worker answers 503.
SLOT_WAIT_S = 2.0
# How long a stopping worker lets updates already accepted finish before cancelling them.
SHUTDOWN_GRACE_S = 10.0


def secret_matches(presented: str | None, expected: str) -> bool:
    """Constant-time comparison; a missing header never matches (an empty secret is refused earlier)."""
    if not presented or not expected:
        return False
    return hmac.compare_digest(presented.encode(), expected.encode())


def where_it_failed(error: BaseException) -> str:
    """`module:line` of the innermost frame: enough to find a bug, free of the message's personal data."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return "?"
    frame = frames[-1]
    return f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}"


class WebhookReceiver:
    """The aiohttp handler of the webhook path: checks, deduplicates, and hands updates to the dispatcher."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        bot: Bot,
        *,
        secret: str,
        deduplicator: UpdateDeduplicator,
        concurrency: int,
        slot_wait: float = SLOT_WAIT_S,
    ) -> None:
        if not secret:
            raise ValueError("a webhook needs a secret token (BOT_WEBHOOK_SECRET)")
        self.dispatcher = dispatcher
        self.bot = bot
        self._secret = secret
        self._deduplicator = deduplicator
        self._slots = asyncio.Semaphore(concurrency)
        self._slot_wait = slot_wait
        self._in_flight: set[asyncio.Task[None]] = set()

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    async def handle(self, request: web.Request) -> web.Response:
        if not secret_matches(request.headers.get(SECRET_HEADER), self._secret):
            return web.Response(status=401, text="Unauthorized")
        try:
            update = Update.model_validate(await request.json(), context={"bot": self.bot})
        except (ValueError, ValidationError):  # not JSON, or not an Update
            return web.Response(status=400, text="Bad Request")
        try:
            async with asyncio.timeout(self._slot_wait):
                await self._slots.acquire()
        except TimeoutError:
            log.warning("webhook busy: update %d refused for redelivery", update.update_id)
            return web.Response(status=503, text="Busy")
        try:
            first = await self._deduplicator.first_delivery(self.bot.id, update.update_id)
        except Exception as error:  # Redis unreachable: let Telegram deliver it again later
            self._slots.release()
            log.error("update %d not claimed: %s", update.update_id, type(error).__name__)
            return web.Response(status=503, text="Unavailable")
        if not first:
            self._slots.release()
            log.info("update %d was already handled: a redelivered copy dropped", update.update_id)
            return web.Response(status=200)
        task = asyncio.create_task(self._process(update), name=f"update-{update.update_id}")
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)
        return web.Response(status=200)

    async def _process(self, update: Update) -> None:
        try:
            result = await self.dispatcher.feed_update(self.bot, update)
            if isinstance(result, TelegramMethod):
                await self.dispatcher.silent_call_request(self.bot, result)
        except Exception as error:
            # Not the message nor the update: either may carry what a patient typed.
            log.error("update %d failed: %s at %s", update.update_id, type(error).__name__, where_it_failed(error))
        finally:
            self._slots.release()

    async def close(self, grace: float = SHUTDOWN_GRACE_S) -> None:
        """Let accepted updates finish (they were answered 200: Telegram will not send them again)."""
        if not self._in_flight:
            return
        _, unfinished = await asyncio.wait(set(self._in_flight), timeout=grace)
        for task in unfinished:
            task.cancel()
        for task in unfinished:
            with contextlib.suppress(asyncio.CancelledError):
                await task


def create_web_app(receiver: WebhookReceiver, path: str) -> web.Application:
    app = web.Application()
    app.router.add_post(path, receiver.handle)
    return app


@dataclass
class RunningWebhook:
    receiver: WebhookReceiver
    url: str  # where this worker listens (http://host:port/path), not the public URL


@contextlib.asynccontextmanager
async def serving_webhook(
    dispatcher: Dispatcher,
    bot: Bot,
    settings: BotSettings,
    deduplicator: UpdateDeduplicator,
    *,
    sock: socket.socket | None = None,
    **workflow_data: Any,
) -> AsyncIterator[RunningWebhook]:
    """Serve the webhook path and run the dispatcher's startup/shutdown around it.

    `sock` is a socket already bound (tests bind port 0); without it the server binds
    BOT_WEBHOOK_HOST:BOT_WEBHOOK_PORT. setWebhook is called once the server accepts connections, so
    Telegram's first delivery finds it.
    """
    receiver = WebhookReceiver(
        dispatcher,
        bot,
        secret=settings.webhook_secret.get_secret_value(),
        deduplicator=deduplicator,
        concurrency=settings.webhook_concurrency,
    )
    # No access log: the path is fixed and aiohttp's line would add nothing but noise.
    runner = web.AppRunner(create_web_app(receiver, settings.webhook_path), access_log=None)
    startup_data = {"dispatcher": dispatcher, "bots": [bot], "bot": bot, **dispatcher.workflow_data, **workflow_data}
    await dispatcher.emit_startup(**startup_data)
    await runner.setup()
    try:
        site = (
            web.SockSite(runner, sock)
            if sock is not None
            else web.TCPSite(runner, settings.webhook_host, settings.webhook_port)
        )
        await site.start()
        host, port = (sock or _bound_socket(site)).getsockname()[:2]
        if settings.webhook_set_on_startup:
            await bot.set_webhook(
                url=settings.webhook_endpoint,
                secret_token=settings.webhook_secret.get_secret_value(),
                max_connections=settings.webhook_max_connections,
                allowed_updates=used_update_types(dispatcher),
            )
        log.info("webhook worker listening on %s:%d%s", host, port, settings.webhook_path)
        yield RunningWebhook(receiver, f"http://{host}:{port}{settings.webhook_path}")
    finally:
        if settings.webhook_delete_on_shutdown:
            with contextlib.suppress(Exception):
                await bot.delete_webhook()
        await runner.cleanup()  # stops accepting; requests being answered finish first
        await receiver.close()
        await dispatcher.emit_shutdown(**startup_data)


def _bound_socket(site: web.TCPSite) -> socket.socket:
    server = site._server  # aiohttp keeps the asyncio server private; only the bound port is read
    if server is None or not getattr(server, "sockets", None):
        raise RuntimeError("the webhook server is not listening")
    sock: socket.socket = server.sockets[0]  # type: ignore[union-attr]
    return sock


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not on every platform/thread
            loop.add_signal_handler(signum, stop.set)


async def run_webhook(
    settings: BotSettings | None = None,
    notifier_settings: NotifierSettings | None = None,
    *,
    stop: asyncio.Event | None = None,
) -> None:
    """One bot worker in webhook mode, until SIGTERM/SIGINT (or `stop` is set)."""
    settings = settings or BotSettings()
    notifier_settings = notifier_settings or NotifierSettings()
    if not settings.webhook_secret.get_secret_value():
        raise ValueError("webhook mode needs BOT_WEBHOOK_SECRET")
    if settings.webhook_set_on_startup and not settings.webhook_url:
        raise ValueError("webhook mode needs BOT_WEBHOOK_URL (or BOT_WEBHOOK_SET_ON_STARTUP=false)")
    if stop is None:
        stop = asyncio.Event()
        _stop_on_signals(stop)
    state = create_bot_state(settings)
    bot = create_bot(settings)
    try:
        async with create_backend(settings) as backend:
            dispatcher = create_dispatcher(settings, backend, state.storage, state.isolation)
            deduplicator = state.deduplicator(settings.webhook_dedupe_ttl)
            freeze_startup_objects()
            async with serving_webhook(dispatcher, bot, settings, deduplicator):
                notifier = (
                    start_notifier(bot, backend, dispatcher, notifier_settings, state.redis)
                    if notifier_settings.enabled
                    else None
                )
                try:
                    await stop.wait()
                finally:
                    if notifier is not None:
                        notifier.cancel()  # it finishes the messages in flight and acknowledges them
                        with contextlib.suppress(asyncio.CancelledError):
                            await notifier
    finally:
        await state.close()
        await bot.session.close()


def main() -> int:
    """`cabinet bot --webhook`."""
    settings = BotSettings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    asyncio.run(run_webhook(settings))
    return 0
