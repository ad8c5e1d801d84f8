"""Keeping the directory in step with the registry.

eHealth's bulk export (`GET /api/pis/bulk/employees`, `Employee_bulk`) says which employees exist and
whether they work, by ids alone; the names, divisions and clinics a patient searches by come from the
public portal (`GET /api/stats/employees`, `GET /reports/stats/divisions`). A sync joins the three by
employee and division id:

- a full sync reads the whole export, the portal's whole doctor list and every division, upserts every
  working doctor the portal lists, and removes the rest (and what the registry no longer lists);
- an incremental sync reads the last few days of the export and the portal's doctors and divisions changed
  in those days (`updated_at_from`), asking one by one only for what the portal's list of changes lacks.

Documents go to the index in batches (one transaction each), so searches keep running while a sync writes.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, ParamSpec, Protocol, TypeVar

from backend.directory.documents import DoctorDocument, document_of
from backend.directory.index import DoctorIndex
from backend.registry.port import DeclarationsLimit, DivisionRef, EmployeeRecord, PortalDoctor

log = logging.getLogger(__name__)

BATCH_SIZE = 1000
# Walking all of Ukraine's ~25,000 divisions takes ~85 pages of 300: asking for more than this many one by one
# costs more calls (7,000 doctors changed in two days once needed 3,200 calls, 36 s against the sandbox).
DIVISIONS_ONE_BY_ONE_AT_MOST = 100

# While a sync runs, young objects are collected once per this many allocations instead of Python's 700.
YOUNG_COLLECTION_THRESHOLD = 100_000

T = TypeVar("T")
P = ParamSpec("P")


class DirectorySource(Protocol):
    """The part of `backend.registry.port.RegistryPort` a sync reads."""

    def bulk_employees(self, depth_days: int | None = None) -> AsyncIterator[EmployeeRecord]: ...

    def declarations_limits(self) -> AsyncIterator[DeclarationsLimit]: ...

    def portal_doctors(
        self,
        employee_id: str | None = None,
        *,
        updated_since: datetime | None = None,
        divisions: Mapping[str, DivisionRef] | None = None,
    ) -> AsyncIterator[PortalDoctor]: ...

    def portal_divisions(
        self, division_id: str | None = None, *, updated_since: datetime | None = None
    ) -> AsyncIterator[DivisionRef]: ...


@dataclass(frozen=True, slots=True)
class SyncReport:
    upserted: int
    removed: int
    limits: int  # parties whose declaration limit or count changed (and were written)
    seconds: float
    unnamed: int = 0  # working doctors of the export the portal does not list (left out)


def joined_document(
    record: EmployeeRecord,
    doctor: PortalDoctor,
    division: DivisionRef | None,
    limit: DeclarationsLimit | None = None,
) -> DoctorDocument:
    """One directory document: the export's status and qualifications, the portal's names and places; `limit`,
    the party's numbers when known.

    The portal's division (from the doctor list) has the name and address; the divisions search adds its type,
    contacts and coordinates when it lists the division. Made straight from the pair, not through a
    `DoctorRecord`: a first sync makes 100,000 of them."""
    if division is None or division.id != doctor.division.id:
        division = doctor.division
    return document_of(
        employee_id=record.employee_id,
        party_id=record.party_id,
        first_name=doctor.first_name,
        last_name=doctor.last_name,
        second_name=doctor.second_name,
        gender=None,  # neither the export nor the portal's list gives it
        speciality=record.speciality or doctor.speciality,
        position=record.position,
        about=None,  # only the portal's card has these (`get_doctor`)
        working_experience=None,
        division=division,
        legal_entity=doctor.legal_entity,
        declaration_limit=None if limit is None else limit.limit,  # the party's, from `declarations_limits`
        declaration_count=None if limit is None else limit.count,
        status=record.status,
        updated_at=record.updated_at,
    )


_collecting_rarely = 0  # syncs running with the raised threshold; the last to end restores it
_threshold_before: tuple[int, int, int] = gc.get_threshold()


def collecting_rarely(sync: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    """Run `sync` with the cyclic garbage collector's young generation collected rarely.

    A sync keeps hundreds of thousands of objects alive (the records waiting for their pair, the divisions,
    the ids kept), and the full collections that the default threshold sets off every ~70,000 allocations
    walk all of them: 7 of a replayed first sync's 23 s of CPU at 100,000 doctors. What a sync throws away
    holds no cycles and goes by reference counting: the replay's peak RSS moved by 1 MB."""

    @functools.wraps(sync)
    async def rarely(*args: P.args, **kwargs: P.kwargs) -> T:
        global _collecting_rarely, _threshold_before
        if _collecting_rarely == 0:
            _threshold_before = gc.get_threshold()
            gc.set_threshold(max(YOUNG_COLLECTION_THRESHOLD, _threshold_before[0]), *_threshold_before[1:])
        _collecting_rarely += 1
        try:
            return await sync(*args, **kwargs)
        finally:
            _collecting_rarely -= 1
            if _collecting_rarely == 0:
                gc.set_threshold(*_threshold_before)

    return rarely


@collecting_rarely
async def full_sync(registry: DirectorySource, index: DoctorIndex, *, batch_size: int = BATCH_SIZE) -> SyncReport:
    """Load every working doctor; drop the rest and those the registry no longer lists; apply limits;
    then let the index tidy up (`DoctorIndex.maintain`).

    The divisions and the limits are read first, both at once: every document is written with its division and
    its party's numbers, and the registry serves the two alone in a few seconds. Then the export and the portal's
    doctor list are walked at once, so the registry is never idle while this side reads and writes, nor this side
    while the registry answers (walked one after another they took twice as long). Each working record of the
    export meets its doctor of the portal's list in whatever order the two walks bring them (`_FullJoin`), and
    pairs are written in batches as they are made. With all four walked at once, the places were known only
    after ~8 s, while ~80,000 records and 20,000 pairs waited for them: at 100,000 doctors 21.0–23.4 s and a
    peak RSS of 507–513 MB, against 19.3–20.1 s and 489–504 MB with the places first (run in alternation)."""
    started = time.perf_counter()
    indexed_before = await index.employee_ids()
    changed = 0
    async with index.bulk_loading():
        divisions, limits = await _walk_together(
            _keyed(registry.portal_divisions(), lambda division: division.id),
            _keyed(registry.declarations_limits(), lambda limit: limit.party_id),
        )
        join = _FullJoin(index, batch_size, divisions, limits)

        # A pair is made without an await (a coroutine per item cost more than the pairing); a full batch is written.
        async def take_export() -> None:
            async for record in registry.bulk_employees():
                if join.add_record(record):
                    await join.write()
            join.export_finished()

        async def take_portal() -> None:
            async for doctor in registry.portal_doctors(divisions=divisions):
                if join.add_doctor(doctor):
                    await join.write()

        async def write_limits() -> None:
            nonlocal changed
            # Every record is written with its party's numbers, so the limits are written once, and only those
            # that changed: none is spread over rows afterwards (100,000 UPDATEs by party took seconds).
            changed = await _apply_limits(limits.values(), index, batch_size, spread=False)

        await _walk_together(take_export(), take_portal(), write_limits())
        await join.flush()
    removed = await index.remove(indexed_before - join.kept)
    await index.maintain()
    return _report("full", join.upserted, removed, changed, started, unnamed=len(join.records))


async def _walk_together(*walks: Coroutine[Any, Any, Any]) -> list[Any]:
    """Run the walks at once and return what each returned; one that fails stops the others, and its error is
    raised as it is.

    Neither a TaskGroup nor `gather`: in Python 3.11 both may raise a walk's error in place of a
    cancellation that comes with it, and a sync cancelled as a walk fails must end cancelled, not as a
    failure the syncer retries after its service was closed."""
    tasks = [asyncio.create_task(walk) for walk in walks]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.wait(tasks)  # the stopped walks end before the index leaves its bulk loading
    failed = [task for task in tasks if not task.cancelled() and task.exception() is not None]
    for task in failed:
        task.result()  # the walk's error, as it is
    return [task.result() for task in tasks]  # a walk cancelled raises CancelledError


class _FullJoin:
    """The export's working records and the portal's doctors, paired by employee id as they come.

    A record waits for its doctor and a doctor for its record; a doctor still waiting when the export has
    ended has no working record and is left out, as is a record the portal never lists (`records`, at the
    end). Pairs go to the index in batches, written with their division and their party's numbers. Each side
    holds only what the other has not brought yet: about half of either at the middle of a sync, not the whole
    export."""

    def __init__(
        self,
        index: DoctorIndex,
        batch_size: int,
        divisions: Mapping[str, DivisionRef],
        limits: Mapping[str, DeclarationsLimit],
    ) -> None:
        self._index = index
        self._batch_size = batch_size
        self._divisions = divisions
        self._limits = limits
        self.records: dict[str, EmployeeRecord] = {}  # working, not listed by the portal (yet)
        self._doctors: dict[str, PortalDoctor] = {}  # listed, without a working record (yet)
        self._export_ended = False
        self._pairs: list[tuple[EmployeeRecord, PortalDoctor]] = []
        self._writing = asyncio.Lock()  # the walks write in turn, batch after batch
        self.kept: set[str] = set()
        self.upserted = 0

    def add_record(self, record: EmployeeRecord) -> bool:
        """Take a record of the export; whether a batch of pairs is now due (`write`)."""
        if not record.works or record.employee_id in self.kept:
            return False
        doctor = self._doctors.pop(record.employee_id, None)
        if doctor is None:
            self.records[record.employee_id] = record
            return False
        return self._pair(record, doctor)

    def add_doctor(self, doctor: PortalDoctor) -> bool:
        """Take a doctor of the portal's list; whether a batch of pairs is now due (`write`)."""
        if doctor.employee_id in self.kept:
            return False
        record = self.records.pop(doctor.employee_id, None)
        if record is not None:
            return self._pair(record, doctor)
        if not self._export_ended:
            self._doctors.setdefault(doctor.employee_id, doctor)
        return False

    def export_finished(self) -> None:
        self._export_ended = True
        self._doctors.clear()  # listed, but not working by the export

    async def flush(self) -> None:
        while self._pairs:
            await self.write()

    def _pair(self, record: EmployeeRecord, doctor: PortalDoctor) -> bool:
        self.kept.add(record.employee_id)
        self._pairs.append((record, doctor))
        return len(self._pairs) >= self._batch_size

    async def write(self) -> None:
        """Write a batch of the pairs made (all of them, if fewer)."""
        divisions, limits = self._divisions, self._limits
        pairs, self._pairs = self._pairs[: self._batch_size], self._pairs[self._batch_size :]
        documents = [
            joined_document(record, doctor, divisions.get(doctor.division.id), limits.get(record.party_id))
            for record, doctor in pairs
        ]
        async with self._writing:
            await self._index.upsert_many(documents)
        self.upserted += len(documents)


@collecting_rarely
async def incremental_sync(
    registry: DirectorySource,
    index: DoctorIndex,
    depth_days: int,
    *,
    with_limits: bool = True,
    batch_size: int = BATCH_SIZE,
    now: datetime | None = None,
    divisions_one_by_one_at_most: int = DIVISIONS_ONE_BY_ONE_AT_MOST,
) -> SyncReport:
    """Apply the records changed in the last `depth_days` days, and (by default) refresh the limits.

    Limits change with every signed declaration, so they are refreshed each time unless asked not to. The
    changed doctors' divisions that did not change are asked for one by one up to
    `divisions_one_by_one_at_most`; more than that, and every division is walked once instead.
    """
    if depth_days < 1:
        raise ValueError("depth_days must be at least 1")
    started = time.perf_counter()
    since = (now or datetime.now(UTC)) - timedelta(days=depth_days)
    latest = {record.employee_id: record async for record in registry.bulk_employees(depth_days)}
    working = [record for record in latest.values() if record.works]
    wanted = {record.employee_id for record in working}
    # The portal's own list of what changed (`updated_at_from`): a few pages, not a call per doctor. A changed
    # record the portal does not count as changed (its notion of a change may differ) is asked for by id.
    doctors = {d.employee_id: d async for d in registry.portal_doctors(updated_since=since) if d.employee_id in wanted}
    for employee_id in sorted(wanted - set(doctors)):
        async for doctor in registry.portal_doctors(employee_id):
            doctors[doctor.employee_id] = doctor
    needed = {doctor.division.id for doctor in doctors.values()}
    divisions = {d.id: d async for d in registry.portal_divisions(updated_since=since) if d.id in needed}
    unchanged = needed - set(divisions)  # the changed doctors' divisions that did not change themselves
    if len(unchanged) > divisions_one_by_one_at_most:
        divisions.update({d.id: d async for d in registry.portal_divisions() if d.id in unchanged})
    else:
        for division_id in sorted(unchanged):
            async for division in registry.portal_divisions(division_id):
                divisions[division.id] = division
    upserted, kept = await _upsert(working, doctors, divisions, index, batch_size)
    removed = await index.remove(set(latest) - kept)
    limits = await _apply_limits(registry.declarations_limits(), index, batch_size) if with_limits else 0
    return _report("incremental", upserted, removed, limits, started, unnamed=len(working) - len(kept))


async def _keyed(items: AsyncIterator[T], key: Callable[[T], str]) -> dict[str, T]:
    return {key(item): item async for item in items}


async def _upsert(
    working: Iterable[EmployeeRecord],
    doctors: Mapping[str, PortalDoctor],
    divisions: Mapping[str, DivisionRef],
    index: DoctorIndex,
    batch_size: int,
) -> tuple[int, set[str]]:
    """Upsert every working record the portal names; return how many and their ids.

    A working record the portal does not list cannot be shown to a patient (no name, no place): it is
    left out, as the portal leaves it out.
    """
    batch: list[DoctorDocument] = []
    kept: set[str] = set()
    upserted = 0
    for record in working:
        doctor = doctors.get(record.employee_id)
        if doctor is None:
            continue
        kept.add(record.employee_id)
        batch.append(joined_document(record, doctor, divisions.get(doctor.division.id)))
        if len(batch) >= batch_size:
            await index.upsert_many(batch)
            upserted += len(batch)
            batch = []
    if batch:
        await index.upsert_many(batch)
        upserted += len(batch)
    return upserted, kept


async def _apply_limits(
    limits: AsyncIterator[DeclarationsLimit] | Iterable[DeclarationsLimit],
    index: DoctorIndex,
    batch_size: int,
    *,
    spread: bool = True,
) -> int:
    """Write the limits that changed, in batches (as they come); how many parties' numbers changed."""
    batch: list[DeclarationsLimit] = []
    changed = 0
    async for limit in _each(limits):
        batch.append(limit)
        if len(batch) >= batch_size:
            changed += await index.apply_limits(batch, spread=spread)
            batch = []
    if batch:
        changed += await index.apply_limits(batch, spread=spread)
    return changed


async def _each(items: AsyncIterator[T] | Iterable[T]) -> AsyncIterator[T]:
    if isinstance(items, AsyncIterator):
        async for item in items:
            yield item
    else:
        for item in items:
            yield item


def _report(kind: str, upserted: int, removed: int, limits: int, started: float, *, unnamed: int) -> SyncReport:
    report = SyncReport(
        upserted=upserted, removed=removed, limits=limits, seconds=time.perf_counter() - started, unnamed=unnamed
    )
    log.info(
        "directory sync done",
        extra={
            "sync": kind,
            "upserted": upserted,
            "removed": removed,
            "limits": limits,
            "unnamed": unnamed,
            "seconds": report.seconds,
        },
    )
    return report
