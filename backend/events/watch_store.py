"""The status watcher's tables: who is due, leasing a person to one watcher, and the last seen state.

Each function works in the caller's transaction; the watcher commits.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, case, delete, exists, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.events.watch_budget import DuePerson, WatchLane
from backend.events.watch_rules import SLOW_SCANS, EntityKind, Seen, StateKey
from backend.models import PersonLink, SigningSession, WatchSchedule, WatchState
from backend.signing.sessions import SigningKind

SIGNED = "signed"  # SigningSession.result once the registry accepted the signature (backend.services.signing)


async def schedule_new_links(session: AsyncSession, *, now: datetime) -> int:
    """Give every linked person without a schedule one, due now and first in line (they just signed in)."""
    missing = select(PersonLink.person_id).where(~exists().where(WatchSchedule.person_id == PersonLink.person_id))
    person_ids = list((await session.scalars(missing)).all())
    if person_ids:
        await session.execute(
            insert(WatchSchedule),
            [
                {"person_id": person_id, "next_poll_at": now, "pending": True, "lane": WatchLane.URGENT, "failures": 0}
                for person_id in person_ids
            ],
        )
    return len(person_ids)


async def forget_unlinked(session: AsyncSession) -> int:
    """Drop what we know about persons no longer linked (signed out, erased, session expired).

    The foreign keys cascade already; this also covers a database where they are not enforced.
    """
    unlinked = ~exists().where(PersonLink.person_id == WatchSchedule.person_id)
    orphan_ids = list((await session.scalars(select(WatchSchedule.person_id).where(unlinked))).all())
    if not orphan_ids:
        return 0
    await session.execute(delete(WatchState).where(WatchState.person_id.in_(orphan_ids)))
    await session.execute(delete(WatchSchedule).where(WatchSchedule.person_id.in_(orphan_ids)))
    return len(orphan_ids)


async def links_unmatched(session: AsyncSession) -> bool:
    """Whether links and schedules may not match one to one (a cheap count of each, not the anti-joins of
    `schedule_new_links` and `forget_unlinked`, which read every row: at 100,000 persons, every round)."""
    links = await session.scalar(select(func.count()).select_from(PersonLink))
    schedules = await session.scalar(select(func.count()).select_from(WatchSchedule))
    return links != schedules


async def due_persons(session: AsyncSession, *, now: datetime, limit: int) -> list[DuePerson]:
    """Up to `limit` due persons of each lane (urgent, timed, sweep), each lane longest waiting first: one index
    range per lane (`ix_watch_schedule_lane_due`), however many are due."""
    found: list[DuePerson] = []
    for lane in WatchLane:
        rows = await session.execute(
            select(WatchSchedule.person_id, WatchSchedule.next_poll_at)
            .where(WatchSchedule.lane == lane.value, WatchSchedule.next_poll_at <= now)
            .order_by(WatchSchedule.next_poll_at, WatchSchedule.person_id)
            .limit(limit)
        )
        found.extend(DuePerson(person_id, lane, next_poll_at) for person_id, next_poll_at in rows)
    return found


async def slow_scan_marks(session: AsyncSession, person_ids: Collection[str]) -> dict[str, dict[StateKey, Seen]]:
    """The marks of the slow-interval reads (`SLOW_SCANS`: when each was last read) of these persons, so the
    watcher can tell whether an urgent person's next poll is light or full before it plans the round."""
    marks: dict[str, dict[StateKey, Seen]] = {person_id: {} for person_id in person_ids}
    if not person_ids:
        return marks
    rows = await session.execute(
        select(
            WatchState.person_id, WatchState.entity_kind, WatchState.entity_id, WatchState.status, WatchState.due_at
        ).where(
            WatchState.person_id.in_(list(person_ids)),
            WatchState.entity_kind.in_([scan.value for scan in SLOW_SCANS]),
        )
    )
    for person_id, kind, entity_id, status, due_at in rows:
        marks[person_id][(EntityKind(kind), entity_id)] = Seen(status, due_at=due_at)
    return marks


async def request_created(session: AsyncSession, person_id: str, *, now: datetime) -> None:
    """The patient created a declaration request in the cabinet: their doctor's answer is what they wait for
    now, so the person moves to the urgent lane, due at once (the watcher records the new request silently and
    then polls it often). Nothing to do for a person the watcher does not know yet (a new link is due anyway)."""
    await session.execute(
        update(WatchSchedule)
        .where(WatchSchedule.person_id == person_id)
        .values(
            lane=WatchLane.URGENT.value,
            pending=True,
            next_poll_at=case((WatchSchedule.next_poll_at > now, now), else_=WatchSchedule.next_poll_at),
        )
        .execution_options(synchronize_session=False)
    )


async def lease(session: AsyncSession, person_ids: Collection[str], *, now: datetime, until: datetime) -> list[str]:
    """Take the due persons for this watcher until `until` (another replica's UPDATE re-checks the condition
    after ours commits and finds them no longer due). Returns the ids actually taken."""
    if not person_ids:
        return []
    result: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        update(WatchSchedule)
        .where(WatchSchedule.person_id.in_(list(person_ids)), WatchSchedule.next_poll_at <= now)
        .values(next_poll_at=until)
        .returning(WatchSchedule.person_id)
        .execution_options(synchronize_session=False)
    )
    return [str(person_id) for person_id in result.scalars()]


async def load_state(session: AsyncSession, person_id: str) -> dict[StateKey, Seen]:
    rows = await session.scalars(select(WatchState).where(WatchState.person_id == person_id))
    return {
        (EntityKind(row.entity_kind), row.entity_id): Seen(
            row.status, row.reason, row.reminded, row.due_at, row.doctor_name
        )
        for row in rows
    }


async def save_state(session: AsyncSession, person_id: str, state: Mapping[StateKey, Seen], *, now: datetime) -> None:
    """Replace the person's state with `state` (a person has a handful of objects: rewriting is simplest)."""
    await session.execute(delete(WatchState).where(WatchState.person_id == person_id))
    if state:
        await session.execute(
            insert(WatchState),
            [
                {
                    "person_id": person_id,
                    "entity_kind": kind.value,
                    "entity_id": entity_id,
                    "status": seen.status,
                    "reason": seen.reason,
                    "reminded": seen.reminded,
                    "due_at": seen.due_at,
                    "doctor_name": seen.doctor_name,
                    "seen_at": now,
                }
                for (kind, entity_id), seen in state.items()
            ],
        )


async def signed_through_us(
    session: AsyncSession, telegram_user_id: int, request_ids: Collection[str]
) -> frozenset[str]:
    """Which of these requests the patient signed on our signing page (that page already told them)."""
    if not request_ids:
        return frozenset()
    rows = await session.scalars(
        select(SigningSession.object_id).where(
            SigningSession.telegram_user_id == telegram_user_id,
            SigningSession.kind == SigningKind.DECLARATION_REQUEST.value,
            SigningSession.result == SIGNED,
            SigningSession.object_id.in_(list(request_ids)),
        )
    )
    return frozenset(object_id for object_id in rows if object_id is not None)
