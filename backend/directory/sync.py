"""Keeping the directory in step with the registry's bulk exports.

A full sync reads every employee record and the declaration limits, and removes what the registry no
longer lists; an incremental sync reads only the last few days of changes. Documents go to the index
in batches (one transaction each), so searches keep running while a sync writes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Protocol

from backend.directory.documents import DoctorDocument, document_from_record
from backend.directory.index import DoctorIndex
from backend.registry.port import DeclarationsLimit, DoctorRecord

log = logging.getLogger(__name__)

DISMISSED = "DISMISSED"
BATCH_SIZE = 1000


class DirectorySource(Protocol):
    """The part of `backend.registry.port.RegistryPort` a sync reads."""

    def bulk_employees(self, depth_days: int | None = None) -> AsyncIterator[DoctorRecord]: ...

    def declarations_limits(self) -> AsyncIterator[DeclarationsLimit]: ...


@dataclass(frozen=True, slots=True)
class SyncReport:
    upserted: int
    removed: int
    limits: int  # parties whose declaration limit and count were applied
    seconds: float


async def full_sync(registry: DirectorySource, index: DoctorIndex, *, batch_size: int = BATCH_SIZE) -> SyncReport:
    """Load every employee record; drop the dismissed and those the registry no longer lists; apply limits;
    then let the index tidy up (`DoctorIndex.maintain`)."""
    started = time.perf_counter()
    indexed_before = await index.employee_ids()
    listed: set[str] = set()
    dismissed: set[str] = set()
    upserted = await _upsert_records(registry.bulk_employees(), index, batch_size, listed, dismissed)
    removed = await index.remove((indexed_before - listed) | dismissed)
    limits = await _apply_limits(registry.declarations_limits(), index, batch_size)
    await index.maintain()
    return _report("full", upserted, removed, limits, started)


async def incremental_sync(
    registry: DirectorySource,
    index: DoctorIndex,
    depth_days: int,
    *,
    with_limits: bool = True,
    batch_size: int = BATCH_SIZE,
) -> SyncReport:
    """Apply the records changed in the last `depth_days` days, and (by default) refresh the limits.

    Limits change with every signed declaration, so they are refreshed each time unless asked not to.
    """
    if depth_days < 1:
        raise ValueError("depth_days must be at least 1")
    started = time.perf_counter()
    dismissed: set[str] = set()
    upserted = await _upsert_records(registry.bulk_employees(depth_days), index, batch_size, set(), dismissed)
    removed = await index.remove(dismissed)
    limits = await _apply_limits(registry.declarations_limits(), index, batch_size) if with_limits else 0
    return _report("incremental", upserted, removed, limits, started)


async def _upsert_records(
    records: AsyncIterator[DoctorRecord],
    index: DoctorIndex,
    batch_size: int,
    listed: set[str],
    dismissed: set[str],
) -> int:
    """Upsert every record not dismissed; collect the ids to keep in `listed`, the dismissed in `dismissed`.

    An id the stream lists twice ends in the set of its last appearance.
    """
    batch: list[DoctorDocument] = []
    upserted = 0
    async for record in records:
        if record.status == DISMISSED:
            listed.discard(record.employee_id)
            dismissed.add(record.employee_id)
            continue
        listed.add(record.employee_id)
        dismissed.discard(record.employee_id)
        batch.append(document_from_record(record))
        if len(batch) >= batch_size:
            await index.upsert_many(batch)
            upserted += len(batch)
            batch = []
    if batch:
        await index.upsert_many(batch)
        upserted += len(batch)
    return upserted


async def _apply_limits(limits: AsyncIterator[DeclarationsLimit], index: DoctorIndex, batch_size: int) -> int:
    batch: list[DeclarationsLimit] = []
    applied = 0
    async for limit in limits:
        batch.append(limit)
        if len(batch) >= batch_size:
            await index.apply_limits(batch)
            applied += len(batch)
            batch = []
    if batch:
        await index.apply_limits(batch)
        applied += len(batch)
    return applied


def _report(kind: str, upserted: int, removed: int, limits: int, started: float) -> SyncReport:
    report = SyncReport(upserted=upserted, removed=removed, limits=limits, seconds=time.perf_counter() - started)
    log.info(
        "directory sync done",
        extra={"sync": kind, "upserted": upserted, "removed": removed, "limits": limits, "seconds": report.seconds},
    )
    return report
