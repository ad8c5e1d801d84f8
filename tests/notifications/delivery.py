"""Helpers of the delivery tests and the benchmark: patients with an open chat, events straight into the outbox,
a notifier of our own against the emulator, and what each chat received.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
from sqlalchemy import func, select

from backend.domain.events import EventKind
from backend.events import outbox
from backend.models import OutboxEvent, TelegramAccount
from bot.api_client import BackendClient
from bot.app import create_bot
from bot.config import BotSettings
from bot.i18n import Locales
from bot.notifier.config import NotifierSettings
from bot.notifier.service import Notifier
from cabinet.stack import Stack
from sandbox.telegram.client import TelegramSandboxClient

# Every test event is a declaration that came into force, with a doctor name that numbers it.
EVENT_KIND = EventKind.DECLARATION_STATUS
_NUMBERED = re.compile(r"Лікар №(\d+)\b")


def numbered_payload(number: int) -> dict[str, object]:
    return {"declaration_id": f"bench-{number}", "status": "active", "doctor_name": f"Лікар №{number}"}


def number_of(message_text: str) -> int | None:
    match = _NUMBERED.search(message_text)
    return int(match.group(1)) if match else None


def fast_settings(**overrides: object) -> NotifierSettings:
    values: dict[str, object] = {"poll_interval": 0.2, "ack_interval": 0.1, **overrides}
    return NotifierSettings(_env_file=None, **values)  # type: ignore[arg-type]


async def open_chats(telegram: TelegramSandboxClient, backend: BackendClient, count: int) -> list[int]:
    """Users who started the bot (their chat exists in the emulator) and have a backend account."""
    gate = asyncio.Semaphore(8)

    async def one(index: int) -> int:
        async with gate:
            user = await telegram.create_user(f"Пацієнт {index}")
            await telegram.send_text(user["id"], "/start")
            await backend.upsert_account(user["id"], chat_id=user["id"], language="uk")
            return int(user["id"])

    return list(await asyncio.gather(*(one(index) for index in range(count))))


async def emit(stack: Stack, events: Sequence[tuple[int, int]]) -> None:
    """Queue (telegram user id, number) events in this order, as the backend's own code does."""
    services = stack.apps["backend"].state.services
    async with services.sessionmaker() as session:
        accounts = {
            account.telegram_user_id: account
            for account in await session.scalars(
                select(TelegramAccount).where(TelegramAccount.telegram_user_id.in_({user for user, _ in events}))
            )
        }
        now = services.clock.now()
        for user_id, number in events:
            await outbox.emit(session, accounts[user_id], EVENT_KIND, numbered_payload(number), now=now)
        await session.commit()


async def unsent(stack: Stack, user_ids: Iterable[int] | None = None) -> int:
    services = stack.apps["backend"].state.services
    query = select(func.count()).select_from(OutboxEvent).where(OutboxEvent.sent_at.is_(None))
    if user_ids is not None:
        query = query.where(OutboxEvent.telegram_user_id.in_(list(user_ids)))
    async with services.sessionmaker() as session:
        return int(await session.scalar(query) or 0)


async def received(telegram: TelegramSandboxClient, user_id: int) -> list[int]:
    """The numbers of the test events in the chat, in the order they arrived."""
    return [
        number
        for message in await telegram.messages(user_id)
        if message["direction"] == "bot" and (number := number_of(message.get("text", ""))) is not None
    ]


async def until(condition: Callable[[], bool], *, within: float = 10.0) -> None:
    """Wait for a condition on in-process counters (they have no event to wait on)."""
    async with asyncio.timeout(within):
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.02)


@dataclass
class RunningNotifier:
    notifier: Notifier
    task: asyncio.Task[None]

    async def stop(self) -> None:
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task

    async def sent(self, count: int, *, within: float = 60.0) -> None:
        """Wait until `count` messages went out and were acknowledged."""
        stats = self.notifier.stats
        await until(lambda: stats.sent >= count and stats.acknowledged >= count, within=within)


@asynccontextmanager
async def running_notifier(
    stack: Stack,
    settings: NotifierSettings,
    *,
    telegram_url: str | None = None,
    backend_transport: httpx.AsyncBaseTransport | None = None,
) -> AsyncIterator[RunningNotifier]:
    """A notifier process of its own (no dispatcher: greetings would carry the menu button)."""
    bot = create_bot(BotSettings(_env_file=None, telegram_api_url=telegram_url or stack.telegram_url or ""))  # type: ignore[call-arg]
    backend = BackendClient(
        stack.backend_url,
        BotSettings(_env_file=None).backend_service_token.get_secret_value(),
        transport=backend_transport,  # type: ignore[call-arg]
    )
    notifier = Notifier(bot, backend, Locales(), settings)
    running = RunningNotifier(notifier, asyncio.create_task(notifier.run()))
    try:
        yield running
    finally:
        await running.stop()
        await backend.aclose()
        await bot.session.close()
