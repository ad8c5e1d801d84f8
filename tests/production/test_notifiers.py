"""Two notifiers of one bot, each its own Bot, backend client and Redis connection, sharing the backend's
PostgreSQL outbox and Telegram's limits through Redis: 1,000 events reach the emulator (which enforces the same
limits) exactly once between them, without a single 429, and the two together never send faster than the limit.

The emulator's limits and the notifiers' rates are raised together (200 messages/s instead of Telegram's 30) to
keep the test short: what it proves is the sharing, not Telegram's number. If Redis cannot be reached the notifier
sends nothing rather than more than Telegram allows.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import time
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import pytest_asyncio
from pydantic import SecretStr
from redis.asyncio import Redis
from sqlalchemy import func, insert, select

from backend.app import create_app as create_backend_app
from backend.config import BackendSettings
from backend.domain.events import EventKind, default_preferences
from backend.events.watch_config import WatcherSettings
from backend.models import OutboxEvent, TelegramAccount
from backend.registry.ehealth import EHealthRegistry
from backend.registry.settings import EHealthSettings
from bot.api_client import BackendClient
from bot.app import create_bot
from bot.config import SANDBOX_BOT_TOKEN, BotSettings
from bot.i18n import Locales
from bot.notifier.config import NotifierSettings
from bot.notifier.limits import Admission, RateLimiter, RedisRateLimiter
from bot.notifier.service import Notifier
from cabinet.servers import bind_socket, serving, url_of
from sandbox.telegram.config import TelegramSandboxSettings
from sandbox.telegram.server import SandboxServer
from sandbox.telegram.server import create_app as create_telegram_app
from tests.notifications.delivery import fast_settings, numbered_payload, until

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.postgres, pytest.mark.redis]

SERVICE_TOKEN = "notifiers-test-service-token"
GLOBAL_RATE, GLOBAL_BURST = 200.0, 10
CHAT_RATE, CHAT_BURST = 1.0, 1
CHATS, EVENTS_PER_CHAT = 250, 4  # 1,000 events; at 1 a second per chat each chat takes at least 3 s
_NUMBERED = re.compile(r"Лікар №(\d+)\b")


@dataclass
class Rig:
    backend_app: Any
    backend_url: str
    telegram_app: Any
    telegram_url: str

    @property
    def world(self) -> Any:
        return self.telegram_app.state.world

    def emulator_stats(self) -> dict[str, int]:
        return dict(self.world.bot().stats.snapshot())

    def open_chats(self, count: int) -> list[int]:
        """Patients who started the bot: their chats exist in the emulator."""
        bot = self.world.bot()
        chats = []
        for index in range(count):
            user = self.world.create_user(f"Пацієнт {index}")
            bot.chat_with(user)
            chats.append(int(user.id))
        return chats

    async def queue(self, events: list[tuple[int, int]]) -> None:
        """Accounts and (chat, number) events in the backend's PostgreSQL outbox, the rows `outbox.emit` writes."""
        services = self.backend_app.state.services
        now = services.clock.now()
        async with services.sessionmaker() as session:
            await session.execute(
                insert(TelegramAccount),
                [
                    {
                        "telegram_user_id": chat,
                        "chat_id": chat,
                        "language": "uk",
                        "notification_prefs": default_preferences(),
                        "unreachable": False,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for chat in dict.fromkeys(chat for chat, _ in events)
                ],
            )
            await session.execute(
                insert(OutboxEvent),
                [
                    {
                        "telegram_user_id": chat,
                        "kind": EventKind.DECLARATION_STATUS.value,
                        "payload": numbered_payload(number),
                        "created_at": now,
                        "available_at": now,
                        "attempts": 0,
                    }
                    for chat, number in events
                ],
            )
            await session.commit()

    async def unsent(self, chats: list[int]) -> int:
        services = self.backend_app.state.services
        query = (
            select(func.count())
            .select_from(OutboxEvent)
            .where(OutboxEvent.sent_at.is_(None), OutboxEvent.telegram_user_id.in_(chats))
        )
        async with services.sessionmaker() as session:
            return int(await session.scalar(query) or 0)

    def received(self, chat: int) -> list[int]:
        """The numbers of the events that reached the chat, in the order they arrived."""
        return [
            int(match.group(1))
            for message in self.world.bot().chats[chat].messages.values()
            if message.direction == "bot" and (match := _NUMBERED.search(message.data.get("text", "")))
        ]


@pytest_asyncio.fixture(loop_scope="module")
async def rig(postgres_database: str) -> AsyncIterator[Rig]:
    """The backend on the test's own PostgreSQL database and the Telegram emulator, with the raised limits."""
    backend_sock, telegram_sock = bind_socket("127.0.0.1", 0), bind_socket("127.0.0.1", 0)
    backend_settings = BackendSettings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=postgres_database,
        migrate_on_startup=False,  # `cabinet migrate` ran in the fixture
        directory_sync_on_startup=False,
        service_token=SecretStr(SERVICE_TOKEN),
        public_url=url_of(backend_sock),
    )
    # Nothing here calls eHealth: the adapter points at a port nobody listens on.
    nowhere = "http://127.0.0.1:9"
    registry = EHealthRegistry(EHealthSettings(_env_file=None, auth_url=nowhere, api_url=nowhere))  # type: ignore[call-arg]
    backend_app = create_backend_app(
        backend_settings,
        registry,
        watcher_settings=WatcherSettings(_env_file=None, enabled=False),  # type: ignore[call-arg]
    )
    telegram_app = create_telegram_app(
        TelegramSandboxSettings(
            _env_file=None,  # type: ignore[call-arg]
            default_token=SecretStr(SANDBOX_BOT_TOKEN),
            global_rate_per_s=GLOBAL_RATE,
            # Room for the jitter between a grant in Redis and the request's arrival, a fifth of a second's worth;
            # two notifiers each sending at the full rate would overrun it within a second.
            global_burst=40,
            chat_rate_per_s=CHAT_RATE,
            chat_burst=2,
        )
    )
    world = telegram_app.state.world
    async with AsyncExitStack() as stack:
        stack.push_async_callback(registry.aclose)
        await stack.enter_async_context(
            serving(telegram_app, telegram_sock, server_factory=lambda config: SandboxServer(config, world))
        )
        await stack.enter_async_context(serving(backend_app, backend_sock))
        yield Rig(backend_app, url_of(backend_sock), telegram_app, url_of(telegram_sock))


@dataclass
class Grant:
    chat: int
    before: float  # time.time() just before asking Redis
    after: float  # ... and just after: Redis granted in between (Redis's TIME reads the same clock here)


@dataclass
class RecordingLimiter:
    """The notifier's limiter, watched: when each grant surely happened, and how often the global bucket said no."""

    inner: RateLimiter
    grants: list[Grant] = field(default_factory=list)
    global_refusals: int = 0

    async def acquire(self, chat_id: int, cost: int = 1) -> Admission:
        before = time.time()
        admission = await self.inner.acquire(chat_id, cost)
        if admission.granted:
            self.grants.append(Grant(chat_id, before, time.time()))
        elif not admission.chat_limited:
            self.global_refusals += 1
        return admission

    async def pause(self, seconds: float, chat_id: int | None = None) -> None:
        await self.inner.pause(seconds, chat_id)


def notifier_settings(worker_id: str) -> NotifierSettings:
    # Validation keeps production at Telegram's 30/s; the test raises the notifier and the emulator together.
    return fast_settings(worker_id=worker_id, concurrency=32).model_copy(
        update={"global_rate": GLOBAL_RATE, "global_burst": GLOBAL_BURST}
    )


@asynccontextmanager
async def running_notifier(rig: Rig, worker_id: str, limiter: RateLimiter) -> AsyncIterator[Notifier]:
    """A notifier process of its own: its own Bot session and backend client."""
    bot = create_bot(BotSettings(_env_file=None, telegram_api_url=rig.telegram_url))  # type: ignore[call-arg]
    backend = BackendClient(rig.backend_url, SERVICE_TOKEN)
    notifier = Notifier(bot, backend, Locales(), notifier_settings(worker_id), limiter=limiter)
    task = asyncio.create_task(notifier.run(), name=f"notifier-{worker_id}")
    try:
        yield notifier
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await backend.aclose()
        await bot.session.close()


def shared_limiter(redis: Redis, prefix: str) -> RecordingLimiter:
    return RecordingLimiter(
        RedisRateLimiter(
            redis,
            prefix=prefix,
            global_rate=GLOBAL_RATE,
            global_burst=GLOBAL_BURST,
            chat_rate=CHAT_RATE,
            chat_burst=CHAT_BURST,
        )
    )


async def test_two_notifiers_sharing_redis_limits_deliver_a_thousand_events_once_without_a_429(
    rig: Rig, redis_url: str, redis_prefix: str
) -> None:
    chats = rig.open_chats(CHATS)
    events = [(chat, turn * CHATS + index) for turn in range(EVENTS_PER_CHAT) for index, chat in enumerate(chats)]
    await rig.queue(events)
    before = rig.emulator_stats()

    async with AsyncExitStack() as stack:
        limiters: list[RecordingLimiter] = []
        notifiers: list[Notifier] = []
        for worker_id in ("notifier-a", "notifier-b"):
            redis = Redis.from_url(redis_url)  # each notifier its own connection, as separate processes have
            stack.push_async_callback(redis.aclose)
            limiters.append(shared_limiter(redis, redis_prefix))
            notifiers.append(await stack.enter_async_context(running_notifier(rig, worker_id, limiters[-1])))
        started = time.monotonic()
        await until(lambda: sum(n.stats.acknowledged for n in notifiers) >= len(events), within=45)
        elapsed = time.monotonic() - started

    after = rig.emulator_stats()
    # Exactly once, nothing left in the outbox.
    expected = defaultdict(list)
    for chat, number in events:
        expected[chat].append(number)
    for chat in chats:
        assert Counter(rig.received(chat)) == Counter(expected[chat]), chat
    assert await rig.unsent(chats) == 0
    assert after["messages_sent"] - before["messages_sent"] == len(events)
    # Telegram (the emulator, with the same limits) never had to say 429.
    assert after["rate_limited"] == before["rate_limited"]
    assert sum(n.stats.rate_limited for n in notifiers) == 0

    grants = sorted((grant for limiter in limiters for grant in limiter.grants), key=lambda grant: grant.before)
    assert len(grants) == len(events)
    # Both worked, and the shared global bucket was what held them back.
    assert all(limiter.grants for limiter in limiters)
    assert sum(limiter.global_refusals for limiter in limiters) > 0
    # Together never faster than the limit: the grants surely inside any window fit burst + rate × window.
    for window in (0.1, 0.5, 1.0):
        for first in grants:
            inside = sum(1 for grant in grants if grant.before >= first.before and grant.after <= first.before + window)
            assert inside <= GLOBAL_BURST + GLOBAL_RATE * window, (window, inside)
    # And one chat never got two within a second, whichever notifier sent them.
    by_chat: dict[int, list[Grant]] = defaultdict(list)
    for grant in grants:
        by_chat[grant.chat].append(grant)
    for chat_grants in by_chat.values():
        for earlier, later in itertools.pairwise(chat_grants):
            assert later.after - earlier.before >= 1 / CHAT_RATE
    assert elapsed < 45
    print(f"1,000 events by two notifiers in {elapsed:.1f} s")


async def test_a_notifier_that_cannot_reach_redis_sends_nothing_and_says_so_once(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    (chat,) = rig.open_chats(1)
    await rig.queue([(chat, 5000), (chat, 5001)])
    before = rig.emulator_stats()
    unreachable = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.5)
    try:
        limiter = shared_limiter(unreachable, "never-written")
        async with running_notifier(rig, "notifier-without-redis", limiter) as notifier:
            await until(lambda: notifier.stats.claimed >= 2, within=10)
            await asyncio.sleep(2.5)  # more than one round of asking the limiter again
            assert notifier.stats.sent == 0
    finally:
        await unreachable.aclose()
    assert rig.received(chat) == []
    assert rig.emulator_stats()["messages_sent"] == before["messages_sent"]
    failures = [record for record in caplog.records if record.getMessage().startswith("rate limiter failed")]
    assert len(failures) == 1  # one traceback per outage, however many rounds it lasted
