"""The public portal search and the address directory (no token, no api-key: they are public).

`GET /api/stats/employees`, `GET /api/stats/employees/{id}`, `GET /reports/stats/divisions`,
`GET /api/uaddresses/regions`, `GET /api/uaddresses/settlements`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Select, func, literal, select, union

from sandbox.registry.core import changes
from sandbox.registry.core.deps import ClockDep, Session, SettingsDep
from sandbox.registry.core.envelope import PageQuery, PageRequest, RegistryError, errors, ok
from sandbox.registry.core.models import Division, Employee, LegalEntity, Party, Region, Settlement
from sandbox.registry.declarations import lifecycle
from sandbox.registry.declarations.placements import canonical_id, load_placement
from sandbox.registry.portal.search import (
    PlaceFilter,
    contains_words,
    page_of_ids,
    page_of_matches,
    settlements_in,
    words_in,
)
from sandbox.registry.portal.shapes import (
    division_map,
    division_map_query,
    employee_card,
    employee_list_item,
    list_item_query,
    region_item,
    settlement_item,
)
from sandbox.registry.rules.text import fold

router = APIRouter(tags=["Public portal"])


def naive_utc(moment: datetime) -> datetime:
    """The tables store naive UTC; a moment without a zone is taken as UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


Text = Annotated[str | None, Query(max_length=200)]
Latitude = Annotated[float | None, Query(ge=-90, le=90)]
# `updated_at_from` / `updated_at_to` (ISO 8601, `2017-04-20T19:14:13Z`): what changed within the period.
Moment = Annotated[datetime | None, Query()]
Longitude = Annotated[float | None, Query(ge=-180, le=180)]
# The address directory pages as eHealth documents it: up to 500 a page.
AddressPage = Annotated[int, Query(ge=1, le=1_000_000)]
AddressPageSize = Annotated[int, Query(ge=1, le=500)]


@router.get("/api/stats/employees", responses=errors(422))
async def search_employees(
    request: Request,
    session: Session,
    clock: ClockDep,
    settings: SettingsDep,
    paging: PageQuery,
    employee_id: Annotated[uuid.UUID | None, Query(alias="id")] = None,
    full_name: Text = None,
    speciality: Text = None,
    division_id: uuid.UUID | None = None,
    division_name: Text = None,
    area: Text = None,
    region: Text = None,
    settlement: Text = None,
    legal_entity_status: Text = None,
    updated_at_from: Moment = None,
    updated_at_to: Moment = None,
) -> JSONResponse:
    """Doctors who may be chosen, ordered by name; `full_name` words may come in any order. `updated_at_from`
    / `updated_at_to`: those whose record, or the division shown with it, changed within the period."""
    await lifecycle.apply_lazy_transitions(session, clock, settings)  # free places depend on them
    await session.commit()
    conditions = [Employee.status == "APPROVED", Employee.employee_type == "DOCTOR"]
    if employee_id:
        conditions.append(Employee.id == str(employee_id))
    if speciality:
        conditions.append(Employee.speciality_officio == speciality.strip().upper())
    if division_id:
        conditions.append(Employee.division_id == str(division_id))
    if legal_entity_status:
        conditions.append(LegalEntity.status == legal_entity_status.strip().upper())

    place = PlaceFilter.of(area, region, settlement)
    places = await settlements_in(session, place) if place.active else None
    if places is not None:
        conditions.append(Division.settlement_id.in_(places))
    changed = updated_at_from is not None or updated_at_to is not None
    since = naive_utc(updated_at_from) if updated_at_from is not None else None
    until = naive_utc(updated_at_to) if updated_at_to is not None else None
    if since is not None:
        # Record or division changed since: an OR across the two tables scans every doctor (~1 s at 100,000);
        # the union of the two indexed look-ups reads only what changed.
        conditions.append(
            Employee.id.in_(
                union(
                    select(Employee.id).where(Employee.updated_at >= since),
                    select(Employee.id)
                    .join(Division, Division.id == Employee.division_id)
                    .where(Division.updated_at >= since),
                )
            )
        )
    if until is not None:
        conditions.append(func.max(Employee.updated_at, Division.updated_at) <= until)

    def scoped(query: Select[Any], *, with_division: bool = False) -> Select[Any]:
        # Join only what a filter needs: at 100,000 doctors every join costs a scan.
        if with_division or place.active or changed:
            query = query.join(Division, Division.id == Employee.division_id)
        if legal_entity_status:
            query = query.join(LegalEntity, LegalEntity.id == Employee.legal_entity_id)
        return query.where(*conditions)

    name_words, division_words = words_in(full_name), words_in(division_name)
    if name_words or division_words:
        rows = await session.execute(
            scoped(
                select(Employee.id, Party.last_name, Party.first_name, Party.second_name)
                .add_columns(Division.name if division_words else literal(""))
                .join(Party, Party.id == Employee.party_id),
                with_division=bool(division_words),
            )
        )
        matched = sorted(
            (last, first, second or "", found_id)
            for found_id, last, first, second, division in rows
            if contains_words(name_words, last, first, second) and contains_words(division_words, division)
        )
        ids, total = page_of_matches([found_id for *_, found_id in matched], paging)
    else:
        ordered = scoped(select(Employee.id).join(Party, Party.id == Employee.party_id)).order_by(
            Party.last_name, Party.first_name, Party.second_name, Employee.id
        )
        unfiltered = not (employee_id or speciality or division_id or legal_entity_status or place.active or changed)
        # The list, whole or filtered, walked page by page (a directory copy, an incremental sync): its order is
        # kept between pages, keyed by the filters, until a row it depends on changes (counted by the
        # database; elsewhere, for the whole list only, how many doctors and their latest change).
        if unfiltered:
            fingerprint: Select[Any] | None = (
                changes.changes_of("employees", "parties")
                if changes.counted(session)
                else scoped(select(func.count(Employee.id), func.max(Employee.updated_at)))
            )
        elif employee_id is None and changes.counted(session):
            watched = ("employees", "parties", "divisions") + (("legal_entities",) if legal_entity_status else ())
            fingerprint = changes.changes_of(*watched)
        else:
            fingerprint = None  # one doctor by id, or no counters: paged in SQL
        key = (
            "employees",
            speciality.strip().upper() if speciality else None,
            str(division_id) if division_id else None,
            legal_entity_status.strip().upper() if legal_entity_status else None,
            tuple(places) if places is not None else None,
            since,
            until,
        )
        kept = (
            await request.app.state.name_orders.page(session, key, ordered, paging, fingerprint)
            if fingerprint is not None
            else None
        )
        ids, total = kept or await page_of_ids(session, ordered, paging, count=scoped(select(func.count(Employee.id))))
    rows = {row.id: row for row in await session.execute(list_item_query().where(Employee.id.in_(ids)))}
    loads = await lifecycle.doctor_loads(session, {row.party_id for row in rows.values()})
    data = [employee_list_item(rows[i], loads.get(rows[i].party_id)) for i in ids]
    return ok(request, data, paging=paging.paging(total))


@router.get("/api/stats/employees/{employee_id}", responses=errors(404, 422))
async def employee_details(
    employee_id: str, request: Request, session: Session, clock: ClockDep, settings: SettingsDep
) -> JSONResponse:
    """The doctor's card, with how many declarations they hold against their limit."""
    await lifecycle.apply_lazy_transitions(session, clock, settings)
    await session.commit()
    key = canonical_id(employee_id)
    placement = await load_placement(session, key) if key else None
    if placement is None or placement.employee.employee_type != "DOCTOR":
        raise RegistryError("not_found", "Employee not found")
    load = await lifecycle.doctor_load(session, placement.party.id)
    return ok(request, employee_card(placement, load))


@router.get("/reports/stats/divisions", responses=errors(422))
async def search_divisions(
    request: Request,
    session: Session,
    paging: PageQuery,
    division_id: Annotated[uuid.UUID | None, Query(alias="id")] = None,
    division_type: Annotated[str | None, Query(alias="type", max_length=200)] = None,
    name: Text = None,
    area: Text = None,
    region: Text = None,
    settlement: Text = None,
    legal_entity_id: uuid.UUID | None = None,
    north: Latitude = None,
    east: Longitude = None,
    south: Latitude = None,
    west: Longitude = None,
    updated_at_from: Moment = None,
    updated_at_to: Moment = None,
) -> JSONResponse:
    """Active divisions, optionally within a map box (`north`, `east`, `south`, `west`, all four), or changed
    within a period (`updated_at_from`, `updated_at_to`)."""
    conditions = [Division.status == "ACTIVE"]
    if updated_at_from is not None:
        conditions.append(Division.updated_at >= naive_utc(updated_at_from))
    if updated_at_to is not None:
        conditions.append(Division.updated_at <= naive_utc(updated_at_to))
    box = (north, east, south, west)
    if any(edge is not None for edge in box):
        if north is None or east is None or south is None or west is None:
            raise RegistryError.validation(
                "$.north",
                "dependency",
                "north, east, south and west go together",
                entry_type="query_param",
                params=["$.north", "$.east", "$.south", "$.west"],
            )
        if south > north or west > east:
            raise RegistryError.validation(
                "$.south", "invalid", "south must not exceed north, nor west exceed east", entry_type="query_param"
            )
        conditions += [Division.latitude.between(south, north), Division.longitude.between(west, east)]
    if division_id:
        conditions.append(Division.id == str(division_id))
    if division_type:
        conditions.append(Division.type == division_type.strip().upper())
    if legal_entity_id:
        conditions.append(Division.legal_entity_id == str(legal_entity_id))
    place = PlaceFilter.of(area, region, settlement)
    if place.active:
        conditions.append(Division.settlement_id.in_(await settlements_in(session, place)))
    name_words = words_in(name)
    if name_words:
        rows = await session.execute(select(Division.id, Division.name).where(*conditions))
        matched = sorted(
            (found_name, found_id) for found_id, found_name in rows if contains_words(name_words, found_name)
        )
        ids, total = page_of_matches([found_id for _, found_id in matched], paging)
    else:
        ordered = select(Division.id).where(*conditions).order_by(Division.name, Division.id)
        # Every division, or those in a map box, walked page by page (a directory copy): the order is kept
        # between pages until a division changes (sorting and counting them cost 30 ms a page).
        walked = not (division_id or division_type or legal_entity_id or place.active)
        walked = walked and updated_at_from is None and updated_at_to is None and changes.counted(session)
        kept = (
            await request.app.state.name_orders.page(
                session, ("divisions", box), ordered, paging, changes.changes_of("divisions")
            )
            if walked
            else None
        )
        ids, total = kept or await page_of_ids(
            session, ordered, paging, count=select(func.count(Division.id)).where(*conditions)
        )
    found = {row.id: row for row in await session.execute(division_map_query().where(Division.id.in_(ids)))}
    return ok(request, [division_map(found[i]) for i in ids], paging=paging.paging(total))


@router.get("/api/uaddresses/regions", responses=errors(422))
async def list_regions(
    request: Request,
    session: Session,
    name: Text = None,
    page: AddressPage = 1,
    page_size: AddressPageSize = 10,
) -> JSONResponse:
    """Regions (oblasts) whose name contains `name`, case- and apostrophe-insensitively."""
    wanted = fold(name) if name else ""
    regions = [r for r in await session.scalars(select(Region).order_by(Region.name)) if wanted in fold(r.name)]
    paging = PageRequest(page=page, page_size=page_size)
    shown = regions[paging.offset : paging.offset + paging.page_size]
    return ok(request, [region_item(r) for r in shown], paging=paging.paging(len(regions)))


@router.get("/api/uaddresses/settlements", responses=errors(422))
async def list_settlements(
    request: Request,
    session: Session,
    name: Text = None,
    region: Text = None,
    district: Text = None,
    page: AddressPage = 1,
    page_size: AddressPageSize = 50,
) -> JSONResponse:
    """Settlements whose name starts with `name`, optionally within a region and district."""
    wanted = fold(name) if name else ""
    place = PlaceFilter.of(region, district, None)
    rows = await session.execute(
        select(Settlement, Region)
        .join(Region, Region.id == Settlement.region_id)
        .order_by(Settlement.name, Settlement.id)
    )
    matched = [(s, r) for s, r in rows if fold(s.name).startswith(wanted) and place.matches(r.name, s.district, None)]
    paging = PageRequest(page=page, page_size=page_size)
    shown = matched[paging.offset : paging.offset + paging.page_size]
    return ok(request, [settlement_item(s, r) for s, r in shown], paging=paging.paging(len(matched)))
