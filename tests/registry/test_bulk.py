"""PIS bulk exports over HTTP: the doctor directory (`depth`) and doctors' declaration limits."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import func, or_, select

from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.models import Division, Employee, Party
from tests.registry.test_declaration_requests import (
    ADULT_FREE,
    db,
    held_by,
    pick_doctor,
    signed_declaration,
)

EMPLOYEES = "/api/pis/bulk/employees"
LIMITS = "/api/pis/bulk/declarations_limit"


def _client(settings: RegistrySettings) -> dict[str, str]:
    return {"api-key": settings.pis_client_secret}


async def _walk(registry: httpx.AsyncClient, url: str, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    """Every item of a bulk export, page after page, as our backend reads it."""
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        response = await registry.get(url, params={**params, "page": page, "page_size": 300}, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["meta"]["date"].endswith("Z")
        items += body["data"]
        if page >= body["paging"]["total_pages"]:
            return items
        page += 1


async def test_bulk_needs_the_clients_api_key(registry: httpx.AsyncClient) -> None:
    for url in (EMPLOYEES, LIMITS):
        assert (await registry.get(url)).status_code == 401
        refused = await registry.get(url, headers={"api-key": "not-a-client"})
        assert refused.status_code == 401 and refused.json()["error"]["type"] == "access_denied"


# `Employee_bulk` (ehealth-pis-structures.apib): every field it has, and those it requires.
EMPLOYEE_BULK_FIELDS = frozenset(
    {
        "id",
        "position",
        "status",
        "employee_type",
        "is_active",
        "start_date",
        "end_date",
        "legal_entity_id",
        "division_id",
        "party_id",
        "inserted_at",
        "updated_at",
        "status_reason",
        "additional_info",
        "speciality",
    }
)
EMPLOYEE_BULK_REQUIRED = frozenset(
    {"id", "position", "status", "is_active", "start_date", "legal_entity_id", "party_id", "inserted_at"}
)
# Employee statuses eHealth knows (`Employee_Short.status`).
EMPLOYEE_STATUSES = frozenset({"APPROVED", "STOPPED", "ENTERED IN ERROR", "AUTODEACTIVATED", "REORGANIZED"})


async def test_all_employees_in_exactly_the_blueprints_shape(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    items = await _walk(registry, EMPLOYEES, _client(registry_settings))
    async with db(registry) as session:
        stored = set(await session.scalars(select(Employee.id)))
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)) and set(ids) == stored

    for item in items:
        assert EMPLOYEE_BULK_REQUIRED <= item.keys() <= EMPLOYEE_BULK_FIELDS, item.keys() - EMPLOYEE_BULK_FIELDS
        assert item["status"] in EMPLOYEE_STATUSES
    doctor = await pick_doctor(registry, "PEDIATRICIAN")
    item = next(i for i in items if i["id"] == doctor.employee_id)
    assert item["party_id"] == doctor.party_id and item["division_id"] == doctor.division_id
    assert item["speciality"]["speciality"] == "PEDIATRICIAN"
    assert item["additional_info"]["specialities"] and item["additional_info"]["educations"]
    assert item["status"] == "APPROVED" and item["start_date"].endswith("Z")


async def test_asked_as_the_blueprint_documents_it_the_export_answers(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    # No page parameters (the Blueprint has only `depth`): a list, and a paging block to follow (ours).
    response = await registry.get(EMPLOYEES, headers=_client(registry_settings))

    assert response.status_code == 200
    body = response.json()
    assert isinstance(body["data"], list) and body["data"]
    assert body["meta"]["date"].endswith("Z")


async def test_depth_returns_only_recent_changes(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    clock = registry.app.state.clock  # type: ignore[attr-defined]
    changed = await pick_doctor(registry, "THERAPIST")
    unchanged = await pick_doctor(registry, "THERAPIST", skip=1)
    long_ago = clock.now() - timedelta(days=400)
    async with db(registry) as session:
        # Only `changed` moved recently; `unchanged` and its division did not for a long time.
        employee = await session.get(Employee, changed.employee_id)
        old = await session.get(Employee, unchanged.employee_id)
        old_division = await session.get(Division, unchanged.division_id)
        assert employee is not None and old is not None and old_division is not None
        employee.updated_at = clock.now() - timedelta(hours=1)
        old.updated_at = long_ago
        old_division.updated_at = long_ago
        await session.commit()
        since = clock.now() - timedelta(days=3)
        expected = set(
            await session.scalars(
                select(Employee.id)
                .join(Division, Division.id == Employee.division_id)
                .where(or_(Employee.updated_at >= since, Division.updated_at >= since))
            )
        )
    recent = {item["id"] for item in await _walk(registry, EMPLOYEES, _client(registry_settings), depth=3)}
    assert changed.employee_id in recent and unchanged.employee_id not in recent
    assert recent == expected
    everything = await _walk(registry, EMPLOYEES, _client(registry_settings))
    assert len(recent) < len(everything)

    for bad in ({"depth": 0}, {"depth": "x"}, {"page_size": 5001}):
        assert (await registry.get(EMPLOYEES, params=bad, headers=_client(registry_settings))).status_code == 422


async def test_declarations_limit_per_doctor(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    items = await _walk(registry, LIMITS, _client(registry_settings))
    async with db(registry) as session:
        doctors = set(await session.scalars(select(Party.id).where(Party.id.in_(select(Employee.party_id)))))
    by_party = {item["party_id"]: item for item in items}
    assert len(by_party) == len(items) and set(by_party) == doctors

    full = await pick_doctor(registry, "FAMILY_DOCTOR", at_limit=True)
    async with db(registry) as session:
        full_held = await held_by(session, full.party_id)
        full_limit = await session.scalar(
            select(func.min(Employee.declaration_limit)).where(Employee.party_id == full.party_id)
        )
    assert by_party[full.party_id] == {
        "party_id": full.party_id,
        "declarations_limit": full_limit,
        "declarations_count": full_held,
    }

    doctor = await pick_doctor(registry, "FAMILY_DOCTOR")
    before = by_party[doctor.party_id]["declarations_count"]
    await signed_declaration(registry, registry_settings, ADULT_FREE, doctor)
    after = {item["party_id"]: item for item in await _walk(registry, LIMITS, _client(registry_settings))}
    assert after[doctor.party_id]["declarations_count"] == before + 1
