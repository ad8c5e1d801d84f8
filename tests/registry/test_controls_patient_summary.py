"""The medical-record controls of the sandbox: a lab result comes in, a doctor writes a referral, on demand."""

from __future__ import annotations

from typing import Any

import httpx

from sandbox.registry.config import RegistrySettings
from sandbox.registry.rules.numbers import is_requisition_number
from tests.registry.blueprint_shapes import SUMMARY_STRUCTURES, check
from tests.registry.conftest import test_person as person_of
from tests.registry.test_declaration_requests import ADULT, ADULT_FREE, UNVERIFIED, person_declarations
from tests.registry.test_patient_summary import signed_in


def _person_url(slug: str, what: str) -> str:
    return f"/sandbox/persons/{person_of(slug).person_id}/{what}"


async def _cabinet(
    registry: httpx.AsyncClient, settings: RegistrySettings, slug: str, path: str, **params: Any
) -> list[dict[str, Any]]:
    session = await signed_in(registry, settings, slug)
    response = await registry.get(f"/api/patients/{session.person_id}/{path}", headers=session.headers, params=params)
    assert response.status_code == 200, response.text
    return list(response.json()["data"])


async def test_the_catalogues_name_the_codes_and_services(registry: httpx.AsyncClient) -> None:
    codes = {c["code"]: c for c in (await registry.get("/sandbox/observation_codes")).json()["data"]}
    assert {"2345-7", "4548-4", "2093-3", "718-7", "8480-6", "8462-4", "29463-7"} == set(codes)
    assert (codes["4548-4"]["unit"], codes["4548-4"]["high"]) == ("%", 6.0)
    services = {s["name"]: s for s in (await registry.get("/sandbox/services")).json()["data"]}
    assert services["Ліпідограма"]["category"] == "laboratory"
    assert {"laboratory", "imaging", "consultation", "diagnostic_procedure"} == {
        s["category"] for s in services.values()
    }


async def test_a_lab_result_comes_in(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    before = await _cabinet(registry, registry_settings, ADULT, "summary/observations", code="2345-7")
    response = await registry.post(
        _person_url(ADULT, "observations"), json={"code": "2345-7", "value": 7.4, "comment": "Натще"}
    )
    assert response.status_code == 201, response.text
    added = response.json()["data"]
    assert check("Observation_Response", added, source=SUMMARY_STRUCTURES) == []
    assert added["value_quantity"] == {
        "value": 7.4,
        "unit": "ммоль/л",
        "system": "eHealth/ucum/units",
        "code": "mmol/L",
    }
    assert added["reference_ranges"][0]["low"]["value"] == 3.9 and added["reference_ranges"][0]["high"]["value"] == 6.1
    assert added["interpretation"]["coding"][0]["code"] == "H" and added["comment"] == "Натще"
    declaration = (await person_declarations(registry, ADULT))[0]
    assert added["performer"]["identifier"]["value"] == declaration.employee_id

    after = await _cabinet(registry, registry_settings, ADULT, "summary/observations", code="2345-7")
    assert len(after) == len(before) + 1 and after[0] == added  # the newest first
    session = await signed_in(registry, registry_settings, ADULT)
    detail = await registry.get(f"/api/patients/{session.person_id}/summary/observations/{added['id']}",
                                headers=session.headers)  # fmt: skip
    assert detail.json()["data"] == added

    default = (await registry.post(_person_url(ADULT_FREE, "observations"))).json()["data"]
    assert default["code"]["coding"][0]["code"] == "4548-4" and default["value_quantity"]["value"] == 6.8


async def test_a_doctor_writes_a_referral(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    before = await _cabinet(registry, registry_settings, ADULT, "service_requests", status="active")
    response = await registry.post(
        _person_url(ADULT, "service_requests"),
        json={"service": "55036-00", "valid_days": 14, "patient_instruction": "Натщесерце"},
    )
    assert response.status_code == 201, response.text
    added = response.json()["data"]
    problems = set(check("Service_Request_Base", added, source=SUMMARY_STRUCTURES))
    assert problems <= {"$.used_by_employee: required, missing", "$.used_by_legal_entity: required, missing"}
    assert added["status"] == "active" and is_requisition_number(added["requisition"])
    assert added["code"]["display_value"] == "Ультразвукове дослідження органів черевної порожнини"
    assert added["category"]["coding"][0]["code"] == "363679005"
    assert added["patient_instruction"] == "Натщесерце"
    declaration = (await person_declarations(registry, ADULT))[0]
    assert added["requester_employee"]["identifier"]["value"] == declaration.employee_id

    after = await _cabinet(registry, registry_settings, ADULT, "service_requests", status="active")
    assert len(after) == len(before) + 1 and after[0] == added
    visit = added["context"]["identifier"]["value"]
    encounters = await _cabinet(registry, registry_settings, ADULT, "summary/encounters")
    assert encounters[0]["id"] == visit  # written at a visit now, in her latest active episode
    assert encounters[0]["episode"]["identifier"]["value"] == added["supporting_info"][0]["identifier"]["value"]

    # A person with no episode open gets one for the visit.
    fresh = (await registry.post(_person_url(UNVERIFIED, "service_requests"))).json()["data"]
    assert fresh["code"]["display_value"] == "Ліпідограма"
    episodes = await _cabinet(registry, registry_settings, UNVERIFIED, "summary/episodes")
    assert [e["name"] for e in episodes] == ["Обстеження"]


async def test_the_controls_refuse_what_they_cannot_do(registry: httpx.AsyncClient) -> None:
    unknown_code = await registry.post(_person_url(ADULT, "observations"), json={"code": "1234-5", "value": 1})
    assert unknown_code.status_code == 422 and unknown_code.json()["error"]["invalid"][0]["entry"] == "$.code"
    unknown_service = await registry.post(_person_url(ADULT, "service_requests"), json={"service": "JF2 01"})
    assert unknown_service.status_code == 422
    for what in ("observations", "service_requests"):
        nobody = await registry.post(f"/sandbox/persons/7a489bbd-d8e2-48d9-92fd-fcf0102f7b08/{what}")
        assert nobody.status_code == 404
        extra = await registry.post(_person_url(ADULT, what), json={"unknown": 1})
        assert extra.status_code == 422
        no_doctor = await registry.post(_person_url(ADULT, what), json={"employee_id": "no-such-doctor"})
        assert no_doctor.status_code == 422
