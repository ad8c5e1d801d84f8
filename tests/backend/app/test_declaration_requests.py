"""Choosing a doctor: precheck codes, idempotent creation, signing, cancelling, isolation."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.backend.app.conftest import Cabinet, person


@pytest.fixture
async def directory(cabinet: Cabinet) -> Cabinet:
    await cabinet.load_directory()
    return cabinet


async def _doctor(api: httpx.AsyncClient, speciality: str, *, exclude: str | None = None) -> dict[str, Any]:
    found = (
        await api.get("/v1/doctors/search", params={"speciality": speciality, "with_free_places": True, "limit": 10})
    ).json()["items"]
    return next(doctor for doctor in found if doctor["employee_id"] != exclude and doctor["available"])


def _ref(doctor: dict[str, Any]) -> dict[str, str]:
    return {"employee_id": doctor["employee_id"], "division_id": doctor["division_id"]}


async def test_precheck_passes_for_an_adult_and_a_therapist(directory: Cabinet, api: httpx.AsyncClient) -> None:
    await directory.sign_in(5001, person("adult_without_declaration"))
    therapist = await _doctor(api, "THERAPIST")
    checked = (await api.post("/v1/users/5001/declaration-requests/precheck", json=_ref(therapist))).json()
    assert checked == {
        "ok": True,
        "blockers": [],
        "warnings": [],
        "free_places": therapist["free_places"],
        "current_doctor_name": None,
    }


async def test_precheck_blocks_a_pediatrician_for_an_adult(directory: Cabinet, api: httpx.AsyncClient) -> None:
    await directory.sign_in(5002, person("adult_without_declaration"))
    pediatrician = await _doctor(api, "PEDIATRICIAN")
    checked = (await api.post("/v1/users/5002/declaration-requests/precheck", json=_ref(pediatrician))).json()
    assert checked["ok"] is False
    assert checked["blockers"] == ["SPECIALITY_AGE_MISMATCH"]


async def test_precheck_knows_the_current_doctor(directory: Cabinet, api: httpx.AsyncClient) -> None:
    await directory.sign_in(5003, person("adult_with_declaration"))
    current = (await api.get("/v1/users/5003/declarations")).json()["current"][0]
    same = {"employee_id": current["doctor"]["employee_id"], "division_id": current["division"]["id"]}
    checked = (await api.post("/v1/users/5003/declaration-requests/precheck", json=same)).json()
    assert checked["blockers"] == ["ALREADY_YOUR_DOCTOR"]

    other = await _doctor(api, "FAMILY_DOCTOR", exclude=current["doctor"]["employee_id"])
    checked = (await api.post("/v1/users/5003/declaration-requests/precheck", json=_ref(other))).json()
    assert checked["ok"] is True
    assert checked["warnings"] == ["WILL_REPLACE_CURRENT"]
    assert checked["current_doctor_name"] == current["doctor"]["full_name"]


async def test_precheck_tells_a_read_only_teen(directory: Cabinet, api: httpx.AsyncClient) -> None:
    await directory.sign_in(5004, person("teen_16_read_only"))
    pediatrician = await _doctor(api, "PEDIATRICIAN")
    checked = (await api.post("/v1/users/5004/declaration-requests/precheck", json=_ref(pediatrician))).json()
    assert "READ_ONLY" in checked["blockers"]


async def test_precheck_of_an_unknown_doctor_or_a_wrong_division(directory: Cabinet, api: httpx.AsyncClient) -> None:
    await directory.sign_in(5005, person("adult_without_declaration"))
    unknown = await api.post(
        "/v1/users/5005/declaration-requests/precheck", json={"employee_id": "no-such-doctor", "division_id": "x"}
    )
    assert unknown.status_code == 404
    therapist = await _doctor(api, "THERAPIST")
    wrong = await api.post(
        "/v1/users/5005/declaration-requests/precheck",
        json={"employee_id": therapist["employee_id"], "division_id": "another-division"},
    )
    assert wrong.status_code == 422
    assert wrong.json()["error"]["fields"][0]["field"] == "division_id"


async def test_the_same_client_key_creates_one_request(directory: Cabinet, api: httpx.AsyncClient) -> None:
    await directory.sign_in(5006, person("adult_without_declaration"))
    therapist = await _doctor(api, "THERAPIST")
    body = {**_ref(therapist), "client_key": "dialog-5006-step-3"}
    first = await api.post("/v1/users/5006/declaration-requests", json=body)
    assert first.status_code == 201, first.text
    second = await api.post("/v1/users/5006/declaration-requests", json=body)
    assert second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert first.json()["signing_url"] != second.json()["signing_url"]  # a fresh link, the same request
    listed = (await api.get("/v1/users/5006/declaration-requests")).json()
    assert [item["id"] for item in listed["items"]] == [first.json()["id"]]
    assert listed["items"][0]["status"] == "NEW" and listed["items"][0]["signable"] is True


async def test_creating_a_request_enforces_the_precheck(directory: Cabinet, api: httpx.AsyncClient) -> None:
    await directory.sign_in(5007, person("adult_without_declaration"))
    pediatrician = await _doctor(api, "PEDIATRICIAN")
    refused = await api.post("/v1/users/5007/declaration-requests", json={**_ref(pediatrician), "client_key": "k-5007"})
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "precheck_failed"
    assert refused.json()["error"]["blockers"] == ["SPECIALITY_AGE_MISMATCH"]
    assert (await api.get("/v1/users/5007/declaration-requests")).json()["items"] == []
    # The refused key is not spent: a valid doctor with the same key goes through.
    therapist = await _doctor(api, "THERAPIST")
    created = await api.post("/v1/users/5007/declaration-requests", json={**_ref(therapist), "client_key": "k-5007"})
    assert created.status_code == 201


async def test_a_read_only_teen_cannot_create_a_request(directory: Cabinet, api: httpx.AsyncClient) -> None:
    await directory.sign_in(5008, person("teen_16_read_only"))
    pediatrician = await _doctor(api, "PEDIATRICIAN")
    refused = await api.post("/v1/users/5008/declaration-requests", json={**_ref(pediatrician), "client_key": "k"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "read_only"


async def test_a_capable_teen_signs_with_a_pediatrician(directory: Cabinet, api: httpx.AsyncClient) -> None:
    who = person("teen_17_capable")
    await directory.sign_in(5009, who)
    current = (await api.get("/v1/users/5009/declarations")).json()["current"]
    pediatrician = await _doctor(api, "PEDIATRICIAN", exclude=current[0]["doctor"]["employee_id"] if current else None)
    created = await api.post("/v1/users/5009/declaration-requests", json={**_ref(pediatrician), "client_key": "t"})
    assert created.status_code == 201, created.text
    signed = await directory.sign(created.json()["signing_url"], who)
    assert signed.status_code == 200, signed.text


async def test_signing_a_request_makes_the_declaration(directory: Cabinet, api: httpx.AsyncClient) -> None:
    who = person("adult_without_declaration")
    await directory.sign_in(5010, who)
    await directory.events()
    therapist = await _doctor(api, "THERAPIST")
    created = (
        await api.post("/v1/users/5010/declaration-requests", json={**_ref(therapist), "client_key": "sign-me"})
    ).json()
    assert created["summary"]["title"] == "Декларація з лікарем"
    labels = {item["label"]: item["value"] for item in created["summary"]["items"]}
    assert labels["Лікар"] == therapist["full_name"]
    assert labels["Спеціальність"] == "Терапевт"

    page = await directory.browser.get(created["signing_url"])
    assert therapist["full_name"] in page.text
    assert therapist["legal_entity_name"] in page.text
    signed = await directory.sign(created["signing_url"], who)
    assert signed.status_code == 200, signed.text
    assert "Декларацію підписано" in signed.text

    request = (await api.get(f"/v1/users/5010/declaration-requests/{created['id']}")).json()
    assert request["status"] == "SIGNED" and request["signable"] is False
    current = (await api.get("/v1/users/5010/declarations")).json()["current"]
    assert [item["doctor"]["employee_id"] for item in current] == [therapist["employee_id"]]
    events = await directory.events()
    assert [event["kind"] for event in events] == ["request.signed"]
    assert events[0]["payload"]["request_id"] == created["id"]
    assert events[0]["payload"]["doctor_name"] == therapist["full_name"]

    no_link = await api.post(f"/v1/users/5010/declaration-requests/{created['id']}/signing-link")
    assert no_link.status_code == 409
    assert no_link.json()["error"]["reason"] == "request_not_new"


async def test_cancel_rejects_the_request(directory: Cabinet, api: httpx.AsyncClient) -> None:
    who = person("adult_without_declaration")
    await directory.sign_in(5011, who)
    therapist = await _doctor(api, "THERAPIST")
    created = (
        await api.post("/v1/users/5011/declaration-requests", json={**_ref(therapist), "client_key": "c"})
    ).json()
    cancelled = await api.post(f"/v1/users/5011/declaration-requests/{created['id']}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["status"] == "REJECTED"
    # The link outlived the request: the registry refuses, the page says so and the link is spent.
    page = await directory.browser.post(created["signing_url"], {"key_id": who.key_id, "password": who.password})
    assert page.status_code == 409
    assert "Реєстр не прийняв підпис" in page.text
    assert (await directory.browser.get(created["signing_url"])).status_code == 410
    again = await api.post(f"/v1/users/5011/declaration-requests/{created['id']}/cancel")
    assert again.status_code == 409


async def test_a_new_signing_link_for_a_new_request(directory: Cabinet, api: httpx.AsyncClient) -> None:
    await directory.sign_in(5012, person("adult_without_declaration"))
    therapist = await _doctor(api, "THERAPIST")
    created = (
        await api.post("/v1/users/5012/declaration-requests", json={**_ref(therapist), "client_key": "n"})
    ).json()
    fresh = await api.post(f"/v1/users/5012/declaration-requests/{created['id']}/signing-link")
    assert fresh.status_code == 200
    assert fresh.json()["signing_url"] != created["signing_url"]


async def test_another_persons_request_is_not_found(directory: Cabinet, api: httpx.AsyncClient) -> None:
    await directory.sign_in(5013, person("adult_without_declaration"))
    await directory.sign_in(5014, person("unverified_adult"))
    therapist = await _doctor(api, "THERAPIST")
    owners = (await api.post("/v1/users/5013/declaration-requests", json={**_ref(therapist), "client_key": "i"})).json()
    for response in (
        await api.get(f"/v1/users/5014/declaration-requests/{owners['id']}"),
        await api.post(f"/v1/users/5014/declaration-requests/{owners['id']}/cancel"),
        await api.post(f"/v1/users/5014/declaration-requests/{owners['id']}/signing-link"),
    ):
        assert response.status_code == 404, response.text
    assert (await api.get(f"/v1/users/5013/declaration-requests/{owners['id']}")).json()["status"] == "NEW"
    # The same client key of another user is a different request.
    theirs = await api.post("/v1/users/5014/declaration-requests", json={**_ref(therapist), "client_key": "i"})
    assert theirs.status_code == 201 and theirs.json()["id"] != owners["id"]
