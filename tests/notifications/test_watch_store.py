"""The watcher's tables on both databases: new links scheduled, one watcher per person at a time, state kept
and forgotten with the link."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.db import make_engine, make_sessionmaker
from backend.events import watch_store
from backend.events.watch_budget import WatchLane
from backend.events.watch_rules import SCAN_ID, EntityKind, Seen
from backend.migrate import migrate
from backend.models import PersonLink, TelegramAccount, WatchSchedule, WatchState
from tests.conftest import create_postgres_database, drop_postgres_database

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
async def engine(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """A migrated, empty backend database of each kind; PostgreSQL gets a database of its own, dropped after."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'backend.sqlite3'}"
        await migrate(url)
        engine = make_engine(url)
        yield engine
        await engine.dispose()
        return
    server_url = request.getfixturevalue("postgres_url")
    url = await create_postgres_database(server_url, "watch_test")
    try:
        await migrate(url)
        engine = make_engine(url)
        yield engine
        await engine.dispose()
    finally:
        await drop_postgres_database(server_url, url)


async def link(sessions: async_sessionmaker[AsyncSession], telegram_user_id: int) -> str:
    person_id = str(uuid.uuid4())
    async with sessions() as session:
        session.add(
            TelegramAccount(
                telegram_user_id=telegram_user_id,
                chat_id=telegram_user_id,
                language="uk",
                notification_prefs={},
                unreachable=False,
                created_at=NOW,
                updated_at=NOW,
            )
        )
        await session.flush()
        session.add(
            PersonLink(
                telegram_user_id=telegram_user_id,
                person_id=person_id,
                linked_at=NOW,
                first_name="Олена",
                birth_date=date(1987, 3, 14),
                legal_capacity_confirmed=False,
                access_level="FULL",
                access_token_encrypted="x",
                refresh_token_encrypted="x",
                access_expires_at=NOW + timedelta(hours=1),
                token_scope="",
                updated_at=NOW,
            )
        )
        await session.commit()
    return person_id


async def test_new_links_are_due_at_once_and_first_in_line(engine: AsyncEngine) -> None:
    sessions = make_sessionmaker(engine)
    first = await link(sessions, 1)
    async with sessions() as session:
        assert await watch_store.schedule_new_links(session, now=NOW) == 1
        await session.commit()
    second = await link(sessions, 2)
    async with sessions() as session:
        assert await watch_store.schedule_new_links(session, now=NOW + timedelta(minutes=1)) == 1
        (await session.get(WatchSchedule, first)).lane = WatchLane.SWEEP  # type: ignore[union-attr]
        await session.commit()
        due = await watch_store.due_persons(session, now=NOW + timedelta(minutes=5), limit=10)
    assert [person.person_id for person in due] == [second, first]


async def test_two_watchers_never_take_the_same_person(engine: AsyncEngine) -> None:
    sessions = make_sessionmaker(engine)
    people = [await link(sessions, user) for user in range(10, 30)]
    async with sessions() as session:
        await watch_store.schedule_new_links(session, now=NOW)
        await session.commit()

    async def take() -> list[str]:
        async with sessions() as session:
            taken = await watch_store.lease(session, people, now=NOW, until=NOW + timedelta(minutes=5))
            await session.commit()
            return taken

    first, second = await asyncio.gather(take(), take())
    assert sorted(first + second) == sorted(people)
    assert not set(first) & set(second)


async def test_state_round_trips_and_goes_with_the_link(engine: AsyncEngine) -> None:
    sessions = make_sessionmaker(engine)
    person_id = await link(sessions, 40)
    state = {
        (EntityKind.REQUEST, "req-1"): Seen("NEW", None, True, NOW + timedelta(hours=3), "Петренко Ірина"),
        (EntityKind.DECLARATION, "decl-1"): Seen("terminated", "auto_reorganization"),
    }
    async with sessions() as session:
        await watch_store.schedule_new_links(session, now=NOW)
        await watch_store.save_state(session, person_id, state, now=NOW)
        await session.commit()
        assert await watch_store.load_state(session, person_id) == state

        await session.execute(delete(PersonLink).where(PersonLink.person_id == person_id))  # signed out
        await watch_store.forget_unlinked(session)
        await session.commit()
        assert await session.get(WatchSchedule, person_id) is None
        assert (await session.scalars(select(WatchState).where(WatchState.person_id == person_id))).all() == []


async def test_a_request_created_in_the_cabinet_moves_the_person_to_the_urgent_lane_due_now(
    engine: AsyncEngine,
) -> None:
    """The cabinet's declaration request creation calls `request_created`: the doctor's answer is what the
    patient waits for, so the person leaves the sweep (or the timed lane) for the urgent one, due at once —
    a person already overdue keeps their earlier moment (longest waiting first), an unknown person is no error."""
    sessions = make_sessionmaker(engine)
    swept, overdue = await link(sessions, 40), await link(sessions, 41)
    async with sessions() as session:
        await watch_store.schedule_new_links(session, now=NOW)
        for person_id, lane, at in (
            (swept, WatchLane.SWEEP, NOW + timedelta(minutes=30)),
            (overdue, WatchLane.TIMED, NOW - timedelta(minutes=10)),
        ):
            schedule = await session.get(WatchSchedule, person_id)
            assert schedule is not None
            schedule.lane, schedule.next_poll_at, schedule.pending = lane, at, False
        await session.commit()
    later = NOW + timedelta(minutes=1)
    async with sessions() as session:
        for person_id in (swept, overdue, "not-linked"):
            await watch_store.request_created(session, person_id, now=later)
        await session.commit()
    async with sessions() as session:
        rows = {
            row.person_id: (row.lane, row.pending, row.next_poll_at)
            for row in await session.scalars(select(WatchSchedule))
        }
        due = await watch_store.due_persons(session, now=later, limit=10)
    assert rows[swept] == (WatchLane.URGENT, True, later)
    assert rows[overdue] == (WatchLane.URGENT, True, NOW - timedelta(minutes=10))
    assert [(person.person_id, person.lane) for person in due] == [
        (overdue, WatchLane.URGENT),
        (swept, WatchLane.URGENT),
    ]


async def test_the_marks_of_the_slow_reads_are_read_for_the_persons_asked_only(engine: AsyncEngine) -> None:
    """What the watcher plans an urgent person's poll from (light or full): when each slow read was last made."""
    sessions = make_sessionmaker(engine)
    read, never = await link(sessions, 50), await link(sessions, 51)
    marks = {
        (EntityKind.PRESCRIPTION_SCAN, SCAN_ID): Seen("done", due_at=NOW),
        (EntityKind.LAB_RESULTS_SCAN, SCAN_ID): Seen("done", due_at=NOW - timedelta(minutes=5)),
    }
    async with sessions() as session:
        await watch_store.schedule_new_links(session, now=NOW)
        request = {(EntityKind.REQUEST, "req-1"): Seen("NEW", due_at=NOW + timedelta(hours=20))}
        await watch_store.save_state(session, read, {**marks, **request}, now=NOW)
        await session.commit()
        assert await watch_store.slow_scan_marks(session, [read, never]) == {read: marks, never: {}}
        assert await watch_store.slow_scan_marks(session, []) == {}
