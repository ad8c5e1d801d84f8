"""Cabinet e-prescriptions over HTTP: the person's medication requests and dispenses, as eHealth's cabinet
Blueprint describes them, and their shapes checked against ehealth-cabinet-medication-structures.apib."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.scopes import MEDICATION_DISPENSE_READ, MEDICATION_REQUEST_READ, SIGN_IN
from sandbox.registry.rules.numbers import is_medication_request_number
from tests.registry.blueprint_shapes import check
from tests.registry.conftest import REDIRECT_URI
from tests.registry.conftest import test_person as person_of
from tests.registry.test_declaration_requests import (
    ADULT,
    ADULT_FREE,
    CHILD,
    TEEN_READ_ONLY,
    UNVERIFIED,
    advance_clock,
    signed_in,
)

REQUESTS = "/api/cabinet/medication_requests"
DISPENSES = "/api/cabinet/medication_dispenses"
LIST_ITEM = "Medication_request_Public_Response_with_Medical_Program_min"
DISPENSE = "Medication_Dispense_Response_without_2d_codes"
ADULT_WITH_ACCESSES_SLUG = "adult_with_accesses"


async def _all_requests(registry: httpx.AsyncClient, slug: str) -> list[dict[str, Any]]:
    """Every prescription of a person, with its verification code, from the demo control."""
    response = await registry.get(f"/sandbox/persons/{person_of(slug).person_id}/medication_requests")
    assert response.status_code == 200, response.text
    return list(response.json()["data"])


async def _get(registry: httpx.AsyncClient, headers: dict[str, str], url: str, **params: Any) -> dict[str, Any]:
    response = await registry.get(url, headers=headers, params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


def _shape_problems(structure: str, items: list[dict[str, Any]]) -> list[str]:
    problems = [p for item in items for p in check(structure, item)]
    for item in items:
        request = item.get("medication_request", item)
        for i, instruction in enumerate(request["dosage_instruction"]):
            problems += check("Dosage_Instruction", instruction, f"$.dosage_instruction[{i}]")
            if "timing" in instruction:
                problems += check("Timing", instruction["timing"], f"$.dosage_instruction[{i}].timing")
            problems += check("Dose_and_Rate", instruction["dose_and_rate"], f"$.dosage_instruction[{i}].dose_and_rate")
    return problems


# --- the list -------------------------------------------------------------------------------------


async def test_list_defaults_to_active_and_shows_only_the_persons_own(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    session = await signed_in(registry, registry_settings, ADULT)
    own = await _all_requests(registry, ADULT)
    active = {r["id"] for r in own if r["status"] == "ACTIVE"}
    assert len(active) == 4

    body = await _get(registry, session.headers, REQUESTS)
    assert {item["id"] for item in body["data"]} == active
    assert body["paging"] == {"page_number": 1, "page_size": 50, "total_entries": 4, "total_pages": 1}
    assert all(item["person"]["id"] == session.person_id for item in body["data"])
    assert all("verification_code" not in item for item in body["data"])
    created = [item["created_at"] for item in body["data"]]
    assert created == sorted(created, reverse=True)  # newest first

    others = {r["id"] for r in await _all_requests(registry, TEEN_READ_ONLY)}
    for status in ("ACTIVE", "COMPLETED", "EXPIRED", "REJECTED"):
        listed = {item["id"] for item in (await _get(registry, session.headers, REQUESTS, status=status))["data"]}
        assert listed == {r["id"] for r in own if r["status"] == status}
        assert not listed & others


async def test_list_items_and_details_have_the_blueprint_shape(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    session = await signed_in(registry, registry_settings, ADULT)
    items = []
    for status in ("ACTIVE", "COMPLETED", "EXPIRED", "REJECTED"):
        items += (await _get(registry, session.headers, REQUESTS, status=status))["data"]
    assert _shape_problems(LIST_ITEM, items) == []
    for item in items:
        assert is_medication_request_number(item["request_number"])
        for field in ("created_at", "started_at", "ended_at", "dispense_valid_from", "dispense_valid_to"):
            date.fromisoformat(item[field])  # a DATE, as the Blueprint says
        assert item["started_at"] <= item["ended_at"] and item["dispense_valid_from"] <= item["dispense_valid_to"]
    rejected = next(item for item in items if item["status"] == "REJECTED")
    assert rejected["reject_reason_code"] == "PATIENT_REJECT" and rejected["reject_reason"]
    date.fromisoformat(rejected["rejected_at"])
    programs = {item["medical_program"]["name"] for item in items}
    assert {"Доступні ліки", "Інсуліни"} <= programs

    detail = (await _get(registry, session.headers, f"{REQUESTS}/{items[0]['id']}"))["data"]
    assert _shape_problems(LIST_ITEM, [detail]) == []
    assert isinstance(detail["verification_code"], str) and len(detail["verification_code"]) == 4


async def test_list_filters(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    session = await signed_in(registry, registry_settings, ADULT)
    own = [r for r in await _all_requests(registry, ADULT) if r["status"] == "ACTIVE"]
    one = own[0]

    by_number = await _get(registry, session.headers, REQUESTS, request_number=one["request_number"])
    assert [item["id"] for item in by_number["data"]] == [one["id"]]
    medication_id = one["medication_info"]["medication_id"]
    by_medicine = await _get(registry, session.headers, REQUESTS, medication_id=medication_id)
    assert {item["id"] for item in by_medicine["data"]} == {
        r["id"] for r in own if r["medication_info"]["medication_id"] == medication_id
    }
    encounter = one["context"]["identifier"]["value"]
    assert [i["id"] for i in (await _get(registry, session.headers, REQUESTS, encounter_id=encounter))["data"]] == [
        one["id"]
    ]
    assert (await _get(registry, session.headers, REQUESTS, intent="plan"))["data"] == []
    assert len((await _get(registry, session.headers, REQUESTS, intent="order"))["data"]) == len(own)

    day = date.fromisoformat(one["created_at"])
    window = await _get(registry, session.headers, REQUESTS, created_from=day.isoformat(), created_to=day.isoformat())
    assert one["id"] in {item["id"] for item in window["data"]}
    assert all(item["created_at"] == day.isoformat() for item in window["data"])
    later = (day + timedelta(days=1)).isoformat()
    assert one["id"] not in {
        i["id"] for i in (await _get(registry, session.headers, REQUESTS, created_from=later))["data"]
    }
    # Another person's id as a filter finds nothing; it never widens the list.
    teen = person_of(TEEN_READ_ONLY).person_id
    assert (await _get(registry, session.headers, REQUESTS, person_id=teen))["data"] == []


async def test_paging(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    session = await signed_in(registry, registry_settings, ADULT)
    first = await _get(registry, session.headers, REQUESTS, page_size=3)
    second = await _get(registry, session.headers, REQUESTS, page_size=3, page=2)
    assert first["paging"] == {"page_number": 1, "page_size": 3, "total_entries": 4, "total_pages": 2}
    assert len(first["data"]) == 3 and len(second["data"]) == 1
    assert not {i["id"] for i in first["data"]} & {i["id"] for i in second["data"]}
    assert len((await _get(registry, session.headers, REQUESTS, page_size=300))["data"]) == 4


@pytest.mark.parametrize(
    "params",
    [
        {"status": "active"},
        {"status": "CANCELLED"},
        {"page_size": 301},
        {"page_size": 0},
        {"page": 0},
        {"created_from": "17.08.2017"},
        {"medication_id": "not-an-id"},
        {"intent": "proposal"},
    ],
)
async def test_bad_filters_are_refused(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, params: dict[str, Any]
) -> None:
    session = await signed_in(registry, registry_settings, ADULT)
    response = await registry.get(REQUESTS, headers=session.headers, params=params)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["type"] == "validation_failed"
    assert error["invalid"][0]["entry_type"] == "query_param"


# --- one prescription -------------------------------------------------------------------------------


async def test_details_by_id_or_request_number(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    session = await signed_in(registry, registry_settings, ADULT)
    one = (await _all_requests(registry, ADULT))[0]
    by_id = (await _get(registry, session.headers, f"{REQUESTS}/{one['id']}"))["data"]
    by_number = (await _get(registry, session.headers, f"{REQUESTS}/{one['request_number']}"))["data"]
    assert by_id == by_number
    assert by_id["id"] == one["id"] and by_id["verification_code"] == one["verification_code"]


async def test_another_persons_prescription_is_not_found(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    session = await signed_in(registry, registry_settings, ADULT)
    theirs = (await _all_requests(registry, TEEN_READ_ONLY))[0]
    for key in (theirs["id"], theirs["request_number"], "00000000-0000-4000-8000-000000000000", "x"):
        response = await registry.get(f"{REQUESTS}/{key}", headers=session.headers)
        assert response.status_code == 404, response.text
        assert response.json()["error"]["type"] == "not_found"
        assert theirs["verification_code"] not in response.text
    dispense_of_theirs = await _all_dispense_ids(registry, registry_settings, ADULT_WITH_ACCESSES_SLUG)
    response = await registry.get(f"{DISPENSES}/{dispense_of_theirs[0]}", headers=session.headers)
    assert response.status_code == 404
    listed = await _get(registry, session.headers, DISPENSES, id=dispense_of_theirs[0])
    assert listed["data"] == []


async def _all_dispense_ids(registry: httpx.AsyncClient, settings: RegistrySettings, slug: str) -> list[str]:
    session = await signed_in(registry, settings, slug)
    return [d["id"] for d in (await _get(registry, session.headers, DISPENSES))["data"]]


# --- who may read ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("granted", "url", "status"),
    [
        (f"{SIGN_IN} {MEDICATION_DISPENSE_READ}", REQUESTS, 403),
        (f"{SIGN_IN} {MEDICATION_REQUEST_READ}", DISPENSES, 403),
        (f"{SIGN_IN} {MEDICATION_REQUEST_READ}", REQUESTS, 200),
        (f"{SIGN_IN} {MEDICATION_DISPENSE_READ}", DISPENSES, 200),
    ],
)
async def test_each_call_needs_its_scope(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, granted: str, url: str, status: int
) -> None:
    session = await signed_in(registry, registry_settings, ADULT, scope=granted)
    response = await registry.get(url, headers=session.headers)
    assert response.status_code == status, response.text
    if status == 403:
        assert response.json()["error"]["type"] == "forbidden"


async def test_without_a_token_or_api_key(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    session = await signed_in(registry, registry_settings, ADULT)
    assert (await registry.get(REQUESTS)).status_code == 401
    assert (await registry.get(DISPENSES, headers={"api-key": registry_settings.pis_client_secret})).status_code == 401
    no_key = {"Authorization": session.headers["Authorization"]}
    assert (await registry.get(REQUESTS, headers=no_key)).status_code == 401


async def test_who_has_prescriptions(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    teen = await signed_in(registry, registry_settings, TEEN_READ_ONLY)  # read-only: may still read
    (salbutamol,) = (await _get(registry, teen.headers, REQUESTS))["data"]
    assert salbutamol["medication_info"]["medication_name"].startswith("Сальбутамол")
    assert salbutamol["person"]["age"] == 16
    for slug in (ADULT_FREE, UNVERIFIED):
        session = await signed_in(registry, registry_settings, slug)
        for status in ("ACTIVE", "COMPLETED", "EXPIRED", "REJECTED"):
            assert (await _get(registry, session.headers, REQUESTS, status=status))["data"] == []
        assert (await _get(registry, session.headers, DISPENSES))["data"] == []
    past = await signed_in(registry, registry_settings, ADULT_WITH_ACCESSES_SLUG)
    assert (await _get(registry, past.headers, REQUESTS))["data"] == []
    assert len((await _get(registry, past.headers, REQUESTS, status="COMPLETED"))["data"]) == 1
    assert len((await _get(registry, past.headers, REQUESTS, status="EXPIRED"))["data"]) == 1
    # Under 14: no own access, whatever token came about (as the other cabinet calls).
    child = await signed_in(registry, registry_settings, CHILD)
    assert (await registry.get(REQUESTS, headers=child.headers)).status_code == 403
    assert (await registry.get(DISPENSES, headers=child.headers)).status_code == 403


async def test_the_seed_has_one_expiring_soon_and_one_partly_dispensed(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    session = await signed_in(registry, registry_settings, ADULT)
    today = registry.app.state.clock.today()  # type: ignore[attr-defined]
    active = (await _get(registry, session.headers, REQUESTS))["data"]
    assert any(date.fromisoformat(r["dispense_valid_to"]) - today == timedelta(days=2) for r in active)
    partly = []
    for r in active:
        if (await _get(registry, session.headers, DISPENSES, medication_request_id=r["id"]))["data"]:
            partly.append(r)
    assert len(partly) == 1
    completed = (await _get(registry, session.headers, REQUESTS, status="COMPLETED"))["data"]
    counts = []
    for r in completed:
        counts.append(len((await _get(registry, session.headers, DISPENSES, medication_request_id=r["id"]))["data"]))
    counts.sort()
    assert counts == [1, 2]


# --- dispenses ----------------------------------------------------------------------------------------


async def test_dispenses_list_details_and_shape(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    session = await signed_in(registry, registry_settings, ADULT)
    body = await _get(registry, session.headers, DISPENSES)
    dispenses = body["data"]
    assert body["paging"]["total_entries"] == len(dispenses) == 4
    assert _shape_problems(DISPENSE, dispenses) == []
    for dispense in dispenses:
        assert check("Medication_request_Public_Response", dispense["medication_request"]) == []
        assert dispense["status"] == "PROCESSED"
        date.fromisoformat(dispense["dispensed_at"])
        line = dispense["details"][0]
        assert line["sell_amount"] == pytest.approx(line["medication_qty"] * line["sell_price"], abs=0.01)
        paid = sum(d["sell_amount"] - d["reimbursement_amount"] for d in dispense["details"])
        assert dispense["payment_amount"] == pytest.approx(paid, abs=0.01)
        one = (await _get(registry, session.headers, f"{DISPENSES}/{dispense['id']}"))["data"]
        assert one == dispense

    first = dispenses[0]
    for params, expected in (
        ({"id": first["id"]}, {first["id"]}),
        ({"medication_request_id": first["medication_request"]["id"]}, None),
        ({"legal_entity_id": first["legal_entity"]["id"]}, {d["id"] for d in dispenses}),
        ({"division_id": first["division"]["id"]}, {d["id"] for d in dispenses}),
        ({"status": "PROCESSED"}, {d["id"] for d in dispenses}),
        ({"status": "REJECTED"}, set()),
        ({"dispensed_from": first["dispensed_at"], "dispensed_to": first["dispensed_at"]}, None),
    ):
        found = {d["id"] for d in (await _get(registry, session.headers, DISPENSES, **params))["data"]}
        assert first["id"] in found if expected is None else found == expected, params
    response = await registry.get(DISPENSES, headers=session.headers, params={"status": "DONE"})
    assert response.status_code == 422


async def test_a_dispense_with_two_brands(registry: httpx.AsyncClient, registry_settings: RegistrySettings) -> None:
    session = await signed_in(registry, registry_settings, ADULT_WITH_ACCESSES_SLUG)
    (dispense,) = (await _get(registry, session.headers, DISPENSES))["data"]
    assert len(dispense["details"]) == 2
    assert (
        sum(line["medication_qty"] for line in dispense["details"])
        == dispense["medication_request"]["medication_info"]["medication_qty"]
    )
    assert dispense["medication_request"]["status"] == "COMPLETED"


# --- time -------------------------------------------------------------------------------------------


async def test_moving_the_clock_expires_an_active_prescription(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    session = await signed_in(registry, registry_settings, ADULT)
    active = (await _get(registry, session.headers, REQUESTS))["data"]
    soonest = min(active, key=lambda r: r["dispense_valid_to"])
    await advance_clock(registry, timedelta(days=2))
    session = await signed_in(registry, registry_settings, ADULT)  # a token lives less than a day
    assert soonest["id"] in {r["id"] for r in (await _get(registry, session.headers, REQUESTS))["data"]}
    await advance_clock(registry, timedelta(days=1))  # the day after dispense_valid_to
    session = await signed_in(registry, registry_settings, ADULT)
    assert soonest["id"] not in {r["id"] for r in (await _get(registry, session.headers, REQUESTS))["data"]}
    expired = (await _get(registry, session.headers, REQUESTS, status="EXPIRED"))["data"]
    assert soonest["id"] in {r["id"] for r in expired}


async def test_the_sign_in_page_explains_the_prescription_scopes(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    params = {
        "client_id": registry_settings.pis_client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": f"{SIGN_IN} {MEDICATION_REQUEST_READ} {MEDICATION_DISPENSE_READ}",
        "state": "s",
    }
    page = await registry.get("/sign-in", params=params)
    assert page.status_code == 200, page.text
    assert "переглядати ваші електронні рецепти" in page.text
    assert "відпустили в аптеці" in page.text
    assert MEDICATION_REQUEST_READ not in page.text.replace(f'value="{params["scope"]}"', "")
