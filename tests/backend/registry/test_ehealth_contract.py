"""Every port method against recorded eHealth-format answers: the right request goes out and the
answer becomes the right domain object."""

from __future__ import annotations

import inspect
import json
from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlsplit

import pytest

from backend.registry.ehealth import EHealthRegistry, canonical_json
from backend.registry.errors import RegistryNotFound
from backend.registry.port import Address, PersonChanges, Phone, RegistryPort

from .conftest import ACCESS_TOKEN, API, AUTH, CLIENT_SECRET
from .fake_ehealth import FakeEHealth, recorded_json

REQUEST_ID = "2c4e6a8b-0d1f-4321-8a9b-c7d5e3f1a2b4"
DECLARATION_ID = "0d6c2a5e-8f14-4b3a-a7e9-3c5b1f2d8e40"


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


async def test_exchange_code_posts_the_grant_and_reads_the_token(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply("POST", "/oauth/tokens", 201, file="token_issued.json")

    tokens = await registry.exchange_code("one-time-code")

    (request,) = fake.requests
    assert str(request.url) == f"{AUTH}/oauth/tokens"
    grant = json.loads(request.content)["token"]
    assert grant["grant_type"] == "authorization_code"
    assert grant["code"] == "one-time-code"
    assert grant["client_id"] == "telegram-cabinet"
    assert grant["client_secret"] == CLIENT_SECRET
    assert grant["redirect_uri"] == "https://cabinet.example/auth/callback"
    assert "authorization" not in request.headers
    assert tokens.access_token == "Ym5kN2Z1eHd3M2k2b2t0c3JmY2x4d2FjY2Vzcw"
    assert tokens.refresh_token == "cmVmcmVzaC1rMnA5cXY0bjh0bDFtNnpm"
    assert tokens.expires_at == datetime(2026, 1, 1, 10, 0, tzinfo=UTC)
    assert tokens.person_id == "5e1c8f0a-2b47-4d8e-9c31-7a6f0d2e4b19"
    assert tokens.scope == ("person:read", "declaration:read_pis", "declaration_request:write_pis")


async def test_refresh_uses_the_refresh_grant(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply("POST", "/oauth/tokens", 201, file="token_issued.json")

    await registry.refresh("old-refresh-token")

    grant = json.loads(fake.requests[0].content)["token"]
    assert grant["grant_type"] == "refresh_token"
    assert grant["refresh_token"] == "old-refresh-token"
    assert "code" not in grant


async def test_logout_revokes_the_token_and_tolerates_an_already_dead_one(
    registry: EHealthRegistry, fake: FakeEHealth
) -> None:
    fake.reply("POST", "/auth/logout", 200, json_body={"meta": {"code": 200}, "data": {}})
    fake.reply("POST", "/auth/logout", 401, file="error_401.json")

    await registry.logout(ACCESS_TOKEN)
    await registry.logout(ACCESS_TOKEN)

    assert [r.headers["authorization"] for r in fake.requests] == [f"Bearer {ACCESS_TOKEN}"] * 2


async def test_get_person_maps_every_field(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply("GET", "/api/pis/person", file="person.json")

    person = await registry.get_person(ACCESS_TOKEN)

    request = fake.requests[0]
    assert request.headers["authorization"] == f"Bearer {ACCESS_TOKEN}"
    assert request.headers["api-key"] == CLIENT_SECRET
    assert person.id == "5e1c8f0a-2b47-4d8e-9c31-7a6f0d2e4b19"
    assert (person.last_name, person.first_name, person.second_name) == ("Мельничук", "Оксана", "Степанівна")
    assert person.birth_date == date(1986, 4, 12)
    assert person.gender == "FEMALE"
    assert person.tax_id == "3156208446" and person.no_tax_id is False
    assert person.unzr == "19860412-00346"
    assert person.secret == "калина"
    (document,) = person.documents
    assert (document.type, document.number, document.expiration_date) == ("NATIONAL_ID", "004512876", date(2029, 7, 3))
    assert person.phones == (Phone("MOBILE", "+380671234518"),)
    (address,) = person.addresses
    assert (address.type, address.settlement, address.street, address.building, address.apartment) == (
        "RESIDENCE",
        "Житомир",
        "Київська",
        "41",
        "17",
    )
    assert person.emergency_contact is not None
    assert person.emergency_contact.phones == (Phone("MOBILE", "+380502223344"),)
    assert person.preferred_way_communication == "phone"
    assert [m.type for m in person.authentication_methods] == ["OTP"]
    assert person.verification_status == "VERIFIED"
    assert person.legal_capacity_confirmed is False


async def test_a_teen_with_confirmed_capacity_is_recognised(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply("GET", "/api/pis/person", file="person_teen_capable.json")

    person = await registry.get_person(ACCESS_TOKEN)

    assert person.legal_capacity_confirmed is True
    assert person.no_tax_id is True and person.tax_id is None
    assert person.verification_status == "NOT_VERIFIED"
    assert person.emergency_contact is None


async def test_prepare_person_update_applies_changes_to_the_registry_document(
    registry: EHealthRegistry, fake: FakeEHealth
) -> None:
    fake.reply("GET", "/api/pis/person", file="person.json")
    new_home = Address(
        type="RESIDENCE",
        area="КИЇВ",
        settlement="Київ",
        settlement_type="CITY",
        street_type="STREET",
        street="Хрещатик",
        building="22",
    )
    changes = PersonChanges(email="new.mail@example.com", addresses=(new_home,))

    payload = await registry.prepare_person_update(ACCESS_TOKEN, changes)

    document = json.loads(payload)
    assert payload == canonical_json(document)  # exactly the canonical bytes
    original = recorded_json("person.json")["data"]
    assert document["email"] == "new.mail@example.com"
    assert document["addresses"] == [
        {
            "type": "RESIDENCE",
            "country": "UA",
            "area": "КИЇВ",
            "settlement": "Київ",
            "settlement_type": "CITY",
            "street_type": "STREET",
            "street": "Хрещатик",
            "building": "22",
        }
    ]
    # What the patient did not change, and what we do not model, is signed exactly as the registry has it.
    for field in ("id", "first_name", "tax_id", "phones", "documents", "birth_country", "confidant_person"):
        assert document[field] == original[field], field
    assert "verification" not in document


async def test_list_declarations_maps_items_and_paging(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply("GET", "/api/pis/declarations", file="declarations_list.json")

    page = await registry.list_declarations(ACCESS_TOKEN, status="active", page=1, page_size=2)

    assert parse_qs(fake.requests[0].url.query.decode()) == {"status": ["active"], "page": ["1"], "page_size": ["2"]}
    assert (page.page, page.page_size, page.total_entries, page.total_pages, page.has_next) == (1, 2, 3, 2, True)
    active, terminated = page.items
    assert active.number == "0000-7HK2-M04P" and active.status == "active"
    assert active.doctor.full_name == "Шевчук Ірина Василівна"
    assert active.doctor.party_id == "e4f1a2b3-6c7d-4e8f-9a0b-1c2d3e4f5a6b"
    assert active.division.address == "просп. Миру, 12, Житомир"
    assert active.legal_entity.edrpou == "38294715"
    assert terminated.end_date == date(2024, 2, 15)
    assert (terminated.reason, terminated.reason_description) == ("manual_person", "Переїзд до іншого міста")
    assert terminated.division.address is None


async def test_get_declaration_maps_the_details(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply("GET", f"/api/pis/declarations/{DECLARATION_ID}", file="declaration_details.json")

    declaration = await registry.get_declaration(ACCESS_TOKEN, DECLARATION_ID)

    assert declaration.signed_at == datetime(2024, 2, 15, 9, 12, 40, tzinfo=UTC)
    assert declaration.doctor.speciality == "FAMILY_DOCTOR"  # the officio one, not the first listed
    division = declaration.division
    assert (division.latitude, division.longitude) == (50.2547, 28.6587)
    assert division.working_hours == {"mon": (("08.00", "12.00"), ("13.00", "17.00")), "sat": (("09.00", "13.00"),)}
    assert (division.settlement, division.settlement_type, division.area) == ("Житомир", "CITY", "ЖИТОМИРСЬКА")
    assert division.phones == (Phone("LAND_LINE", "+380412447120"),)
    assert declaration.legal_entity.status == "ACTIVE" and declaration.legal_entity.type == "PRIMARY_CARE"


async def test_terminate_declaration_sends_the_reason(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply("PATCH", f"/api/pis/declarations/{DECLARATION_ID}/actions/terminate", file="declaration_terminated.json")

    declaration = await registry.terminate_declaration(ACCESS_TOKEN, DECLARATION_ID, "Обираю іншого лікаря")

    assert json.loads(fake.requests[0].content) == {"reason_description": "Обираю іншого лікаря"}
    assert declaration.status == "terminated"
    assert declaration.end_date == date(2025, 11, 20)


async def test_create_declaration_request_exposes_the_exact_bytes_to_sign(
    registry: EHealthRegistry, fake: FakeEHealth
) -> None:
    fake.reply("POST", "/api/pis/declaration_requests", 201, file="declaration_request_created.json")

    request = await registry.create_declaration_request(ACCESS_TOKEN, "emp-1", "div-1")

    assert json.loads(fake.requests[0].content) == {"employee_id": "emp-1", "division_id": "div-1"}
    to_be_signed = recorded_json("declaration_request_created.json")["data"]["data_to_be_signed"]
    expected = json.dumps(to_be_signed, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert request.signing_payload == expected
    assert request.status == "NEW" and request.number == "0000-K4PT-X0A9"
    assert request.declaration_id == "8e7d6c5b-4a39-4281-b7c6-d5e4f3a2b1c0"
    assert request.doctor is not None and request.doctor.speciality == "FAMILY_DOCTOR"
    assert request.division is not None and request.division.name == "Амбулаторія загальної практики № 4"
    assert request.legal_entity is not None and request.legal_entity.edrpou == "38294715"
    assert request.expires_at == datetime(2025, 11, 21, 10, 0, tzinfo=UTC)


async def test_request_details_take_the_parties_from_the_signed_document(
    registry: EHealthRegistry, fake: FakeEHealth
) -> None:
    fake.reply("GET", f"/api/pis/declaration_requests/{REQUEST_ID}", file="declaration_request_details.json")

    request = await registry.get_declaration_request(ACCESS_TOKEN, REQUEST_ID)

    assert request.doctor is not None and request.doctor.last_name == "Шевчук"
    assert (request.current_declaration_count, request.system_declaration_limit) == (1412, 1800)
    assert request.created_at == datetime(2025, 11, 20, 10, 0, tzinfo=UTC)
    assert request.signing_payload is not None


async def test_list_declaration_requests_normalises_status_and_keeps_wiped_ones(
    registry: EHealthRegistry, fake: FakeEHealth
) -> None:
    fake.reply("GET", "/api/pis/declaration_requests", file="declaration_requests_list.json")

    page = await registry.list_declaration_requests(ACCESS_TOKEN, status="NEW")

    assert parse_qs(fake.requests[0].url.query.decode())["status"] == ["NEW"]
    fresh, expired = page.items
    assert fresh.status == "NEW" and fresh.doctor is not None and fresh.division is not None
    assert expired.status == "EXPIRED"
    assert (expired.doctor, expired.division, expired.legal_entity, expired.signing_payload) == (None, None, None, None)


async def test_sign_declaration_request_sends_the_signature(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply(
        "PATCH", f"/api/pis/declaration_requests/{REQUEST_ID}/actions/sign", 201, file="declaration_request_signed.json"
    )

    request = await registry.sign_declaration_request(ACCESS_TOKEN, REQUEST_ID, "c2lnbmF0dXJl")

    assert json.loads(fake.requests[0].content) == {
        "signed_content": "c2lnbmF0dXJl",
        "signed_content_encoding": "base64",
    }
    assert request.status == "SIGNED"
    assert request.signing_payload is None  # nothing left to sign


async def test_reject_declaration_request(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply(
        "PATCH",
        f"/api/pis/declaration_requests/{REQUEST_ID}/actions/reject",
        201,
        file="declaration_request_rejected.json",
    )

    request = await registry.reject_declaration_request(ACCESS_TOKEN, REQUEST_ID)

    assert fake.requests[0].content == b""
    assert (request.status, request.status_reason) == ("REJECTED", "patient_rejected")


async def test_list_and_revoke_accesses(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply("GET", "/api/pis/apps", file="apps.json")
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


async def test_declarations_limits_use_the_api_key_only(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply("GET", "/api/pis/bulk/declarations_limit", file="declarations_limit.json")

    limits = [limit async for limit in registry.declarations_limits()]

    request = fake.requests[0]
    assert request.headers["api-key"] == CLIENT_SECRET
    assert "authorization" not in request.headers
    assert [(x.limit, x.count, x.free) for x in limits] == [(1800, 1412, 388), (2000, 2000, 0), (900, 231, 669)]


async def test_search_settlements(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply("GET", "/api/uaddresses/settlements", file="settlements.json")

    found = await registry.search_settlements("Житомир", limit=20)

    request = fake.requests[0]
    assert parse_qs(request.url.query.decode()) == {"name": ["Житомир"], "page": ["1"], "page_size": ["20"]}
    assert "api-key" not in request.headers  # the address directory is public
    assert [(s.name, s.type, s.region, s.district) for s in found] == [
        ("Житомир", "CITY", "ЖИТОМИРСЬКА", "ЖИТОМИРСЬКИЙ"),
        ("Житомирське", "VILLAGE", "ЖИТОМИРСЬКА", "ЖИТОМИРСЬКИЙ"),
    ]


@pytest.mark.parametrize("path_id", ["a/b", "../person", "x?y=1"])
async def test_ids_are_escaped_into_the_path(registry: EHealthRegistry, fake: FakeEHealth, path_id: str) -> None:
    with pytest.raises(RegistryNotFound):  # nothing is recorded at such a path
        await registry.get_declaration(ACCESS_TOKEN, path_id)

    (request,) = fake.requests
    assert str(request.url).startswith(f"{API}/api/pis/declarations/")
    assert request.url.raw_path.count(b"/") == 4  # the id stayed one path segment
    assert request.url.query == b""
