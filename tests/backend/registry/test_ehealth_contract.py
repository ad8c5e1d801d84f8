"""The adapter's shape and the answers the Blueprint examples do not show as such.

Each call against its Blueprint example is in `test_blueprint_contract.py`. Here: the adapter has every
port method; the sign-in URL; variants of the Blueprint examples that the Blueprints allow but do not
show (a teen with confirmed capacity, a doctor with several specialities, a request wiped of personal
data), each built in the test from the example it varies; the accesses, which no public Blueprint
documents; and ids kept inside one path segment."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from backend.registry.ehealth import EHealthRegistry
from backend.registry.errors import RegistryNotFound
from backend.registry.port import RegistryPort

from .conftest import ACCESS_TOKEN, API, AUTH
from .fake_ehealth import FakeEHealth, example

DECLARATION_ID = "b075f148-7f93-4fc2-b2ec-2d81b19a9b7b"


def test_the_adapter_has_every_port_method_with_the_same_signature() -> None:
    port_methods = {name for name, value in vars(RegistryPort).items() if callable(value) and not name.startswith("_")}
    assert len(port_methods) == 23
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
async def test_ids_are_escaped_into_the_path(registry: EHealthRegistry, fake: FakeEHealth, path_id: str) -> None:
    with pytest.raises(RegistryNotFound):  # nothing is scripted at such a path
        await registry.get_declaration(ACCESS_TOKEN, path_id)

    (request,) = fake.requests
    assert str(request.url).startswith(f"{API}/api/pis/declarations/")
    assert request.url.raw_path.count(b"/") == 4  # the id stayed one path segment
    assert request.url.query == b""
