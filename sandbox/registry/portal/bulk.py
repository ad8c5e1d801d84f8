"""PIS bulk exports (the client's `api-key`, no patient token): the doctor directory and doctors' limits.

`GET /api/pis/bulk/employees{?depth}` and `GET /api/pis/bulk/declarations_limit`.

Each item is exactly the Blueprint's `Employee_bulk` / `Declarations_limit_bulk` (ehealth-pis-structures.apib):
ids of the party, division and legal entity, no names (those come from the public portal), and
`meta.date` as `Response__Meta_Date` has it. One addition (ours): eHealth documents both without paging;
the sandbox pages them (`page`, `page_size` 2,000 by default, up to 5,000, the usual `paging` block) so
that 100,000 doctors never go out in one answer. A client that follows the Blueprint asks without `page` and follows the
`paging` block if it comes.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Row, Select, exists, func, or_, select

from sandbox.registry.core import changes
from sandbox.registry.core.deps import ApiClient, ClockDep, Session, SettingsDep
from sandbox.registry.core.envelope import BulkPageQuery, errors, iso_datetime, ok, passed_on, stored_json
from sandbox.registry.core.models import Division, Employee, Party
from sandbox.registry.declarations import lifecycle
from sandbox.registry.declarations.shapes import date_as_timestamp
from sandbox.registry.portal.search import page_of_ids, page_of_matches

router = APIRouter(tags=["PIS bulk"])

JsonDict = dict[str, Any]

# The sandbox's store says DISMISSED; eHealth's employee statuses (`Employee_Short.status`) call it STOPPED.
EMPLOYEE_STATUS = {"DISMISSED": "STOPPED"}

# What `Employee_bulk` carries, as plain columns: building ORM objects for a 2,000-record page (four per
# record, with their JSON) took 1.8 s of the page's 2 s; plain rows take a fraction of that.
BULK_COLUMNS = (
    Employee.id,
    Employee.position,
    Employee.status,
    Employee.employee_type,
    Employee.start_date,
    Employee.end_date,
    Employee.legal_entity_id,
    Employee.division_id,
    Employee.party_id,
    Employee.updated_at,
    Division.updated_at.label("division_updated_at"),
    Employee.speciality_officio,
    stored_json(Party.educations),
    stored_json(Party.qualifications),
    Party.specialities,  # read: the officio speciality is looked up in them
    stored_json(Party.science_degree),
)


def bulk_query() -> Select[Any]:
    return (
        select(*BULK_COLUMNS)
        .join(Party, Party.id == Employee.party_id)
        .join(Division, Division.id == Employee.division_id)
    )


def officio_speciality(officio: str, specialities: list[JsonDict]) -> JsonDict:
    """The party's speciality entry that decides declarations (`speciality_officio`)."""
    # The first matching entry, else the first flagged one (without building both lists for each record).
    matching = next((entry for entry in specialities if entry.get("speciality") == officio), None)
    if matching is not None:
        return matching
    flagged = next((entry for entry in specialities if entry.get("speciality_officio") is True), None)
    return flagged if flagged is not None else {"speciality": officio, "speciality_officio": True}


def bulk_employee(row: Row[Any]) -> JsonDict:
    """`Employee_bulk`, from a row of `bulk_query()`."""
    # Unpacked in BULK_COLUMNS' order: reading sixteen columns of a row by name cost 15 ms of a 2,000-record page.
    (
        employee_id,
        position,
        status,
        employee_type,
        start_date,
        end_date,
        legal_entity_id,
        division_id,
        party_id,
        updated_at,
        division_updated_at,
        officio,
        educations,
        qualifications,
        specialities,
        science_degree,
    ) = row
    started = date_as_timestamp(start_date)
    item: JsonDict = {
        "id": employee_id,
        "position": position,
        "status": EMPLOYEE_STATUS.get(status, status),
        "employee_type": employee_type,
        "is_active": True,  # eHealth's technical flag: the record exists; `status` says whether they work
        "start_date": started,
        "end_date": date_as_timestamp(end_date),
        "legal_entity_id": legal_entity_id,
        "division_id": division_id,
        "party_id": party_id,
        "inserted_at": started,  # the sandbox keeps no insertion time
        "updated_at": iso_datetime(max(updated_at, division_updated_at)),
        # The party's JSON columns, passed through as they are.
        "additional_info": {
            "educations": passed_on(educations),
            "qualifications": passed_on(qualifications),
            "specialities": specialities,
            "science_degree": passed_on(science_degree),
        },
        "speciality": officio_speciality(officio, specialities),
    }
    return {key: value for key, value in item.items() if value is not None}


@router.get("/api/pis/bulk/employees", responses=errors(401, 422))
async def bulk_employees(
    request: Request,
    session: Session,
    clock: ClockDep,
    client: ApiClient,
    paging: BulkPageQuery,
    depth: Annotated[int | None, Query(ge=1, le=36_500)] = None,
) -> JSONResponse:
    """Every employee record, or with `depth` only those whose record or division changed in that many days."""
    now = clock.now()
    if depth is None:
        # Offsets over the primary key's covering index: cheap on any page of 100,000 records. count(*) counts
        # the same rows as count(id) (a primary key) without reading an id from each: 1 ms instead of 12.
        ids, total = await page_of_ids(
            session, select(Employee.id).order_by(Employee.id), paging, count=select(func.count()).select_from(Employee)
        )
    else:
        since = now - timedelta(days=depth)
        recent_divisions = select(Division.id).where(Division.updated_at >= since)
        # Both conditions use an index; the changed set is small, so it is ordered and paged here.
        changed = await session.scalars(
            select(Employee.id).where(or_(Employee.updated_at >= since, Employee.division_id.in_(recent_divisions)))
        )
        ids, total = page_of_matches(sorted(changed), paging)
    query = bulk_query()
    if depth is None and ids:
        # A page of the whole export is a run of consecutive ids: their range reads the same rows as a list of
        # 2,000 ids without binding each (the set keeps out any record added in between).
        page = query.where(Employee.id.between(ids[0], ids[-1]))
    else:
        page = query.where(Employee.id.in_(ids))
    wanted, meta = set(ids), {"date": iso_datetime(now)}
    rows = await session.execute(page.order_by(Employee.id))
    data = [bulk_employee(row) for row in rows if row.id in wanted]
    return ok(request, data, paging=paging.paging(total), meta=meta)


@router.get("/api/pis/bulk/declarations_limit", responses=errors(401, 422))
async def bulk_declarations_limit(
    request: Request,
    session: Session,
    clock: ClockDep,
    settings: SettingsDep,
    client: ApiClient,
    paging: BulkPageQuery,
) -> JSONResponse:
    """`Declarations_limit_bulk` for every doctor (party): the limit and how many declarations count against it."""
    await lifecycle.apply_lazy_transitions(session, clock, settings)
    await session.commit()
    ordered = select(Party.id).where(exists().where(Employee.party_id == Party.id)).order_by(Party.id)
    # Walked page by page (a copy of the limits): counting the doctors cost 57 ms a page, so the order and the
    # total are kept between pages until an employee record or a party changes (portal.ordering).
    kept = (
        await request.app.state.name_orders.page(
            session, "declarations_limit", ordered, paging, changes.changes_of("employees", "parties")
        )
        if changes.counted(session)
        else None
    )
    ids, total = kept or await page_of_ids(session, ordered, paging)
    loads = await lifecycle.doctor_loads(session, ids)
    data = [
        {"party_id": party_id, "declarations_limit": loads[party_id].limit, "declarations_count": loads[party_id].count}
        for party_id in ids
    ]
    return ok(request, data, paging=paging.paging(total), meta={"date": iso_datetime(clock.now())})
