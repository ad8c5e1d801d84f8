"""Webhook delivery: the secret header, redelivery, order per chat, and aiogram's own webhook handler."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.exceptions import TelegramBadRequest, TelegramConflictError
from aiogram.methods import SendMessage
from aiogram.types import Message
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from sandbox.telegram.client import TelegramSandboxClient
from sandbox.telegram.server import RunningSandbox

SECRET = "s3cret_token-for_tests"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass
class Delivery:
    update_id: int
    chat_id: int | None
    secret: str | None


@dataclass
class Receiver:
    """A small webhook endpoint that records what it receives and answers as told."""

    url: str = ""
    failures_left: int = 0
    delay_s: float = 0.0
    deliveries: list[Delivery] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def handle(self, request: web.Request) -> web.Response:
        update = await request.json()
        chat = (update.get("message") or {}).get("chat") or {}
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay_s)
        finally:
            self.in_flight -= 1
        self.deliveries.append(Delivery(update["update_id"], chat.get("id"), request.headers.get(SECRET_HEADER)))
        self.arrived.set()
        if self.failures_left > 0:
            self.failures_left -= 1
            return web.Response(status=500)
        return web.Response()

    async def wait_for(self, count: int) -> None:
        async with asyncio.timeout(5):
            while len(self.deliveries) < count:
                self.arrived.clear()
                await self.arrived.wait()


@asynccontextmanager
async def serving(app: web.Application) -> AsyncIterator[str]:
    """Serve an aiohttp app on a free local port; yields its base URL."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    runner = web.AppRunner(app)
    await runner.setup()
    await web.SockSite(runner, listener).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        await runner.cleanup()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    endpoint = Receiver()
    app = web.Application()
    app.router.add_post("/hook", endpoint.handle)
    async with serving(app) as base:
        endpoint.url = f"{base}/hook"
        yield endpoint


@pytest.fixture
async def telegram(sandbox: RunningSandbox) -> AsyncIterator[TelegramSandboxClient]:
    async with TelegramSandboxClient(sandbox.url) as client:
        yield client


async def eventually(check: Callable[[], Awaitable[bool]], attempts: int = 250) -> None:
    """Poll webhook bookkeeping (getWebhookInfo has no event to wait on), for up to about 5 s."""
    for _ in range(attempts):
        if await check():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the condition was not reached")


async def test_updates_are_posted_with_the_secret_and_redelivered_after_an_error(
    bot: Bot, receiver: Receiver, telegram: TelegramSandboxClient
) -> None:
    receiver.failures_left = 1
    assert await bot.set_webhook(receiver.url, secret_token=SECRET) is True
    with pytest.raises(TelegramConflictError, match="can't use getUpdates method while webhook is active"):
        await bot.get_updates()

    user = await telegram.create_user("Олена")
    sent = await telegram.send_text(user["id"], "/start")
    await receiver.wait_for(2)

    assert [d.update_id for d in receiver.deliveries] == [sent["update_id"], sent["update_id"]]
    assert {d.secret for d in receiver.deliveries} == {SECRET}

    async def delivered() -> bool:
        return (await bot.get_webhook_info()).pending_update_count == 0

    await eventually(delivered)
    info = await bot.get_webhook_info()
    assert info.url == receiver.url and info.max_connections == 40
    assert info.last_error_message == "Wrong response from the webhook: 500 Internal Server Error"
    counters = (await telegram.stats())["bots"][str(bot.id)]
    assert (counters["webhook_failures"], counters["updates_delivered"]) == (1, 1)


async def test_each_chat_is_delivered_in_order_within_max_connections(
    bot: Bot, receiver: Receiver, telegram: TelegramSandboxClient
) -> None:
    receiver.delay_s = 0.05
    await bot.set_webhook(receiver.url, max_connections=2)
    users = [(await telegram.create_user(name))["id"] for name in ("Олена", "Іван", "Марія")]
    for round_number in range(4):
        for user_id in users:
            await telegram.send_text(user_id, f"повідомлення {round_number}")
    await receiver.wait_for(12)

    for user_id in users:
        ids = [d.update_id for d in receiver.deliveries if d.chat_id == user_id]
        assert len(ids) == 4 and ids == sorted(ids)
    assert receiver.max_in_flight == 2


async def test_webhook_settings_are_checked_and_pending_updates_survive_its_removal(
    bot: Bot, telegram: TelegramSandboxClient
) -> None:
    with pytest.raises(TelegramBadRequest, match="secret token contains unallowed characters"):
        await bot.set_webhook("http://127.0.0.1:9/hook", secret_token="not secret!")
    with pytest.raises(TelegramBadRequest, match="bad webhook: An HTTPS URL must be provided for webhook"):
        await bot.set_webhook("ftp://127.0.0.1/hook")

    # Port 9 (discard) refuses connections: the update stays pending, with the error on record.
    await bot.set_webhook("http://127.0.0.1:9/hook")
    user = await telegram.create_user("Олена")
    sent = await telegram.send_text(user["id"], "Є хто?")

    async def failed() -> bool:
        return (await bot.get_webhook_info()).last_error_date is not None

    await eventually(failed)
    assert (await bot.get_webhook_info()).pending_update_count == 1
    assert await bot.delete_webhook() is True
    assert (await bot.get_webhook_info()).url == ""
    updates = await bot.get_updates()
    assert [u.update_id for u in updates] == [sent["update_id"]]


def webhook_router() -> Router:
    router = Router()

    @router.message(F.text)
    async def echo(message: Message) -> SendMessage:
        # Returned, not awaited: aiogram puts the call into the webhook's HTTP answer.
        return message.answer(f"Ехо: {message.text}")

    return router


async def test_aiogram_webhook_handler_and_a_reply_in_the_webhook_answer(
    bot: Bot, telegram: TelegramSandboxClient
) -> None:
    dispatcher = Dispatcher()
    dispatcher.include_router(webhook_router())
    app = web.Application()
    SimpleRequestHandler(dispatcher, bot, secret_token=SECRET, handle_in_background=False).register(app, "/webhook")
    async with serving(app) as base:
        await bot.set_webhook(f"{base}/webhook", secret_token="a_wrong_secret")
        user = await telegram.create_user("Олена")
        await telegram.send_text(user["id"], "перший")

        async def refused() -> bool:
            return (await bot.get_webhook_info()).last_error_message is not None

        await eventually(refused)
        assert (await bot.get_webhook_info()).last_error_message == "Wrong response from the webhook: 401 Unauthorized"

        await bot.set_webhook(f"{base}/webhook", secret_token=SECRET)
        first = await telegram.wait_for_bot_message(user["id"])
        assert first["text"] == "Ехо: перший"
        await telegram.send_text(user["id"], "другий")
        assert (await telegram.wait_for_bot_message(user["id"]))["text"] == "Ехо: другий"
        await bot.delete_webhook()
