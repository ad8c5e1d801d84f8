"""The adapter's shape and the answers the Blueprint examples do not show as such.

Each call against its Blueprint example is in `test_blueprint_contract.py`. Here: the adapter has every
port method; the sign-in URL; variants of the Blueprint examples that the Blueprints allow but do not
show (a teen with confirmed capacity, a doctor with several specialities, a request wiped of personal
data), each built in the test from the example it varies; the accesses, which no public Blueprint
documents; and ids kept inside one path segment."""

from __future__ import annotations

import inspect
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from backend.registry.ehealth import EHealthRegistry
from backend.registry.errors import RegistryAuthExpired, RegistryNotFound, RegistryUnavailable
from backend.registry.port import Quantity, RegistryPort

from .conftest import ACCESS_TOKEN, API, AUTH
from .fake_ehealth import FakeEHealth, example

DECLARATION_ID = "b075f148-7f93-4fc2-b2ec-2d81b19a9b7b"


def test_the_adapter_has_every_port_method_with_the_same_signature() -> None:
    port_methods = {name for name, value in vars(RegistryPort).items() if callable(value) and not name.startswith("_")}
    assert len(port_methods) == 44
    for name in port_methods:
        port_signature = inspect.signature(getattr(RegistryPort, name))
        adapter_signature = inspect.signature(getattr(EHealthRegistry, name))
        assert list(adapter_signature.parameters) == list(port_signature.parameters), name
        for parameter in port_signature.parameters.values():
            assert adapter_signature.parameters[parameter.name].default == parameter.default, (name, parameter.name)
        port_is_async = inspect.iscoroutinefunction(getattr(RegistryPort, name))
        adapter_is_async = inspect.iscoroutinefunction(getattr(EHealthRegistry, name))
        assert port_is_async == adapter_is_async, name


def test_sign_in_url_carries_client_redirect_scopes_and_state(registry: EHealthRegistry) -> None:
    url = urlsplit(registry.sign_in_url("st4te-Xyz"))
    query = parse_qs(url.query)
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{AUTH}/sign-in"
    assert query["client_id"] == ["telegram-cabinet"]
    assert query["redirect_uri"] == ["https://cabinet.example/auth/callback"]
    assert query["state"] == ["st4te-Xyz"]
    scopes = query["scope"][0].split()
    assert scopes[0] == "person:sign_in"
    assert {"declaration_request:sign_pis", "app:delete_pis"} <= set(scopes)


def test_sign_up_url_asks_for_the_sign_up_scope(registry: EHealthRegistry) -> None:
    url = urlsplit(registry.sign_in_url("s", sign_up=True))
    assert url.path == "/sign-up"
    assert parse_qs(url.query)["scope"][0].split()[0] == "person:sign_up"


async def test_a_teen_with_confirmed_capacity_is_recognised(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    # pis_person_response's Person_Verification_Details with legal_capacity VERIFIED; no tax id, no contact.
    body = example("pis_person.json")
    person = body["data"]
    person["verification"]["details"]["legal_capacity"]["verification_status"] = "VERIFIED"
    person |= {"no_tax_id": True, "tax_id": None, "emergency_contact": None}
    fake.reply("GET", "/api/pis/person", json_body=body)

    teen = await registry.get_person(ACCESS_TOKEN)

    assert teen.legal_capacity_confirmed is True
    assert teen.no_tax_id is True and teen.tax_id is None
    assert teen.verification_status == "NOT_VERIFIED"
    assert teen.emergency_contact is None


async def test_the_officio_speciality_is_the_doctors_whatever_its_place(
    registry: EHealthRegistry, fake: FakeEHealth
) -> None:
    # DoctorNew.specialities: "only one has speciality_officio true"; here it is not the first listed.
    body = example("pis_declaration.json")
    doctor = body["data"]["employee"]["doctor"]
    (officio,) = doctor["specialities"]
    doctor["specialities"] = [
        officio | {"speciality": "PEDIATRICIAN", "speciality_officio": False},
        officio | {"speciality": "FAMILY_DOCTOR"},
    ]
    fake.reply("GET", f"/api/pis/declarations/{DECLARATION_ID}", json_body=body)

    declaration = await registry.get_declaration(ACCESS_TOKEN, DECLARATION_ID)

    assert declaration.doctor.speciality == "FAMILY_DOCTOR"


async def test_a_request_wiped_of_personal_data_is_still_listed(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    # "If the request has been cleared of personal patient data due to security requirements, such data will
    # not be returned": Declaration_requests_list's person, employee, legal_entity and division are optional.
    body = example("pis_declaration_requests.json")
    (item,) = body["data"]
    wiped = {key: value for key, value in item.items() if key not in ("person", "employee", "legal_entity", "division")}
    body["data"] = [item, wiped | {"id": "c0ffee00-0000-4000-8000-000000000001", "status": "expired"}]
    fake.reply("GET", "/api/pis/declaration_requests", json_body=body)

    page = await registry.list_declaration_requests(ACCESS_TOKEN, status="EXPIRED")

    fresh, expired = page.items
    assert fresh.status == "NEW" and fresh.doctor is not None and fresh.division is not None
    assert expired.status == "EXPIRED"
    assert (expired.doctor, expired.division, expired.legal_entity, expired.signing_payload) == (None, None, None, None)


# --- prescriptions: what the Blueprint allows but its examples do not show ------------------------

PRESCRIPTIONS = "/api/cabinet/medication_requests"


async def test_a_prescription_with_only_its_required_parts(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    # Every optional part of Medication_request_Public_Response_with_Medical_Program_min absent or null; the
    # structured dosage reduced to the doctor's text; a dose given as FHIR's list of dose_and_rate.
    body = example("cabinet_medication_requests.json")
    (item,) = body["data"]
    item |= {"started_at": None, "ended_at": None, "rejected_at": None}
    item["medication_info"] |= {"dosage": None, "ingredients": []}
    item["division"] = {"id": "d290f1ee-6c54-4b01-90e6-d701748f0851", "name": "Амбулаторія", "addresses": []}
    item["dosage_instruction"] = [
        {
            "sequence": 2,
            "text": "по 1 таблетці ввечері",
            "dose_and_rate": [{"dose_quantity": {"value": 1, "unit": "PILL"}}],
        },
        {"sequence": 1, "text": "по 1 таблетці вранці", "timing": None, "route": None},
    ]
    fake.reply("GET", PRESCRIPTIONS, json_body=body)

    (prescription,) = (await registry.list_medication_requests(ACCESS_TOKEN)).items

    assert (prescription.started_at, prescription.ended_at) == (None, None)
    assert prescription.medication.strength is None and prescription.medication.ingredients == ()
    assert (prescription.division.address, prescription.division.phones) == (None, ())
    morning, evening = prescription.dosage_instructions  # in the doctor's sequence
    assert (morning.text, morning.frequency, morning.when, morning.route, morning.dose) == (
        "по 1 таблетці вранці",
        None,
        (),
        None,
        None,
    )
    assert (morning.as_needed, morning.max_dose_per_period, morning.max_dose_per_administration) == (False, None, None)
    assert evening.dose == Quantity(1, "PILL")
    assert fake.requests[0].url.query == b"page=1&page_size=50"  # no status: the registry's default, ACTIVE


async def test_a_rejected_prescription_says_when_and_why(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    body = example("cabinet_medication_requests.json")
    body["data"][0] |= {
        "status": "REJECTED",
        "rejected_at": "2022-01-28T09:00:00Z",
        "reject_reason": "Incompatible drugs",
        "reject_reason_code": "PATIENT_REJECT",
    }
    fake.reply("GET", PRESCRIPTIONS, json_body=body)

    (prescription,) = (await registry.list_medication_requests(ACCESS_TOKEN, status="REJECTED")).items

    assert (prescription.status, prescription.rejected_at) == ("REJECTED", date(2022, 1, 28))
    assert (prescription.reject_reason, prescription.reject_reason_code) == ("Incompatible drugs", "PATIENT_REJECT")
    assert parse_qs(fake.requests[0].url.query.decode())["status"] == ["REJECTED"]


async def test_a_prescription_without_its_medicine_is_malformed(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    body = example("cabinet_medication_request.json")
    del body["data"]["medication_info"]["medication_name"]
    fake.reply("GET", f"{PRESCRIPTIONS}/x", json_body=body)

    with pytest.raises(RegistryUnavailable) as caught:
        await registry.get_medication_request(ACCESS_TOKEN, "x")

    assert caught.value.code == "malformed_response"


async def test_a_dispense_without_a_programme_or_prices(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    body = example("cabinet_medication_dispenses.json")
    (item,) = body["data"]
    del item["medical_program"], item["payment_amount"]
    (line,) = item["details"]
    for key in ("sell_price", "sell_amount", "discount_amount"):
        del line[key]
    del line["medication"]["manufacturer"]
    fake.reply("GET", "/api/cabinet/medication_dispenses", json_body=body)

    (dispense,) = (await registry.list_medication_dispenses(ACCESS_TOKEN, medication_request_id="mr-1")).items

    assert (dispense.program, dispense.payment_amount) == (None, None)
    (only,) = dispense.lines
    assert (only.sell_price, only.sell_amount, only.discount_amount, only.manufacturer) == (None, None, None, None)
    assert only.reimbursement_amount == 450


@pytest.mark.parametrize(
    ("path", "act"),
    [
        (f"{PRESCRIPTIONS}/unknown", lambda r: r.get_medication_request(ACCESS_TOKEN, "unknown")),
        ("/api/cabinet/medication_dispenses/unknown", lambda r: r.get_medication_dispense(ACCESS_TOKEN, "unknown")),
    ],
)
async def test_an_unknown_prescription_or_dispense_is_not_found(
    registry: EHealthRegistry, fake: FakeEHealth, path: str, act: Any
) -> None:
    fake.reply("GET", path, 404, file="error_404_not_found.json")

    with pytest.raises(RegistryNotFound):
        await act(registry)

    assert len(fake.requests) == 1


async def test_a_dead_token_on_the_prescriptions_is_auth_expired(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply("GET", PRESCRIPTIONS, 401, file="error_401.json")
    fake.reply("GET", "/api/cabinet/medication_dispenses", 401, file="error_401.json")

    with pytest.raises(RegistryAuthExpired):
        await registry.list_medication_requests(ACCESS_TOKEN)
    with pytest.raises(RegistryAuthExpired):
        await registry.list_medication_dispenses(ACCESS_TOKEN)

    assert len(fake.requests) == 2  # a refusal is not retried


# (ours) No public Blueprint documents a patient's approvals; DOMAIN.md gives Mithril's approval shape
# `{id, user_id, client_id, client_name, scope, created_at, updated_at}`, which the sandbox serves at
# `GET /api/pis/apps`. The adapter's call against the sandbox itself is in test_ehealth_sandbox.py.
APPROVALS = {
    "meta": {"code": 200, "type": "list"},
    "data": [
        {
            "id": "41d2c3b4-a5f6-4e7d-8c9b-0a1f2e3d4c5b",
            "user_id": "5e1c8f0a-2b47-4d8e-9c31-7a6f0d2e4b19",
            "client_id": "telegram-cabinet",
            "client_name": "Кабінет пацієнта в Telegram",
            "scope": "person:read declaration:read_pis app:read_pis",
            "created_at": "2025-11-01T08:15:00.000Z",
            "updated_at": "2025-11-20T10:00:00.000Z",
        },
        {
            "id": "72e6f5d4-c3b2-4a19-8f7e-6d5c4b3a2918",
            "user_id": "5e1c8f0a-2b47-4d8e-9c31-7a6f0d2e4b19",
            "client_id": "0f9e8d7c-6b5a-4493-8271-605f4e3d2c1b",
            "client_name": "Медична інформаційна система «Здоров'я+»",
            "scope": "declaration:read_pis",
            "created_at": "2024-05-17T13:42:10.000Z",
            "updated_at": "2024-05-17T13:42:10.000Z",
        },
    ],
}


async def test_list_and_revoke_accesses(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply("GET", "/api/pis/apps", json_body=APPROVALS)
    fake.reply("DELETE", "/api/pis/apps/72e6f5d4-c3b2-4a19-8f7e-6d5c4b3a2918", 204)

    accesses = await registry.list_accesses(ACCESS_TOKEN)
    await registry.revoke_access(ACCESS_TOKEN, "72e6f5d4-c3b2-4a19-8f7e-6d5c4b3a2918")

    assert [a.client_name for a in accesses] == [
        "Кабінет пацієнта в Telegram",
        "Медична інформаційна система «Здоров’я+»",  # the registry's ' as the patient reads it
    ]
    assert accesses[0].scopes == ("person:read", "declaration:read_pis", "app:read_pis")
    assert accesses[1].created_at == datetime(2024, 5, 17, 13, 42, 10, tzinfo=UTC)
    assert fake.requests[-1].method == "DELETE"


@pytest.mark.parametrize("path_id", ["a/b", "../person", "x?y=1"])
@pytest.mark.parametrize(
    ("prefix", "act"),
    [
        ("/api/pis/declarations/", lambda r, i: r.get_declaration(ACCESS_TOKEN, i)),
        ("/api/cabinet/medication_requests/", lambda r, i: r.get_medication_request(ACCESS_TOKEN, i)),
        ("/api/cabinet/medication_dispenses/", lambda r, i: r.get_medication_dispense(ACCESS_TOKEN, i)),
    ],
)
async def test_ids_are_escaped_into_the_path(
    registry: EHealthRegistry, fake: FakeEHealth, path_id: str, prefix: str, act: Any
) -> None:
    with pytest.raises(RegistryNotFound):  # nothing is scripted at such a path
        await act(registry, path_id)

    (request,) = fake.requests
    assert str(request.url).startswith(f"{API}{prefix}")
    assert request.url.raw_path.count(b"/") == 4  # the id stayed one path segment
    assert request.url.query == b""
