"""The e-prescription controls of the sandbox: the doctor's and the pharmacy's side, on demand."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from sandbox.registry.config import RegistrySettings
from tests.registry.blueprint_shapes import check
from tests.registry.conftest import test_person as person_of
from tests.registry.test_declaration_requests import ADULT, ADULT_FREE, person_declarations, signed_in

REQUESTS = "/api/cabinet/medication_requests"
DISPENSES = "/api/cabinet/medication_dispenses"


async def _issue(registry: httpx.AsyncClient, slug: str, **body: Any) -> dict[str, Any]:
    response = await registry.post(f"/sandbox/persons/{person_of(slug).person_id}/medication_requests", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json()["data"])


async def _cabinet(
    registry: httpx.AsyncClient, settings: RegistrySettings, slug: str, url: str, **params: Any
) -> list[dict[str, Any]]:
    session = await signed_in(registry, settings, slug)
    response = await registry.get(url, headers=session.headers, params=params)
    assert response.status_code == 200, response.text
    return list(response.json()["data"])


async def test_the_catalogue_names_the_medicines(registry: httpx.AsyncClient) -> None:
    response = await registry.get("/sandbox/medicines")
    assert response.status_code == 200
    keys = {m["key"]: m for m in response.json()["data"]}
    assert {"metformin-500", "insulin-glargine-100", "salbutamol-100", "levothyroxine-50"} <= set(keys)
    assert {b["name"] for b in keys["metformin-500"]["brands"]} == {"Діаформін 500", "Сіофор 500"}


async def test_issue_appears_active_in_the_persons_cabinet(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    issued = await _issue(registry, ADULT_FREE, medicine="levothyroxine-50")
    assert issued["status"] == "ACTIVE" and len(issued["verification_code"]) == 4
    assert issued["medication_info"]["medication_name"] == "Левотироксин натрію 50 мкг таблетки"
    assert check("Medication_request_Public_Response_with_Medical_Program_min", issued) == []
    listed = await _cabinet(registry, registry_settings, ADULT_FREE, REQUESTS)
    assert [r["id"] for r in listed] == [issued["id"]]
    assert listed[0]["dispense_valid_from"] == listed[0]["created_at"]


async def test_issue_defaults_to_the_declaration_doctor_and_metformin(registry: httpx.AsyncClient) -> None:
    issued = await _issue(registry, ADULT)
    (declaration,) = [d for d in await person_declarations(registry, ADULT) if d.status == "active"]
    assert issued["employee"]["id"] == declaration.employee_id
    assert issued["medication_info"]["medication_name"] == "Метформін 500 мг таблетки"


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/sandbox/persons/nobody/medication_requests", {}, 404),
        (f"/sandbox/persons/{person_of(ADULT).person_id}/medication_requests", {"medicine": "aspirin"}, 422),
        (f"/sandbox/persons/{person_of(ADULT).person_id}/medication_requests", {"valid_days": 0}, 422),
        ("/sandbox/medication_requests/0000-0000-0000-0000/dispense", {}, 404),
        ("/sandbox/medication_requests/0000-0000-0000-0000/reject", {}, 404),
        ("/sandbox/medication_requests/0000-0000-0000-0000/expire", None, 404),
    ],
)
async def test_controls_refuse_what_does_not_exist(
    registry: httpx.AsyncClient, path: str, body: dict[str, Any] | None, status: int
) -> None:
    response = await registry.post(path, json=body)
    assert response.status_code == status, response.text


async def test_partial_then_full_dispense(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    issued = await _issue(registry, ADULT_FREE, medicine="metformin-500")  # 60 pills
    brands = {m["key"]: m for m in (await registry.get("/sandbox/medicines")).json()["data"]}["metformin-500"]["brands"]
    siofor = next(b for b in brands if b["name"] == "Сіофор 500")
    partial = await registry.post(
        f"/sandbox/medication_requests/{issued['request_number']}/dispense",
        json={"medication_qty": 20, "medication_id": siofor["id"]},
    )
    assert partial.status_code == 201, partial.text
    dispense = partial.json()["data"]
    assert dispense["status"] == "PROCESSED" and dispense["details"][0]["medication"]["name"] == "Сіофор 500"
    assert dispense["details"][0]["medication_qty"] == 20
    assert dispense["payment_amount"] > 0  # Сіофор costs more than the programme pays
    assert check("Medication_Dispense_Response_without_2d_codes", dispense) == []
    active = await _cabinet(registry, registry_settings, ADULT_FREE, REQUESTS)
    assert [r["id"] for r in active] == [issued["id"]]  # still ACTIVE
    dispensed = await _cabinet(registry, registry_settings, ADULT_FREE, DISPENSES, medication_request_id=issued["id"])
    assert [d["id"] for d in dispensed] == [dispense["id"]]

    too_much = await registry.post(f"/sandbox/medication_requests/{issued['id']}/dispense", json={"medication_qty": 41})
    assert too_much.status_code == 409
    rest = await registry.post(f"/sandbox/medication_requests/{issued['id']}/dispense", json={})
    assert rest.status_code == 201, rest.text
    assert rest.json()["data"]["details"][0]["medication_qty"] == 40
    assert rest.json()["data"]["medication_request"]["status"] == "COMPLETED"
    assert await _cabinet(registry, registry_settings, ADULT_FREE, REQUESTS) == []
    completed = await _cabinet(registry, registry_settings, ADULT_FREE, REQUESTS, status="COMPLETED")
    assert [r["id"] for r in completed] == [issued["id"]]
    again = await registry.post(f"/sandbox/medication_requests/{issued['id']}/dispense", json={})
    assert again.status_code == 409


async def test_reject(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    issued = await _issue(registry, ADULT_FREE, medicine="bisoprolol-5")
    response = await registry.post(
        f"/sandbox/medication_requests/{issued['id']}/reject",
        json={"reject_reason_code": "PATIENT_REJECT", "reject_reason": "Пацієнт відмовився"},
    )
    assert response.status_code == 200, response.text
    rejected = response.json()["data"]
    assert rejected["status"] == "REJECTED" and rejected["reject_reason"] == "Пацієнт відмовився"
    listed = await _cabinet(registry, registry_settings, ADULT_FREE, REQUESTS, status="REJECTED")
    assert [(r["id"], r["reject_reason_code"]) for r in listed] == [(issued["id"], "PATIENT_REJECT")]
    assert (await registry.post(f"/sandbox/medication_requests/{issued['id']}/reject")).status_code == 409
    assert (await registry.post(f"/sandbox/medication_requests/{issued['id']}/dispense", json={})).status_code == 409


async def test_expire(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    issued = await _issue(registry, ADULT_FREE, medicine="salbutamol-100")
    response = await registry.post(f"/sandbox/medication_requests/{issued['id']}/expire")
    assert response.status_code == 200, response.text
    expired = response.json()["data"]
    assert expired["status"] == "EXPIRED"
    assert expired["dispense_valid_from"] <= expired["dispense_valid_to"] < issued["dispense_valid_to"]
    assert expired["started_at"] <= expired["ended_at"]
    assert await _cabinet(registry, registry_settings, ADULT_FREE, REQUESTS) == []
    listed = await _cabinet(registry, registry_settings, ADULT_FREE, REQUESTS, status="EXPIRED")
    assert [r["id"] for r in listed] == [issued["id"]]
    assert (await registry.post(f"/sandbox/medication_requests/{issued['id']}/expire")).status_code == 409


async def test_a_short_window_expires_when_the_clock_moves(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    issued = await _issue(registry, ADULT_FREE, medicine="amlodipine-5", valid_days=1)
    assert issued["dispense_valid_to"] == issued["dispense_valid_from"]
    moved = await registry.post("/sandbox/clock/advance", json={"days": 1})
    assert moved.status_code == 200
    listed = await _cabinet(registry, registry_settings, ADULT_FREE, REQUESTS, status="EXPIRED")
    assert [r["id"] for r in listed] == [issued["id"]]


async def test_the_demo_list_shows_every_status_with_codes(registry: httpx.AsyncClient) -> None:
    response = await registry.get(f"/sandbox/persons/{person_of(ADULT).person_id}/medication_requests")
    assert response.status_code == 200
    data = response.json()["data"]
    assert {r["status"] for r in data} == {"ACTIVE", "COMPLETED", "EXPIRED", "REJECTED"}
    assert all(len(r["verification_code"]) == 4 for r in data)
