"""The backend's tables and outbox on both databases: migrations, time zones, concurrent claims."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from sqlalchemy import inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.db import make_engine, make_sessionmaker
from backend.domain.events import EventKind
from backend.events import outbox
from backend.migrate import alembic_config, migrate
from backend.models import OutboxEvent, TelegramAccount
from tests.conftest import create_postgres_database, drop_postgres_database

BACKEND_TABLES = {
    "telegram_accounts",
    "person_links",
    "auth_states",
    "signing_sessions",
    "declaration_request_keys",
    "outbox_events",
    "audit_log",
    "doctor_directory",
}


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A migrated, empty database of each kind; PostgreSQL gets a database of its own, dropped after."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'backend.sqlite3'}"
        return
    server_url = request.getfixturevalue("postgres_url")
    url = await create_postgres_database(server_url, "backend_test")
    try:
        yield url
    finally:
        await drop_postgres_database(server_url, url)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    await migrate(database_url)
    engine = make_engine(database_url)
    try:
        yield engine
    finally:
        await engine.dispose()


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_migrations_build_the_whole_schema_and_match_the_models(database_url: str) -> None:
    await migrate(database_url)
    engine = make_engine(database_url)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(_tables) >= BACKEND_TABLES

            def _check(sync: Connection) -> None:
                config = alembic_config(database_url)
                config.attributes["connection"] = sync
                command.check(config)  # raises when the models and the migrations disagree

            await connection.run_sync(_check)
        await migrate(database_url)  # idempotent: already at head

        async with engine.begin() as connection:

            def _downgrade(sync: Connection) -> None:
                config = alembic_config(database_url)
                config.attributes["connection"] = sync
                command.downgrade(config, "base")

            await connection.run_sync(_downgrade)
        async with engine.connect() as connection:
            assert await connection.run_sync(_tables) <= {"alembic_version"}
    finally:
        await engine.dispose()


async def _account(engine: AsyncEngine, telegram_user_id: int, now: datetime) -> None:
    async with make_sessionmaker(engine)() as session:
        session.add(
            TelegramAccount(
                telegram_user_id=telegram_user_id,
                chat_id=telegram_user_id,
                language="uk",
                notification_prefs={},
                unreachable=False,
                created_at=now,
                updated_at=now,
            )
        )
        await session.commit()


async def test_datetimes_come_back_aware_utc(engine: AsyncEngine) -> None:
    kyiv_noon = datetime(2026, 3, 1, 12, 0, tzinfo=ZoneInfo("Europe/Kyiv"))
    await _account(engine, 2**40 + 7, kyiv_noon)
    async with make_sessionmaker(engine)() as session:
        account = await session.scalar(select(TelegramAccount))
    assert account is not None
    assert account.telegram_user_id == 2**40 + 7  # beyond 32 bits
    assert account.created_at == kyiv_noon
    assert account.created_at.utcoffset() == timedelta(0) and account.created_at.hour == 10


async def test_concurrent_claims_never_hand_one_event_to_two_workers(engine: AsyncEngine) -> None:
    now = datetime.now(UTC)
    await _account(engine, 1, now)
    sessions = make_sessionmaker(engine)
    async with sessions() as session:
        account = await session.get(TelegramAccount, 1)
        assert account is not None
        for number in range(60):
            await outbox.emit(session, account, EventKind.REMINDER, {"n": number}, now=now)
        await session.commit()

    async def worker(name: str) -> list[int]:
        claimed: list[int] = []
        while True:
            async with sessions() as session:
                batch = await outbox.claim(session, worker_id=name, limit=7, lease_seconds=60, now=now, max_attempts=5)
            if not batch:
                return claimed
            claimed += [event.id for event in batch]

    results = await asyncio.gather(*(worker(f"w{index}") for index in range(4)))
    everything = [event_id for claimed in results for event_id in claimed]
    assert len(everything) == len(set(everything)) == 60

    async with sessions() as session:
        owners = {event.id: event.claimed_by for event in await session.scalars(select(OutboxEvent))}
    for index, claimed in enumerate(results):
        assert all(owners[event_id] == f"w{index}" for event_id in claimed)


async def test_leases_expire_and_acks_stick(engine: AsyncEngine) -> None:
    now = datetime.now(UTC)
    await _account(engine, 2, now)
    sessions = make_sessionmaker(engine)
    async with sessions() as session:
        account = await session.get(TelegramAccount, 2)
        assert account is not None
        await outbox.emit(session, account, EventKind.REMINDER, {}, now=now)
        await outbox.emit(session, account, EventKind.REMINDER, {}, now=now, available_at=now + timedelta(hours=1))
        await session.commit()
        first = await outbox.claim(session, worker_id="a", limit=10, lease_seconds=30, now=now, max_attempts=3)
        assert len(first) == 1  # the other one is not due yet
        later = now + timedelta(seconds=31)
        again = await outbox.claim(session, worker_id="b", limit=10, lease_seconds=30, now=later, max_attempts=3)
        assert [event.id for event in again] == [first[0].id] and again[0].attempts == 2
        assert await outbox.ack(session, [first[0].id], now=later) == 1
        much_later = now + timedelta(hours=2)
        rest = await outbox.claim(session, worker_id="c", limit=10, lease_seconds=30, now=much_later, max_attempts=3)
        assert len(rest) == 1 and rest[0].id != first[0].id
        # After max_attempts claims without an ack the event is no longer handed out.
        for step in range(1, 3):
            await outbox.claim(
                session,
                worker_id="c",
                limit=10,
                lease_seconds=30,
                now=much_later + timedelta(minutes=step),
                max_attempts=3,
            )
        assert (
            await outbox.claim(
                session, worker_id="c", limit=10, lease_seconds=30, now=much_later + timedelta(hours=1), max_attempts=3
            )
            == []
        )
