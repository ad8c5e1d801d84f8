"""Two bot workers in webhook mode behind one URL carry a patient's conversation.

The Telegram emulator delivers updates to a round-robin proxy in front of two workers — each its own
Dispatcher, Bot, backend client and Redis connection, sharing only Redis — the way a load balancer
spreads Telegram's deliveries over several machines. Every update must be handled exactly once, and the
conversation must carry on when the workers are restarted in the middle of it.
"""

from __future__ import annotations

import itertools
import socket
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiogram import Bot
from aiogram.types import Update
from aiohttp import web
from pydantic import SecretStr

from bot.api_client import BackendClient
from bot.app import create_bot, create_dispatcher
from bot.config import BotSettings
from bot.dedupe import RedisDeduplicator
from bot.storage import create_redis_storage
from bot.webhook import SECRET_HEADER, serving_webhook
from tests.bot.harness import SERVICE_TOKEN, Patient, Stack, person, text

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.redis]

SECRET = "two-workers_secret"
PATH = "/telegram/webhook"


def bound_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@dataclass
class RoundRobin:
    """A minimal load balancer: each POST goes to the next worker; a dead worker's request fails (502)."""

    targets: list[str] = field(default_factory=list)
    hits: Counter[str] = field(default_factory=Counter)
    _turn: itertools.count[int] = field(default_factory=itertools.count)

    async def handle(self, request: web.Request) -> web.Response:
        target = self.targets[next(self._turn) % len(self.targets)]
        headers = {name: request.headers[name] for name in ("content-type", SECRET_HEADER) if name in request.headers}
        try:
            async with (
                aiohttp.ClientSession() as session,
                session.post(target, data=await request.read(), headers=headers) as answer,
            ):
                self.hits[target] += 1
                return web.Response(status=answer.status, body=await answer.read())
        except aiohttp.ClientError:
            return web.Response(status=502)


@asynccontextmanager
async def serving_proxy(proxy: RoundRobin) -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_post(PATH, proxy.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    sock = bound_socket()
    await web.SockSite(runner, sock).start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        await runner.cleanup()


@dataclass
class Worker:
    url: str
    resources: AsyncExitStack


class Cluster:
    """Bot workers sharing one Redis key space; counts how often each update reached a dispatcher."""

    def __init__(self, stack: Stack, settings: BotSettings, redis_url: str, prefix: str) -> None:
        self.stack = stack
        self.settings = settings
        self.redis_url = redis_url
        self.prefix = prefix
        self.handled: Counter[int] = Counter()

    async def start_worker(self) -> Worker:
        resources = AsyncExitStack()
        storage, isolation = create_redis_storage(self.redis_url, prefix=self.prefix)
        resources.push_async_callback(storage.close)
        resources.push_async_callback(isolation.close)
        backend = BackendClient(self.stack.backend_url, SERVICE_TOKEN, timeout=self.settings.backend_timeout)
        resources.push_async_callback(backend.aclose)
        bot = create_bot(self.settings)
        resources.push_async_callback(bot.session.close)
        dispatcher = create_dispatcher(self.settings, backend, storage, isolation)
        self.stack._track_handled_updates(dispatcher)  # patients wait on it
        self._count_updates(dispatcher)
        deduplicator = RedisDeduplicator(storage.redis, self.settings.webhook_dedupe_ttl, prefix=self.prefix)
        running = await resources.enter_async_context(
            serving_webhook(dispatcher, bot, self.settings, deduplicator, sock=bound_socket())
        )
        return Worker(running.url, resources)

    def _count_updates(self, dispatcher: Any) -> None:
        feed_update = dispatcher.feed_update

        async def counted(bot: Bot, update: Update, **kwargs: Any) -> Any:
            self.handled[update.update_id] += 1
            return await feed_update(bot, update, **kwargs)

        dispatcher.feed_update = counted


@pytest_asyncio.fixture(loop_scope="module")
async def cluster(stack: Stack, patient: Patient, redis_url: str, redis_prefix: str) -> AsyncIterator[Any]:
    """The polling bot stopped; the emulator's webhook pointed at the proxy; polling restored after."""
    proxy = RoundRobin()
    await stack.stop_bot()
    async with serving_proxy(proxy) as proxy_url:
        settings = stack.settings.model_copy(
            update={
                "webhook_url": proxy_url,
                "webhook_path": PATH,
                "webhook_secret": SecretStr(SECRET),
                "webhook_max_connections": 10,
            }
        )
        cluster = Cluster(stack, settings, redis_url, redis_prefix)
        workers = [await cluster.start_worker(), await cluster.start_worker()]
        proxy.targets[:] = [worker.url for worker in workers]
        try:
            yield cluster, proxy, workers
        finally:
            for worker in workers:
                await worker.resources.aclose()
            janitor = create_bot(settings)
            try:
                await janitor.delete_webhook()
            finally:
                await janitor.session.close()
    await stack.start_bot()


async def test_two_workers_carry_one_conversation_each_step_once(cluster: Any, stack: Stack, patient: Patient) -> None:
    workers_cluster, proxy, workers = cluster
    webhook = stack.telegram.world.bot().webhook
    assert webhook is not None
    info = webhook.info()
    assert info["max_connections"] == 10 and info["url"].endswith(PATH)
    assert "callback_query" in info["allowed_updates"] and "message" in info["allowed_updates"]

    await patient.sign_in(person("adult_with_declaration"))
    seen = await patient.press(text("menu-settings"))

    assert text("settings-language") in patient.buttons(), seen.text
    assert text("notice-stale") not in patient.all_text()
    assert workers_cluster.handled, "no update went through the workers"
    assert set(workers_cluster.handled.values()) == {1}, workers_cluster.handled  # none lost, none twice
    assert all(proxy.hits[worker.url] >= 2 for worker in workers), proxy.hits  # both workers took part


async def test_workers_restarted_mid_dialog_continue_it(cluster: Any, stack: Stack, patient: Patient) -> None:
    workers_cluster, proxy, workers = cluster
    await patient.onboard()  # consent given, phone shared: the sign-in step waits
    sign_in_step = patient.last_message()

    for index, old in enumerate(list(workers)):  # every process replaced: only Redis remembers
        await old.resources.aclose()
        workers[index] = await workers_cluster.start_worker()
        proxy.targets[index] = workers[index].url

    result = await patient.sign_in_in_browser(person("adult_with_declaration"))
    assert result.status_code == 200, result.text
    seen = await patient.press_on(sign_in_step["message_id"], text("onboarding-sign-in-done"))

    assert text("notice-stale") not in seen.text
    assert text("menu-settings") in patient.buttons()
    assert set(workers_cluster.handled.values()) == {1}, workers_cluster.handled
