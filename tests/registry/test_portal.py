"""The public portal search and the address directory over HTTP (no token, no api-key)."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from urllib.parse import quote

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import column, event, func, literal, select, table, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from sandbox.registry.config import RegistrySettings
from sandbox.registry.core import changes
from sandbox.registry.core.db import create_schema, make_engine
from sandbox.registry.core.envelope import PageRequest
from sandbox.registry.core.models import Division, Employee, Party, Region, Settlement
from sandbox.registry.portal.ordering import NameOrders
from sandbox.registry.rules.text import fold
from tests.registry.test_declaration_requests import Doctor, db, pick_doctor

EMPLOYEES = "/api/stats/employees"
DIVISIONS = "/reports/stats/divisions"


async def _search(registry: httpx.AsyncClient, url: str = EMPLOYEES, **params: object) -> dict[str, object]:
    response = await registry.get(url, params={"page_size": 300, **params})
    assert response.status_code == 200, response.text
    return response.json()


def _ids(body: dict[str, object]) -> set[str]:
    data = body["data"]
    assert isinstance(data, list)
    return {item["id"] for item in data}


async def _rename_party(registry: httpx.AsyncClient, doctor: Doctor, last_name: str, first_name: str) -> None:
    async with db(registry) as session:
        party = await session.get(Party, doctor.party_id)
        assert party is not None
        party.last_name, party.first_name = last_name, first_name
        await session.commit()


async def test_search_is_public_and_pages_through_every_working_doctor(registry: httpx.AsyncClient) -> None:
    async with db(registry) as session:
        working = await session.scalar(
            select(func.count(Employee.id)).where(Employee.status == "APPROVED", Employee.employee_type == "DOCTOR")
        )
    first = await registry.get(EMPLOYEES, params={"page_size": 7})
    assert first.status_code == 200, first.text
    paging = first.json()["paging"]
    assert paging["total_entries"] == working and paging["page_size"] == 7
    seen: list[str] = []
    for page in range(1, paging["total_pages"] + 1):
        seen += [
            item["id"] for item in (await registry.get(EMPLOYEES, params={"page_size": 7, "page": page})).json()["data"]
        ]
    assert len(seen) == len(set(seen)) == working

    item = first.json()["data"][0]
    assert item["party"]["last_name"] and item["party"]["specialities"]
    assert item["division"]["name"] and item["legal_entity"]["status"]
    assert item["declarations_limit"] > 0 and item["declarations_count"] >= 0
    assert item["party"]["is_available"] == (item["declarations_count"] < item["declarations_limit"])


async def test_full_name_ignores_case_apostrophes_and_word_order(registry: httpx.AsyncClient) -> None:
    doctor = await pick_doctor(registry, "FAMILY_DOCTOR")
    await _rename_party(registry, doctor, "Дем’янчук", "Мар’яна")
    for query in ("дем'янчук", "ДЕМʼЯНЧУК", "мар`яна дем’ян", "  Дем‘янчук  "):
        assert doctor.employee_id in _ids(await _search(registry, full_name=query)), query
    assert doctor.employee_id not in _ids(await _search(registry, full_name="Дем'янчукевич"))
    assert doctor.employee_id not in _ids(await _search(registry, full_name="Демянчук"))


async def test_filters_by_place_speciality_and_division(registry: httpx.AsyncClient) -> None:
    doctor = await pick_doctor(registry, "PEDIATRICIAN")
    async with db(registry) as session:
        division = await session.get(Division, doctor.division_id)
        assert division is not None
        settlement = await session.get(Settlement, division.settlement_id)
        assert settlement is not None
        region = await session.get(Region, settlement.region_id)
        assert region is not None

    body = await _search(
        registry, settlement=settlement.name.upper(), area=region.name.lower(), speciality="pediatrician"
    )
    assert doctor.employee_id in _ids(body)
    async with db(registry) as session:
        found = (
            await session.execute(
                select(Employee.speciality_officio, Settlement.name)
                .join(Division, Division.id == Employee.division_id)
                .join(Settlement, Settlement.id == Division.settlement_id)
                .where(Employee.id.in_(_ids(body)))
            )
        ).all()
    assert found and all(spec == "PEDIATRICIAN" and fold(name) == fold(settlement.name) for spec, name in found)

    word = division.name.split()[-1]
    by_division = await _search(registry, division_name=word.swapcase(), division_id=doctor.division_id)
    assert doctor.employee_id in _ids(by_division)
    assert not _ids(await _search(registry, area="Неіснуюча", settlement=settlement.name))


async def test_dismissed_doctors_are_not_listed(registry: httpx.AsyncClient) -> None:
    doctor = await pick_doctor(registry, "THERAPIST")
    assert doctor.employee_id in _ids(await _search(registry, id=doctor.employee_id))
    async with db(registry) as session:
        employee = await session.get(Employee, doctor.employee_id)
        assert employee is not None
        employee.status = "DISMISSED"
        await session.commit()
    assert not _ids(await _search(registry, id=doctor.employee_id))


async def test_the_card_shows_free_places(registry: httpx.AsyncClient) -> None:
    full = await pick_doctor(registry, "FAMILY_DOCTOR", at_limit=True)
    free = await pick_doctor(registry, "FAMILY_DOCTOR")

    full_card = (await registry.get(f"{EMPLOYEES}/{full.employee_id}")).json()["data"]
    assert full_card["declarations_count"] >= full_card["declarations_limit"]
    assert full_card["party"]["is_available"] is False

    response = await registry.get(f"{EMPLOYEES}/{free.employee_id}")
    assert response.status_code == 200, response.text
    card = response.json()["data"]
    assert card["party"]["is_available"] is True and card["declarations_count"] < card["declarations_limit"]
    assert card["party"]["id"] == free.party_id and card["party"]["educations"]
    assert card["division"]["id"] == free.division_id
    assert card["division"]["working_hours"] and card["division"]["phones"]
    assert {"latitude", "longitude"} <= card["division"]["coordinates"].keys()
    assert card["speciality"] == "FAMILY_DOCTOR" and card["legal_entity"]["edrpou"]
    # `EntriesEmployeeMap` has no employee status: a client must not come to rely on one.
    assert "status" not in card and {"id", "name", "status"} <= card["legal_entity"].keys()

    for missing in (str(uuid.uuid4()), "x"):
        answer = await registry.get(f"{EMPLOYEES}/{missing}")
        assert answer.status_code == 404 and answer.json()["error"]["type"] == "not_found"


async def test_divisions_within_a_map_box(registry: httpx.AsyncClient) -> None:
    doctor = await pick_doctor(registry, "FAMILY_DOCTOR")
    async with db(registry) as session:
        division = await session.get(Division, doctor.division_id)
        assert division is not None
    box = {
        "north": division.latitude + 0.05,
        "south": division.latitude - 0.05,
        "east": division.longitude + 0.05,
        "west": division.longitude - 0.05,
    }
    body = await _search(registry, DIVISIONS, **box)
    assert division.id in _ids(body)
    data = body["data"]
    assert isinstance(data, list)
    for item in data:
        point = item["coordinates"]
        assert box["south"] <= point["latitude"] <= box["north"]
        assert box["west"] <= point["longitude"] <= box["east"]
        assert item["legal_entity"]["name"] and "phones" in item["contacts"]

    far = {"north": 10.0, "south": 9.0, "east": 10.0, "west": 9.0}
    assert not _ids(await _search(registry, DIVISIONS, **far))
    for bad in ({"north": 50.0}, {**box, "south": box["north"] + 1}, {**box, "north": 91}):
        response = await registry.get(DIVISIONS, params=bad)
        assert response.status_code == 422, bad
        assert response.json()["error"]["invalid"][0]["entry_type"] == "query_param"


async def test_divisions_by_name_and_place(registry: httpx.AsyncClient) -> None:
    doctor = await pick_doctor(registry, "FAMILY_DOCTOR")
    async with db(registry) as session:
        division = await session.get(Division, doctor.division_id)
        assert division is not None
        settlement = await session.get(Settlement, division.settlement_id)
        assert settlement is not None
    body = await _search(registry, DIVISIONS, name=division.name.upper(), settlement=settlement.name.lower())
    assert division.id in _ids(body)
    assert _ids(await _search(registry, DIVISIONS, id=division.id)) == {division.id}


async def test_regions_and_settlements_by_name(registry: httpx.AsyncClient) -> None:
    regions = (await registry.get("/api/uaddresses/regions", params={"name": "КИЇВ", "page_size": 50})).json()["data"]
    assert {"Київська", "м. Київ"} <= {r["region"] for r in regions}
    assert all("київ" in fold(r["region"]) for r in regions)

    async with db(registry) as session:
        settlement = await session.scalar(select(Settlement).where(Settlement.name.contains("’")))
        if settlement is None:  # keep the test meaningful whatever GeoNames gives the seed
            settlement = await session.scalar(select(Settlement).order_by(Settlement.id))
            assert settlement is not None
            settlement.name = "Кам’янка-Тестова"
            await session.commit()
        region = await session.get(Region, settlement.region_id)
        assert region is not None
    prefix = settlement.name[: settlement.name.index("’") + 2].replace("’", "'").upper()
    found = (await registry.get("/api/uaddresses/settlements", params={"name": prefix})).json()["data"]
    assert settlement.id in {s["id"] for s in found}
    assert all(fold(s["settlement_name"]).startswith(fold(prefix)) for s in found)
    item = next(s for s in found if s["id"] == settlement.id)
    assert item["region"] == region.name and item["region_id"] == region.id and item["type"]

    elsewhere = "Волинська" if region.name != "Волинська" else "Львівська"
    other_region = (
        await registry.get("/api/uaddresses/settlements", params={"name": prefix, "region": elsewhere})
    ).json()["data"]
    assert settlement.id not in {s["id"] for s in other_region}

    for params in ({"page_size": 501}, {"page": 0}):
        assert (await registry.get("/api/uaddresses/settlements", params=params)).status_code == 422


async def test_employee_search_rejects_bad_paging(registry: httpx.AsyncClient) -> None:
    for params in ({"page_size": 0}, {"page_size": 301}, {"page": -1}, {"id": "not-a-uuid"}):
        response = await registry.get(EMPLOYEES, params=params)
        assert response.status_code == 422, params


_PORTAL = [EMPLOYEES, DIVISIONS, "/api/uaddresses/regions", "/api/uaddresses/settlements"]
_NAMES = [
    "id", "full_name", "speciality", "division_id", "division_name", "area", "region", "settlement", "district",
    "legal_entity_status", "legal_entity_id", "type", "name", "north", "east", "south", "west", "page", "page_size",
]  # fmt: skip


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI stays deterministic
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    params=st.dictionaries(
        st.sampled_from(_NAMES),
        st.one_of(
            st.text(max_size=40),
            st.integers(min_value=-(10**30), max_value=10**30).map(str),
            st.floats(allow_nan=True, allow_infinity=True).map(str),
            st.uuids().map(str),
        ),
        max_size=6,
    ),
    card_id=st.text(min_size=1, max_size=40),
)
async def test_arbitrary_query_parameters_never_break_the_portal(
    registry: httpx.AsyncClient, params: dict[str, str], card_id: str
) -> None:
    for url in _PORTAL:
        response = await registry.get(url, params=params)
        assert response.status_code in (200, 422), (url, response.text)
    card = await registry.get(f"{EMPLOYEES}/{quote(card_id, safe='')}")
    assert card.status_code < 500, card.text


async def test_a_walk_through_the_whole_list_keeps_the_name_order_and_sees_changes(registry: httpx.AsyncClient) -> None:
    # The unfiltered list's order is kept between pages (portal.ordering); it must be the SQL order exactly,
    # and a change to an employee record must show on the very next page.
    async with db(registry) as session:
        rows = await session.execute(
            select(Employee.id)
            .join(Party, Party.id == Employee.party_id)
            .where(Employee.status == "APPROVED", Employee.employee_type == "DOCTOR")
            .order_by(Party.last_name, Party.first_name, Party.second_name, Employee.id)
        )
        expected = [found for (found,) in rows]
    walked: list[str] = []
    page = 1
    while True:
        body = await _search(registry, page_size=25, page=page)
        walked += [item["id"] for item in body["data"]]  # type: ignore[union-attr]
        if page >= body["paging"]["total_pages"]:  # type: ignore[index]
            break
        page += 1
    assert walked == expected

    gone = expected[0]
    async with db(registry) as session:
        employee = await session.get(Employee, gone)
        assert employee is not None
        employee.status = "DISMISSED"  # as a test may: without touching updated_at
        await session.commit()
    after = await _search(registry, page_size=25, page=1)
    assert after["paging"]["total_entries"] == len(expected) - 1  # type: ignore[index]
    assert gone not in _ids(after)


async def test_a_walk_sees_a_renamed_doctor_on_the_next_page(registry: httpx.AsyncClient) -> None:
    # A party's name decides the order but is no employee record: the kept order must see it change too.
    first = await _search(registry, page_size=25, page=1)
    moved = first["data"][0]  # type: ignore[index]
    async with db(registry) as session:
        party = await session.get(Party, moved["party"]["id"])
        assert party is not None
        party.last_name = "Ґґґґґ"  # after every other name
        await session.commit()
    again = await _search(registry, page_size=25, page=1)
    assert moved["id"] not in _ids(again)
    whole = (await _search(registry, page_size=300))["data"]
    renamed = [item["id"] for item in whole if item["party"]["last_name"] == "Ґґґґґ"]  # type: ignore[union-attr]
    assert moved["id"] in renamed and [item["id"] for item in whole][-len(renamed) :] == renamed  # type: ignore[union-attr]


async def test_a_database_made_before_the_change_counters_gets_them(registry_settings: RegistrySettings) -> None:
    engine = make_engine(registry_settings.database_url)
    try:
        async with engine.begin() as conn:
            triggers = await conn.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            for trigger in list(triggers):
                await conn.exec_driver_sql(f"DROP TRIGGER {trigger}")
            await conn.exec_driver_sql("DROP TABLE sandbox_table_changes")
        await create_schema(engine)  # as the app's start does
        async with engine.begin() as conn:
            before = await conn.scalar(changes.changes_of("employees"))
            await conn.execute(update(Employee).where(Employee.status == "APPROVED").values(status="APPROVED"))
            assert await conn.scalar(changes.changes_of("employees")) > before  # type: ignore[operator]
    finally:
        await engine.dispose()


async def test_updated_at_from_lists_only_what_changed_since(registry: httpx.AsyncClient) -> None:
    # The Blueprint's `updated_at_from` on both portal searches: what a directory copy asks for between syncs.
    async with db(registry) as session:
        employee = await session.scalar(
            select(Employee).where(Employee.status == "APPROVED", Employee.employee_type == "DOCTOR")
        )
        assert employee is not None
        newest = max(
            await session.scalar(select(func.max(Employee.updated_at))),
            await session.scalar(select(func.max(Division.updated_at))),
        )  # type: ignore[type-var]
        changed_at = newest.replace(microsecond=0) + timedelta(days=1)
        employee.updated_at = changed_at
        division = await session.get(Division, employee.division_id)
        assert division is not None
        division.updated_at = changed_at
        await session.commit()
        moved_division, moved_employee = division.id, employee.id
        in_that_division = set(
            await session.scalars(
                select(Employee.id).where(
                    Employee.division_id == moved_division,
                    Employee.status == "APPROVED",
                    Employee.employee_type == "DOCTOR",
                )
            )
        )

    since = (changed_at - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    doctors = await _search(registry, updated_at_from=since)
    assert moved_employee in _ids(doctors)
    assert _ids(doctors) == in_that_division  # the employee, and those shown with the division that changed
    divisions = await _search(registry, DIVISIONS, updated_at_from=since)
    assert _ids(divisions) == {moved_division}
    later = (changed_at + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert _ids(await _search(registry, updated_at_from=later)) == set()
    assert moved_employee not in _ids(await _search(registry, updated_at_to=since))


async def test_a_filtered_walk_keeps_its_order_and_sees_a_change_between_pages(registry: httpx.AsyncClient) -> None:
    # An incremental sync walks `updated_at_from` page by page: its order is kept between pages too, and a
    # change between two pages (to a doctor, or to a division shown with doctors) must show on the next one.
    async with db(registry) as session:
        newest = max(
            await session.scalar(select(func.max(Employee.updated_at))),
            await session.scalar(select(func.max(Division.updated_at))),
        )  # type: ignore[type-var]
        changed_at = newest.replace(microsecond=0) + timedelta(days=1)
        doctors = list(
            await session.scalars(
                select(Employee).where(Employee.status == "APPROVED", Employee.employee_type == "DOCTOR").limit(12)
            )
        )
        for employee in doctors:
            employee.updated_at = changed_at
        await session.commit()
    since = (changed_at - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")

    async def expected() -> list[str]:
        async with db(registry) as session:
            rows = await session.execute(
                select(Employee.id)
                .join(Party, Party.id == Employee.party_id)
                .join(Division, Division.id == Employee.division_id)
                .where(
                    Employee.status == "APPROVED",
                    Employee.employee_type == "DOCTOR",
                    (Employee.updated_at >= changed_at) | (Division.updated_at >= changed_at),
                )
                .order_by(Party.last_name, Party.first_name, Party.second_name, Employee.id)
            )
            return [found for (found,) in rows]

    before = await expected()
    first = await _search(registry, updated_at_from=since, page_size=5, page=1)
    assert [item["id"] for item in first["data"]] == before[:5]  # type: ignore[union-attr]
    assert first["paging"]["total_entries"] == len(before)  # type: ignore[index]

    gone = before[6]
    async with db(registry) as session:
        employee = await session.get(Employee, gone)
        assert employee is not None
        employee.status = "DISMISSED"  # without touching updated_at: only the counters see it
        await session.commit()
    second = await _search(registry, updated_at_from=since, page_size=5, page=2)
    assert gone not in _ids(second)
    assert [item["id"] for item in second["data"]] == [i for i in before if i != gone][5:10]  # type: ignore[union-attr]

    async with db(registry) as session:
        outside = await session.scalar(
            select(Employee).where(
                Employee.status == "APPROVED", Employee.employee_type == "DOCTOR", Employee.id.not_in(before)
            )
        )
        assert outside is not None
        division = await session.get(Division, outside.division_id)
        assert division is not None
        division.updated_at = changed_at  # its doctors now changed since, through the division shown with them
        await session.commit()
    after = await expected()
    assert outside.id in after
    walked: list[str] = []
    for page in range(1, -(-len(after) // 5) + 1):
        body = await _search(registry, updated_at_from=since, page_size=5, page=page)
        assert body["paging"]["total_entries"] == len(after)  # type: ignore[index]
        walked += [item["id"] for item in body["data"]]  # type: ignore[union-attr]
    assert walked == after


async def test_a_kept_order_gives_back_canonical_ids_as_they_were_and_leaves_others_to_sql() -> None:
    engine = make_engine("sqlite+aiosqlite:///:memory:")
    ids = [str(uuid.uuid4()) for _ in range(5)]
    ordered = select(column("id")).select_from(table("ids")).order_by(column("n"))
    try:
        async with AsyncSession(engine) as session:
            await session.execute(text("CREATE TABLE ids (n INTEGER, id TEXT)"))
            for n, found in enumerate(ids):
                await session.execute(text("INSERT INTO ids VALUES (:n, :id)"), {"n": n, "id": found})
            orders = NameOrders()
            page = await orders.page(session, "k", ordered, PageRequest(page=2, page_size=2), select(literal(1)))
            assert page == (ids[2:4], 5)
            # Not in canonical form: it would not come back the same from its bytes, so the caller pages in SQL.
            await session.execute(text("UPDATE ids SET id = upper(id) WHERE n = 3"))
            assert (
                await orders.page(session, "k", ordered, PageRequest(page=1, page_size=2), select(literal(2))) is None
            )
    finally:
        await engine.dispose()


async def test_pages_asked_for_at_once_are_all_answered_through_one_connection(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    """A directory copy keeps several pages of several listings in flight; the sandbox serves them all through
    `sqlite_connections` (one) and opens no other connection meanwhile."""
    engine = registry.app.state.engine  # type: ignore[attr-defined]
    opened: list[object] = []
    event.listen(engine.sync_engine, "connect", lambda connection, _record: opened.append(connection))
    api_key = {"api-key": registry_settings.pis_client_secret}
    asked = [
        *(registry.get(EMPLOYEES, params={"page": page, "page_size": 20}) for page in (1, 2, 3, 4)),
        *(registry.get(DIVISIONS, params={"page": page, "page_size": 20}) for page in (1, 2)),
        registry.get("/api/pis/bulk/employees", params={"page": 1, "page_size": 50}, headers=api_key),
        registry.get("/api/pis/bulk/declarations_limit", params={"page": 1, "page_size": 50}, headers=api_key),
    ]
    answers = await asyncio.wait_for(asyncio.gather(*asked), timeout=60)
    assert [answer.status_code for answer in answers] == [200] * len(asked)
    assert all(answer.json()["data"] for answer in answers)
    assert opened == [] and engine.pool.checkedout() == 0
    assert engine.pool.size() == registry_settings.sqlite_connections == 1


async def test_an_answer_carries_the_callers_request_id_or_one_of_its_own(registry: httpx.AsyncClient) -> None:
    given = await registry.get(EMPLOYEES, params={"page_size": 1}, headers={"x-request-id": "cabinet-42"})
    assert given.headers["x-request-id"] == given.json()["meta"]["request_id"] == "cabinet-42"
    made = await registry.get(EMPLOYEES, params={"page_size": 1})
    assert made.headers["x-request-id"] == made.json()["meta"]["request_id"]
    assert uuid.UUID(made.headers["x-request-id"])
    refused = await registry.get(EMPLOYEES, params={"page_size": 0}, headers={"x-request-id": "cabinet-43"})
    assert refused.status_code == 422
    assert refused.headers["x-request-id"] == refused.json()["meta"]["request_id"] == "cabinet-43"
