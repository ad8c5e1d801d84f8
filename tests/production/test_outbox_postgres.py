"""Outbox claims on PostgreSQL: rows one notifier holds are skipped by the others, never waited for,
and two notifiers working through the same queue deliver every event exactly once between them."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from backend.db import make_engine, make_sessionmaker
from backend.domain.events import EventKind
from backend.events import outbox
from backend.models import OutboxEvent, TelegramAccount

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.postgres]

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ACCOUNTS = 20


@pytest.fixture
async def engine(postgres_database: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(postgres_database)
    try:
        yield engine
    finally:
        await engine.dispose()


async def queue_events(sessions: async_sessionmaker[Any], count: int) -> None:
    async with sessions() as session:
        for user_id in range(1, ACCOUNTS + 1):
            session.add(
                TelegramAccount(
                    telegram_user_id=user_id,
                    chat_id=user_id,
                    language="uk",
                    notification_prefs={},
                    unreachable=False,
                    created_at=NOW,
                    updated_at=NOW,
                )
            )
        await session.flush()
        accounts = list(await session.scalars(select(TelegramAccount).order_by(TelegramAccount.telegram_user_id)))
        for number in range(count):
            await outbox.emit(session, accounts[number % ACCOUNTS], EventKind.REMINDER, {"n": number}, now=NOW)
        await session.commit()


async def claim(sessions: async_sessionmaker[Any], worker: str, limit: int) -> list[outbox.ClaimedEvent]:
    async with sessions() as session:
        return await outbox.claim(session, worker_id=worker, limit=limit, lease_seconds=60, now=NOW, max_attempts=5)


async def test_the_claim_asks_postgresql_to_skip_locked_rows(engine: AsyncEngine) -> None:
    sessions = make_sessionmaker(engine)
    await queue_events(sessions, 3)
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        assert len(await claim(sessions, "w", 10)) == 3
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    updates = [statement for statement in statements if statement.lstrip().upper().startswith("UPDATE")]
    assert len(updates) == 1 and "FOR UPDATE OF candidate SKIP LOCKED" in updates[0], updates


async def test_a_claimer_skips_rows_another_transaction_holds_instead_of_waiting(engine: AsyncEngine) -> None:
    sessions = make_sessionmaker(engine)
    await queue_events(sessions, 10)
    async with engine.connect() as holder:
        # Another notifier mid-claim: its transaction has locked the five oldest events.
        held = list(
            (await holder.execute(text("SELECT id FROM outbox_events ORDER BY id LIMIT 5 FOR UPDATE"))).scalars()
        )
        async with asyncio.timeout(5):  # a plain FOR UPDATE would wait here until the holder ends
            claimed = await claim(sessions, "other", 10)
        await holder.rollback()
    assert len(held) == 5
    assert {event.id for event in claimed}.isdisjoint(held)
    assert len(claimed) == 5


async def test_two_notifiers_deliver_a_thousand_events_exactly_once(engine: AsyncEngine) -> None:
    sessions = make_sessionmaker(engine)
    await queue_events(sessions, 1000)
    delivered: Counter[int] = Counter()
    by_worker: Counter[str] = Counter()

    async def notifier(name: str) -> None:
        while batch := await claim(sessions, name, 25):
            for claimed in batch:
                delivered[claimed.id] += 1
                by_worker[name] += 1
            await asyncio.sleep(0)  # the send to Telegram would yield here
            async with sessions() as session:
                assert await outbox.ack(session, [claimed.id for claimed in batch], now=NOW) == len(batch)

    await asyncio.gather(notifier("a"), notifier("b"))

    assert len(delivered) == 1000 and set(delivered.values()) == {1}
    assert by_worker["a"] > 0 and by_worker["b"] > 0  # both took part
    async with sessions() as session:
        pending = await session.scalar(select(OutboxEvent.id).where(OutboxEvent.sent_at.is_(None)).limit(1))
    assert pending is None
