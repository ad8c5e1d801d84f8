"""E-prescriptions end to end against the registry sandbox's own seeded prescriptions (docs/test-persons.md):
Olena has four active ones, two completed, one rejected and one expired; one active one is partly dispensed."""

from __future__ import annotations

from typing import Any

import httpx

from tests.backend.app.conftest import REGISTRY_URL, Browser, Cabinet, person

OLENA = person("adult_with_declaration")
VIACHESLAV = person("adult_with_accesses")


async def seeded(browser: Browser, who: Any) -> list[dict[str, Any]]:
    """The sandbox's demo list of a person's prescriptions, newest first, with their verification codes."""
    answer = await browser.get(f"{REGISTRY_URL}/sandbox/persons/{who.person_id}/medication_requests")
    assert answer.status_code == 200, answer.text
    return list(answer.json()["data"])


async def test_the_seeded_prescriptions_by_status_and_past(
    cabinet: Cabinet, api: httpx.AsyncClient, browser: Browser
) -> None:
    await cabinet.sign_in(7201, OLENA)
    everything = await seeded(browser, OLENA)

    active = (await api.get("/v1/users/7201/prescriptions")).json()
    past = (await api.get("/v1/users/7201/prescriptions", params={"status": "past"})).json()

    assert [p["id"] for p in active["items"]] == [p["id"] for p in everything if p["status"] == "ACTIVE"]
    assert len(active["items"]) == 4 and active["total_entries"] == 4
    ended = [p for p in everything if p["status"] != "ACTIVE"]
    assert [p["id"] for p in past["items"]] == [p["id"] for p in ended]  # newest first, as the sandbox keeps them
    assert [p["status"] for p in past["items"]] == ["REJECTED", "COMPLETED", "COMPLETED", "EXPIRED"]
    rejected = past["items"][0]
    assert rejected["reject_reason_code"] == "PATIENT_REJECT" and rejected["rejected_at"]
    created = [p["created_at"] for p in past["items"]]
    assert created == sorted(created, reverse=True)
    for item in active["items"] + past["items"]:
        assert item["medication"]["name"] and item["doctor"]["full_name"] and item["program"]["name"]
        assert item["dosage_instructions"] and item["dosage_instructions"][0]["text"]
    assert "verification_code" not in str(active) + str(past)


async def test_the_code_and_the_dispenses_of_a_seeded_prescription(
    cabinet: Cabinet, api: httpx.AsyncClient, browser: Browser
) -> None:
    await cabinet.sign_in(7202, OLENA)
    partly = next(
        p
        for p in await seeded(browser, OLENA)
        if p["status"] == "ACTIVE" and p["medication_info"]["medication_qty"] == 60
    )

    one = await api.get(f"/v1/users/7202/prescriptions/{partly['request_number']}")
    code = await api.get(f"/v1/users/7202/prescriptions/{partly['id']}/verification-code")
    dispenses = await api.get(f"/v1/users/7202/prescriptions/{partly['id']}/dispenses")

    assert one.status_code == 200, one.text
    assert one.json()["id"] == partly["id"] and "verification_code" not in one.json()
    assert code.json() == {"request_number": partly["request_number"], "verification_code": partly["verification_code"]}
    assert code.headers["cache-control"] == "no-store"
    (dispensed,) = dispenses.json()["items"]
    assert dispensed["medication_request_id"] == partly["id"] and dispensed["status"] == "PROCESSED"
    assert [(line["medication_name"], line["quantity"]) for line in dispensed["lines"]] == [("Діаформін 500", 30)]


async def test_another_patients_seeded_prescription_is_not_found(
    cabinet: Cabinet, api: httpx.AsyncClient, browser: Browser
) -> None:
    await cabinet.sign_in(7203, OLENA)
    await cabinet.sign_in(7204, VIACHESLAV)
    olenas = (await seeded(browser, OLENA))[0]

    for path in ("", "/verification-code", "/dispenses"):
        response = await api.get(f"/v1/users/7204/prescriptions/{olenas['id']}{path}")
        assert response.status_code == 404, (path, response.text)
        assert olenas["verification_code"] not in response.text
    own = (await api.get("/v1/users/7204/prescriptions", params={"status": "past"})).json()["items"]
    assert own and olenas["id"] not in {p["id"] for p in own}
