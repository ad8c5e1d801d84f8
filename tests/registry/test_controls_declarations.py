"""The declaration controls of the sandbox: the registry's and the clinic's side, on demand."""

from __future__ import annotations

import uuid

import httpx
from sqlalchemy import select

from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.models import Declaration, Employee
from tests.registry.conftest import test_person as person_of
from tests.registry.test_declaration_requests import (
    ADULT,
    ADULT_FREE,
    UNVERIFIED,
    Doctor,
    create_request,
    db,
    person_declarations,
    pick_doctor,
    signed_declaration,
    signed_in,
)


async def _pending(registry: httpx.AsyncClient, settings: RegistrySettings) -> str:
    _, signed = await signed_declaration(registry, settings, UNVERIFIED, await pick_doctor(registry, "FAMILY_DOCTOR"))
    return str(signed["declaration_id"])


async def _status(registry: httpx.AsyncClient, declaration_id: str) -> tuple[str, str | None]:
    async with db(registry) as session:
        declaration = await session.get(Declaration, declaration_id)
        assert declaration is not None
        return declaration.status, declaration.reason


async def _current_doctor(registry: httpx.AsyncClient, slug: str) -> tuple[str, Doctor]:
    current = next(d for d in await person_declarations(registry, slug) if d.status == "active")
    async with db(registry) as session:
        employee = await session.get(Employee, current.employee_id)
        assert employee is not None
    return current.id, Doctor(employee.id, employee.division_id, employee.party_id, employee.speciality_officio)


async def test_verify_makes_a_pending_declaration_active(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    declaration_id = await _pending(registry, registry_settings)
    response = await registry.post(f"/sandbox/declarations/{declaration_id}/verify")
    assert response.status_code == 200, response.text
    assert response.json()["data"]["status"] == "active"
    assert (await _status(registry, declaration_id))[0] == "active"
    assert (await registry.post(f"/sandbox/declarations/{declaration_id}/verify")).status_code == 409


async def test_reject_a_pending_declaration_with_a_reason(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    declaration_id = await _pending(registry, registry_settings)
    response = await registry.post(
        f"/sandbox/declarations/{declaration_id}/reject",
        json={"reason": "no_tax_id", "reason_description": "Дані не підтверджено"},
    )
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert (data["status"], data["reason"], data["reason_description"]) == (
        "rejected",
        "no_tax_id",
        "Дані не підтверджено",
    )
    assert (await registry.post(f"/sandbox/declarations/{declaration_id}/reject")).status_code == 409

    other = await _pending(registry, registry_settings)
    default = await registry.post(f"/sandbox/declarations/{other}/reject")
    assert default.status_code == 200 and default.json()["data"]["reason"]


async def test_a_dismissed_doctor_loses_every_declaration(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    adults_declaration, doctor = await _current_doctor(registry, ADULT)
    _, other_patient = await signed_declaration(registry, registry_settings, ADULT_FREE, doctor)

    response = await registry.post(
        f"/sandbox/declarations/{adults_declaration}/terminate",
        json={"reason": "auto_employee_deactivate", "reason_description": "Лікар звільнився"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"]["status"] == "terminated"
    for declaration_id in (adults_declaration, other_patient["declaration_id"]):
        assert await _status(registry, declaration_id) == ("terminated", "auto_employee_deactivate")
    async with db(registry) as session:
        employee = await session.get(Employee, doctor.employee_id)
        assert employee is not None and employee.status == "DISMISSED" and employee.end_date is not None

    portal = await registry.get("/api/stats/employees", params={"id": doctor.employee_id})
    assert portal.json()["data"] == []
    patient = await signed_in(registry, registry_settings, ADULT)
    refused = await create_request(registry, patient, doctor)
    assert refused.status_code == 409 and refused.json()["error"]["message"] == "Employee is not active"


async def test_a_reorganisation_ends_just_that_declaration(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    adults_declaration, doctor = await _current_doctor(registry, ADULT)
    _, other_patient = await signed_declaration(registry, registry_settings, ADULT_FREE, doctor)
    response = await registry.post(
        f"/sandbox/declarations/{adults_declaration}/terminate", json={"reason": "auto_reorganization"}
    )
    assert response.status_code == 200, response.text
    assert await _status(registry, adults_declaration) == ("terminated", "auto_reorganization")
    assert (await _status(registry, other_patient["declaration_id"]))[0] == "active"
    async with db(registry) as session:
        employee = await session.get(Employee, doctor.employee_id)
        assert employee is not None and employee.status == "APPROVED"

    again = await registry.post(
        f"/sandbox/declarations/{adults_declaration}/terminate", json={"reason": "auto_reorganization"}
    )
    assert again.status_code == 409


async def test_terminate_checks_the_reason_and_the_declaration(registry: httpx.AsyncClient) -> None:
    adults_declaration, _ = await _current_doctor(registry, ADULT)
    for body in ({"reason": "because"}, {}, {"reason": "auto_reorganization", "extra": 1}):
        response = await registry.post(f"/sandbox/declarations/{adults_declaration}/terminate", json=body)
        assert response.status_code == 422, body
    assert (await _status(registry, adults_declaration))[0] == "active"
    for missing in (str(uuid.uuid4()), "nope"):
        response = await registry.post(f"/sandbox/declarations/{missing}/verify")
        assert response.status_code == 404


async def test_lists_a_persons_declarations_and_requests(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    person_id = person_of(ADULT).person_id
    _, signed = await signed_declaration(registry, registry_settings, ADULT, await pick_doctor(registry, "THERAPIST"))

    declarations = (await registry.get(f"/sandbox/persons/{person_id}/declarations")).json()["data"]
    assert declarations[0]["id"] == signed["declaration_id"]  # newest first
    assert {d["status"] for d in declarations} == {"active", "terminated"}
    requests = (await registry.get(f"/sandbox/persons/{person_id}/declaration_requests")).json()["data"]
    assert [r["id"] for r in requests] == [signed["id"]] and requests[0]["status"] == "SIGNED"
    async with db(registry) as session:
        stored = set(await session.scalars(select(Declaration.id).where(Declaration.person_id == person_id)))
    assert {d["id"] for d in declarations} == stored
    assert (await registry.get(f"/sandbox/persons/{uuid.uuid4()}/declarations")).status_code == 404


async def test_controls_answer_only_this_machine(registry: httpx.AsyncClient) -> None:
    adults_declaration, _ = await _current_doctor(registry, ADULT)
    transport = httpx.ASGITransport(app=registry.app, client=("203.0.113.7", 40000))  # type: ignore[attr-defined]
    async with httpx.AsyncClient(transport=transport, base_url="http://registry.test") as outsider:
        response = await outsider.post(
            f"/sandbox/declarations/{adults_declaration}/terminate", json={"reason": "auto_reorganization"}
        )
        assert response.status_code == 403
        listed = await outsider.get(f"/sandbox/persons/{person_of(ADULT).person_id}/declarations")
        assert listed.status_code == 403
    assert (await _status(registry, adults_declaration))[0] == "active"
