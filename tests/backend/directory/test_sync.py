"""Syncing the directory from the registry's bulk exports joined with its public portal.

`ListedRegistry` holds doctors as whole records and serves them the way eHealth does: the bulk export
with ids only (filtered by `depth`: records changed within that many days), the portal's doctor list
with names, division and clinic (working doctors only), and the portal's divisions with their
contacts and place; everything else is the real index.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.directory.documents import document_from_record
from backend.directory.index import DoctorIndex
from backend.directory.query import DoctorQuery
from backend.directory.sync import YOUNG_COLLECTION_THRESHOLD, full_sync, incremental_sync
from backend.registry.errors import RegistryUnavailable
from backend.registry.port import (
    DeclarationsLimit,
    DivisionRef,
    DoctorRecord,
    EmployeeRecord,
    LegalEntityRef,
    Phone,
    PortalDoctor,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
T = TypeVar("T")


def record(employee_id: str, last_name: str, *, days_ago: int = 30, **overrides: Any) -> DoctorRecord:
    values: dict[str, Any] = {
        "employee_id": employee_id,
        "party_id": f"party-{employee_id}",
        "first_name": "Ольга",
        "last_name": last_name,
        "second_name": "Іванівна",
        "gender": None,
        "speciality": "FAMILY_DOCTOR",
        "position": "P7",
        "status": "APPROVED",
        "about": None,
        "working_experience": None,
        "educations": (),
        "division": DivisionRef(
            id="division-1",
            name="Амбулаторія № 3",
            address="вул. Зелена, 5, Львів",
            settlement="Львів",
            settlement_type="CITY",
            area="Львівська",
            phones=(Phone("LAND_LINE", "+380322000000"),),
            working_hours={"tue": (("09.00", "18.00"),)},
            latitude=49.84,
            longitude=24.03,
            type="AMBULANT_CLINIC",
        ),
        "legal_entity": LegalEntityRef(id="clinic-7", name="КНП «Міська поліклініка № 7»", status="ACTIVE"),
        "declaration_limit": None,
        "updated_at": NOW - timedelta(days=days_ago),
    }
    values.update(overrides)
    return DoctorRecord(**values)


class ListedRegistry:
    def __init__(self, records: Sequence[DoctorRecord], limits: Sequence[DeclarationsLimit] = ()) -> None:
        self.records = list(records)
        self.limits = list(limits)
        self.limit_reads = 0
        self.unlisted: set[str] = set()  # working doctors the portal does not show
        self.portal_asks: list[str | None] = []  # an employee id, None (all), or "changed" (updated_at_from)
        self.division_asks: list[str | None] = []
        self.unseen_changes: set[str] = set()  # changed in the export, not in the portal's list of changes
        self.still_divisions: set[str] = set()  # divisions the portal's list of changes never lists

    async def bulk_employees(self, depth_days: int | None = None) -> AsyncIterator[EmployeeRecord]:
        for item in self.records:
            changed = item.updated_at is not None and item.updated_at >= NOW - timedelta(days=depth_days or 0)
            if depth_days is None or changed:
                yield EmployeeRecord(
                    employee_id=item.employee_id,
                    party_id=item.party_id,
                    legal_entity_id=item.legal_entity.id,
                    division_id=item.division.id,
                    status=item.status or "APPROVED",
                    is_active=True,
                    employee_type="DOCTOR",
                    position=item.position,
                    speciality=item.speciality,
                    updated_at=item.updated_at,
                )

    async def portal_doctors(
        self,
        employee_id: str | None = None,
        *,
        updated_since: datetime | None = None,
        divisions: Mapping[str, DivisionRef] | None = None,
    ) -> AsyncIterator[PortalDoctor]:
        self.portal_asks.append(employee_id if updated_since is None else "changed")
        for item in self.records:
            listed = item.status == "APPROVED" and item.employee_id not in self.unlisted
            changed = updated_since is None or (
                item.updated_at is not None
                and item.updated_at >= updated_since
                and item.employee_id not in self.unseen_changes
            )
            if listed and changed and employee_id in (None, item.employee_id):
                # The portal's list has the division's name and address only.
                division = DivisionRef(
                    id=item.division.id, name=item.division.name, address=item.division.address, settlement="?"
                )
                yield PortalDoctor(
                    employee_id=item.employee_id,
                    party_id=item.party_id,
                    first_name=item.first_name,
                    last_name=item.last_name,
                    second_name=item.second_name,
                    speciality=item.speciality,
                    division=division,
                    legal_entity=item.legal_entity,
                )

    async def portal_divisions(
        self, division_id: str | None = None, *, updated_since: datetime | None = None
    ) -> AsyncIterator[DivisionRef]:
        self.division_asks.append(division_id if updated_since is None else "changed")
        divisions = {item.division.id: item.division for item in self.records}
        # A division counts as changed with the latest change of any record in it (the fake has no other clock).
        changed_at = {
            found_id: max(item.updated_at or NOW for item in self.records if item.division.id == found_id)
            for found_id in divisions
        }
        for found_id, division in sorted(divisions.items()):
            changed = updated_since is None or (
                changed_at[found_id] >= updated_since and found_id not in self.still_divisions
            )
            if changed and division_id in (None, found_id):
                yield division

    async def declarations_limits(self) -> AsyncIterator[DeclarationsLimit]:
        self.limit_reads += 1
        for limit in self.limits:
            yield limit


def test_a_document_carries_the_records_division_and_clinic() -> None:
    source = record("e-1", "Мельник")
    document = document_from_record(source)
    assert document.full_name == "Мельник Ольга Іванівна"
    assert (document.division_id, document.division_type, document.settlement, document.area) == (
        "division-1",
        "AMBULANT_CLINIC",
        "Львів",
        "Львівська",
    )
    assert document.phones == ("+380322000000",)
    assert document.working_hours == {"tue": (("09.00", "18.00"),)}
    assert (document.legal_entity_id, document.legal_entity_status) == ("clinic-7", "ACTIVE")
    assert (document.declaration_limit, document.free_places) == (None, None)
    assert document.is_available


def test_a_card_without_a_status_does_not_make_the_doctor_unavailable() -> None:
    # The portal's card (EntriesEmployeeMap) says nothing of the employee's status; the registry
    # refuses a declaration with a doctor who no longer works.
    assert document_from_record(record("e-1", "Мельник", status=None)).is_available
    assert not document_from_record(record("e-1", "Мельник", status="STOPPED")).is_available


async def test_the_sync_joins_the_export_with_the_portals_names_and_places(index: DoctorIndex) -> None:
    registry = ListedRegistry([record("named", "Мельник"), record("unnamed", "Коваль")])
    registry.unlisted = {"unnamed"}

    report = await full_sync(registry, index)

    assert (report.upserted, report.unnamed) == (1, 1)
    assert await index.employee_ids() == {"named"}
    document = await index.get("named")
    assert document is not None and document.full_name == "Мельник Ольга Іванівна"
    # Place and contacts from the divisions search, not the list's short division.
    assert (document.settlement, document.latitude, document.phones) == ("Львів", 49.84, ("+380322000000",))
    assert (document.legal_entity_name, document.status) == ("КНП «Міська поліклініка № 7»", "APPROVED")


async def test_full_sync_loads_records_in_batches_and_applies_limits(index: DoctorIndex) -> None:
    registry = ListedRegistry(
        [record(f"e-{i}", "Мельник") for i in range(7)] + [record("dismissed", "Мельник", status="STOPPED")],
        [DeclarationsLimit("party-e-3", 1800, 1799)],
    )
    report = await full_sync(registry, index, batch_size=3)
    assert (report.upserted, report.removed, report.limits) == (7, 0, 1)
    assert await index.count() == 7
    assert await index.get("dismissed") is None
    limited = await index.get("e-3")
    assert limited is not None and limited.free_places == 1
    # Once more: the limits did not change, so none is written again; the records keep their numbers.
    again = await full_sync(registry, index, batch_size=3)
    assert (again.upserted, again.limits) == (7, 0)
    limited = await index.get("e-3")
    assert limited is not None and limited.free_places == 1


class WalksInTurn(ListedRegistry):
    """The fake's four walks taking turns item by item, or a walk starting only once another has ended
    (`starts_after`), as eHealth's pages may come in any order; `stopped_in_export`: doctors the portal
    still lists whom the export says no longer work."""

    def __init__(self, records: Sequence[DoctorRecord], limits: Sequence[DeclarationsLimit] = ()) -> None:
        super().__init__(records, limits)
        self.starts_after: dict[str, str] = {}
        self.stopped_in_export: set[str] = set()
        self.ended = {walk: asyncio.Event() for walk in ("export", "portal", "divisions", "limits")}
        self.ended_before: dict[str, set[str]] = {}  # the walks that had ended when each began

    async def _in_turn(self, walk: str, items: AsyncIterator[T]) -> AsyncIterator[T]:
        if walk in self.starts_after:
            await self.ended[self.starts_after[walk]].wait()
        self.ended_before[walk] = {other for other, ended in self.ended.items() if ended.is_set()}
        async for item in items:
            await asyncio.sleep(0)
            yield item
        self.ended[walk].set()

    async def _export(self, depth_days: int | None) -> AsyncIterator[EmployeeRecord]:
        async for item in super().bulk_employees(depth_days):
            yield replace(item, status="STOPPED") if item.employee_id in self.stopped_in_export else item

    def bulk_employees(self, depth_days: int | None = None) -> AsyncIterator[EmployeeRecord]:
        return self._in_turn("export", self._export(depth_days))

    def portal_doctors(
        self,
        employee_id: str | None = None,
        *,
        updated_since: datetime | None = None,
        divisions: Mapping[str, DivisionRef] | None = None,
    ) -> AsyncIterator[PortalDoctor]:
        return self._in_turn(
            "portal", super().portal_doctors(employee_id, updated_since=updated_since, divisions=divisions)
        )

    def portal_divisions(
        self, division_id: str | None = None, *, updated_since: datetime | None = None
    ) -> AsyncIterator[DivisionRef]:
        return self._in_turn("divisions", super().portal_divisions(division_id, updated_since=updated_since))

    def declarations_limits(self) -> AsyncIterator[DeclarationsLimit]:
        return self._in_turn("limits", super().declarations_limits())


@pytest.mark.parametrize(
    "starts_after",
    [
        {},  # all four walks at once, item by item
        {"portal": "export"},  # the whole export first
        {"export": "portal"},  # the portal's whole list first: every doctor waits for their record
        {"limits": "divisions", "portal": "export"},  # one walk after another
    ],
    ids=["together", "export-first", "portal-first", "one-by-one"],
)
async def test_full_sync_joins_alike_whatever_order_the_walks_come_in(
    index: DoctorIndex, starts_after: dict[str, str]
) -> None:
    registry = WalksInTurn(
        [record(f"e-{i}", "Мельник") for i in range(5)] + [record("unnamed", "Коваль"), record("quits", "Гнатюк")],
        [DeclarationsLimit("party-e-3", 1800, 1799)],
    )
    registry.unlisted = {"unnamed"}
    registry.stopped_in_export = {"quits"}
    registry.starts_after = starts_after

    report = await full_sync(registry, index, batch_size=2)

    assert (report.upserted, report.unnamed, report.limits) == (5, 1, 1)
    assert await index.employee_ids() == {f"e-{i}" for i in range(5)}
    limited, other = await index.get("e-3"), await index.get("e-4")
    assert limited is not None and (limited.free_places, limited.settlement) == (1, "Львів")
    assert other is not None and (other.free_places, other.latitude) == (None, 49.84)


async def test_full_sync_reads_the_divisions_and_limits_before_the_export_and_the_doctor_list(
    index: DoctorIndex,
) -> None:
    # Every document is written with its division and its party's numbers: read first, no pair waits for them.
    registry = WalksInTurn([record(f"e-{i}", "Мельник") for i in range(5)], [DeclarationsLimit("party-e-3", 1800, 1)])

    await full_sync(registry, index, batch_size=2)

    assert registry.ended_before["divisions"] == registry.ended_before["limits"] == set()  # read at once
    assert registry.ended_before["export"] >= {"divisions", "limits"}
    assert registry.ended_before["portal"] >= {"divisions", "limits"}
    assert await index.count() == 5


async def test_a_failing_walk_stops_the_full_sync_and_the_others(index: DoctorIndex) -> None:
    registry = WalksInTurn([record(f"e-{i}", "Мельник") for i in range(5)])
    registry.starts_after = {"portal": "divisions"}

    async def broken(*_: Any, **__: Any) -> AsyncIterator[DivisionRef]:
        raise RegistryUnavailable("timeout")
        yield  # an async generator that fails at its first item

    registry.portal_divisions = broken  # type: ignore[method-assign]
    with pytest.raises(RegistryUnavailable):
        await full_sync(registry, index)
    assert await index.count() == 0 and not registry.portal_asks  # the portal's walk never began


async def test_full_sync_leaves_statistics_for_the_query_planner(engine: AsyncEngine, index: DoctorIndex) -> None:
    await full_sync(ListedRegistry([record(f"e-{i}", "Мельник") for i in range(3)]), index)
    if engine.dialect.name == "sqlite":
        statistics = "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'doctor_directory'"
    else:
        statistics = (
            "SELECT count(*) FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'doctor_directory'"
        )
    async with engine.connect() as connection:
        assert (await connection.execute(text(statistics))).scalar_one() > 0


async def test_full_sync_removes_what_the_registry_no_longer_lists(index: DoctorIndex) -> None:
    registry = ListedRegistry([record("stays", "Мельник"), record("leaves", "Мельник"), record("quits", "Мельник")])
    await full_sync(registry, index)
    registry.records = [record("stays", "Мельник"), record("quits", "Мельник", status="STOPPED")]
    report = await full_sync(registry, index)
    assert (report.upserted, report.removed) == (1, 2)
    assert await index.employee_ids() == {"stays"}


async def test_incremental_sync_applies_only_recent_changes(index: DoctorIndex) -> None:
    registry = ListedRegistry([record("old", "Мельник"), record("moved", "Мельник"), record("leaves", "Мельник")])
    await full_sync(registry, index)
    registry.records = [
        record("old", "Мельникова"),  # changed 30 days ago: outside the depth, so not applied again
        record(
            "moved",
            "Мельник",
            days_ago=1,
            division=replace(registry.records[1].division, id="division-2", settlement="Стрий"),
        ),
        record("leaves", "Мельник", days_ago=1, status="STOPPED"),
        record("new", "Мельник", days_ago=0),
    ]
    registry.limits = [DeclarationsLimit("party-new", 1800, 100)]

    registry.portal_asks.clear()

    report = await incremental_sync(registry, index, depth_days=2, now=NOW)

    assert (report.upserted, report.removed, report.limits) == (2, 1, 1)
    assert registry.portal_asks == ["changed"]  # the portal's own list of changes: no call per doctor
    assert await index.employee_ids() == {"old", "moved", "new"}
    old = await index.get("old")
    assert old is not None and old.last_name == "Мельник"
    page = await index.search(DoctorQuery(settlement="Стрий"))
    assert [hit.document.employee_id for hit in page.hits] == ["moved"]
    new = await index.get("new")
    assert new is not None and new.free_places == 1700


async def test_incremental_sync_asks_one_by_one_only_for_what_the_portals_changes_lack(index: DoctorIndex) -> None:
    registry = ListedRegistry([record("a", "Мельник"), record("b", "Коваль"), record("c", "Бойко")])
    await full_sync(registry, index)
    registry.records = [
        record("a", "Мельник", days_ago=1),
        record("b", "Ковальчук", days_ago=1),  # the portal's notion of a change missed this one
        record("c", "Бойко"),
    ]
    registry.unseen_changes = {"b"}
    registry.portal_asks.clear()
    registry.division_asks.clear()

    report = await incremental_sync(registry, index, depth_days=2, now=NOW)

    assert report.upserted == 2
    assert registry.portal_asks == ["changed", "b"]
    assert registry.division_asks == ["changed"]  # their division changed with them: listed among the changes
    renamed = await index.get("b")
    assert renamed is not None and renamed.last_name == "Ковальчук"


@pytest.mark.parametrize(
    ("one_by_one_at_most", "asks"),
    [(2, ["changed", "division-north", "division-south"]), (1, ["changed", None])],
)
async def test_incremental_sync_walks_every_division_once_rather_than_ask_for_many_one_by_one(
    index: DoctorIndex, one_by_one_at_most: int, asks: list[str | None]
) -> None:
    north = replace(record("x", "x").division, id="division-north", latitude=51.5)
    south = replace(record("x", "x").division, id="division-south", latitude=46.5)
    registry = ListedRegistry([record("a", "Мельник", division=north), record("b", "Коваль", division=south)])
    await full_sync(registry, index)
    registry.records = [
        record("a", "Мельников", days_ago=1, division=north),
        record("b", "Ковальчук", days_ago=1, division=south),
    ]
    registry.still_divisions = {"division-north", "division-south"}
    registry.division_asks.clear()

    report = await incremental_sync(
        registry, index, depth_days=2, now=NOW, divisions_one_by_one_at_most=one_by_one_at_most
    )

    assert report.upserted == 2
    assert registry.division_asks == asks
    for employee_id, latitude in (("a", 51.5), ("b", 46.5)):
        document = await index.get(employee_id)
        assert document is not None and document.latitude == latitude  # the divisions list's place, either way


async def test_incremental_sync_can_leave_the_limits_alone(index: DoctorIndex) -> None:
    registry = ListedRegistry([record("e-1", "Мельник", days_ago=0)], [DeclarationsLimit("party-e-1", 1800, 1)])
    report = await incremental_sync(registry, index, depth_days=1, with_limits=False)
    assert (report.upserted, report.limits, registry.limit_reads) == (1, 0, 0)
    with pytest.raises(ValueError, match="depth_days"):
        await incremental_sync(registry, index, depth_days=0)


async def test_a_sync_cancelled_as_a_walk_fails_ends_cancelled(index: DoctorIndex) -> None:
    """Python 3.11's TaskGroup lets a child's error hide a cancellation that comes with it; the sync
    must still end cancelled, or the syncer's loop goes on retrying after its service was closed."""
    registry = ListedRegistry([record(f"e-{i}", "Мельник") for i in range(5)])
    failed = asyncio.Event()

    async def broken(*_: Any, **__: Any) -> AsyncIterator[EmployeeRecord]:
        failed.set()
        raise RegistryUnavailable("registry_unreachable")
        yield  # an async generator that fails at its first item

    registry.bulk_employees = broken  # type: ignore[method-assign]
    sync = asyncio.create_task(full_sync(registry, index))
    await failed.wait()
    sync.cancel()
    with pytest.raises(asyncio.CancelledError):
        await sync


class NotesTheCollector(ListedRegistry):
    """Notes the garbage collector's thresholds while the export is walked; can fail there."""

    def __init__(self, records: Sequence[DoctorRecord], *, fails: bool = False) -> None:
        super().__init__(records)
        self.fails = fails
        self.thresholds: list[tuple[int, int, int]] = []

    async def bulk_employees(self, depth_days: int | None = None) -> AsyncIterator[EmployeeRecord]:
        self.thresholds.append(gc.get_threshold())
        if self.fails:
            raise RegistryUnavailable("timeout")
        async for item in super().bulk_employees(depth_days):
            yield item


@pytest.mark.parametrize("fails", [False, True])
async def test_a_sync_collects_young_objects_rarely_and_leaves_the_collector_as_it_was(
    index: DoctorIndex, fails: bool
) -> None:
    before = gc.get_threshold()
    registry = NotesTheCollector([record("e-1", "Мельник")], fails=fails)
    for sync in (full_sync(registry, index), incremental_sync(registry, index, 2, now=NOW)):
        with pytest.raises(RegistryUnavailable) if fails else contextlib.nullcontext():
            await sync
        assert gc.get_threshold() == before
    assert [threshold[0] for threshold in registry.thresholds] == [YOUNG_COLLECTION_THRESHOLD] * 2
    assert [threshold[1:] for threshold in registry.thresholds] == [before[1:]] * 2


async def test_syncs_that_overlap_leave_the_collector_as_it_was(index: DoctorIndex) -> None:
    before = gc.get_threshold()

    class Held(ListedRegistry):
        def __init__(self, records: Sequence[DoctorRecord]) -> None:
            super().__init__(records)
            self.walking, self.go_on = asyncio.Event(), asyncio.Event()

        async def declarations_limits(self) -> AsyncIterator[DeclarationsLimit]:
            self.walking.set()
            await self.go_on.wait()
            async for limit in super().declarations_limits():
                yield limit

    full, incremental = Held([record("e-1", "Мельник")]), Held([record("e-2", "Коваль")])
    first = asyncio.create_task(full_sync(full, index))
    await full.walking.wait()
    second = asyncio.create_task(incremental_sync(incremental, index, 2, now=NOW))
    await incremental.walking.wait()
    full.go_on.set()
    await first  # the first to start ends first: the other still runs with the raised threshold
    assert gc.get_threshold()[0] == YOUNG_COLLECTION_THRESHOLD
    incremental.go_on.set()
    await second
    assert gc.get_threshold() == before
