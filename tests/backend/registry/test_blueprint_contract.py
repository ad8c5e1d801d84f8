"""Every adapter call, replayed against the Blueprints' own examples.

The answers in `blueprint/` are the response examples of eHealth's public API Blueprints, or, where a
Blueprint gives only MSON structures, examples composed strictly from those structures' sample values
(each file's `_source` says which call and structures); `httpx.MockTransport` serves them. Each test
checks what the adapter sends (path, method, query, the `api-key`, `Authorization` and `X-Custom-PSK`
headers, the body) against the same call's request in the Blueprint, and what the example becomes in
our types. The error answers are the Blueprints' documented error examples, each mapped to its typed
error.

The e-prescription and dispense examples are composed from ehealth-cabinet-medication-structures.apib.

Not here: the accesses (`/api/pis/apps`), which no public Blueprint documents (`(ours)`, see
`backend/registry/ehealth.py`); the adapter meets them only in the sandbox (`test_ehealth_sandbox.py`).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from backend.registry.ehealth import EHealthRegistry, canonical_json
from backend.registry.errors import (
    InvalidField,
    RegistryAuthExpired,
    RegistryConflict,
    RegistryError,
    RegistryForbidden,
    RegistryNotFound,
    RegistryUnavailable,
    RegistryValidationError,
)
from backend.registry.port import (
    Address,
    DispenseLine,
    DosageInstruction,
    MedicalProgramRef,
    MedicationDispense,
    MedicationInfo,
    MedicationRequest,
    PersonChanges,
    Phone,
    Quantity,
    Strength,
)
from backend.registry.request_id import request_id_var
from backend.registry.settings import EHealthSettings

from .fake_ehealth import example

API = "https://api.ehealth.test"
AUTH = "https://auth.ehealth.test"
CLIENT_SECRET = "msp-001-secret-key"
PSK = "a2aa05c76f3f2d91870f923a53cc8aa8f23bbc01a8238d1c2c26d4299715a7e4"  # the Blueprint's own example
BEARER = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9"
META_REQUEST_ID = "6617aeec-15e2-4d6f-b9bd-53559c358f97#17810"  # Response__Meta's sample request_id


class Blueprint:
    """Serves one example per `method path` (in order, the last repeating) and keeps every request."""

    def __init__(self) -> None:
        self.answers: dict[tuple[str, str], list[httpx.Response]] = {}
        self.requests: list[httpx.Request] = []

    def serve(self, method: str, path: str, name: str, status: int = 200, **changes: Any) -> None:
        body = {**example(name), **changes}
        self.answers.setdefault((method, path), []).append(httpx.Response(status, json=body))

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        queue = self.answers.get((request.method, request.url.path))
        if not queue:
            return httpx.Response(404, json={"meta": {"code": 404}, "error": {"type": "not_found"}})
        return queue.pop(0) if len(queue) > 1 else queue[0]

    def query(self, index: int = 0) -> dict[str, list[str]]:
        return parse_qs(self.requests[index].url.query.decode())


@pytest.fixture
def blueprint() -> Blueprint:
    return Blueprint()


@pytest.fixture
async def registry(blueprint: Blueprint) -> Any:
    settings = EHealthSettings(
        api_url=API,
        auth_url=AUTH,
        client_id="6498d88e-97fb-47e2-85a5-99e884f888aa",
        client_secret=CLIENT_SECRET,
        custom_psk=PSK,
        redirect_uri="https://example.com/",
        scope="declaration:read_pis",
        _env_file=None,
    )
    request_id_var.set(None)
    async with EHealthRegistry(settings, transport=httpx.MockTransport(blueprint.handle)) as adapter:
        yield adapter


def headers_of(request: httpx.Request) -> dict[str, str | None]:
    return {name: request.headers.get(name) for name in ("api-key", "authorization", "x-custom-psk")}


PATIENT = {"api-key": CLIENT_SECRET, "authorization": f"Bearer {BEARER}", "x-custom-psk": None}
CLIENT = {"api-key": CLIENT_SECRET, "authorization": None, "x-custom-psk": None}
PUBLIC = {"api-key": None, "authorization": None, "x-custom-psk": None}
# The cabinet's medication calls show Authorization and X-Custom-PSK; our api-key goes with every patient call.
CABINET = {"api-key": CLIENT_SECRET, "authorization": f"Bearer {BEARER}", "x-custom-psk": PSK}


def test_sign_in_asks_for_person_sign_in_and_sign_up_for_both(registry: EHealthRegistry) -> None:
    # "Patient sign-in [GET /sign-in{?client_id,redirect_uri,scope,user_data,state}]"; GET /api/pis/person
    # requires person:sign_in, so a new patient's token needs it as well as person:sign_up.
    sign_in = parse_qs(registry.sign_in_url("st").split("?", 1)[1])
    sign_up = parse_qs(registry.sign_in_url("st", sign_up=True).split("?", 1)[1])
    assert sign_in["scope"] == ["person:sign_in declaration:read_pis"]
    assert sign_up["scope"] == ["person:sign_up person:sign_in declaration:read_pis"]
    assert sign_in.keys() == {"client_id", "redirect_uri", "scope", "state"}


async def test_exchange_code(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "Issuing Grant Access Token [POST /oauth/tokens]": X-Custom-PSK, token{client_id, client_secret,
    # code, grant_type, redirect_uri, scope}.
    blueprint.serve("POST", "/oauth/tokens", "access_token.json", 201)

    tokens = await registry.exchange_code("299383828")

    (request,) = blueprint.requests
    assert (request.method, str(request.url)) == ("POST", f"{AUTH}/oauth/tokens")
    assert headers_of(request) == {"api-key": None, "authorization": None, "x-custom-psk": PSK}
    assert json.loads(request.content) == {
        "token": {
            "client_id": "6498d88e-97fb-47e2-85a5-99e884f888aa",
            "client_secret": CLIENT_SECRET,
            "code": "299383828",
            "grant_type": "authorization_code",
            "redirect_uri": "https://example.com/",
            "scope": "person:sign_in declaration:read_pis",
        }
    }
    assert tokens.access_token == "SnNRdCtvU0tTOENBV2dLRUZwNmIzZz09"
    assert tokens.refresh_token == "my-oauth-refresh-token"
    assert tokens.expires_at == datetime.fromtimestamp(1498749591, tz=UTC)
    assert tokens.person_id == "3ff33ced-69dc-415a-b231-c6446898335a"
    assert tokens.scope == (
        "capitation_contracts:view",
        "capitation_contracts:create",
        "patients:view",
        "patients:create",
    )


async def test_refresh(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "Reissuing Session Token [POST /oauth/tokens]": the Blueprint's body repeats the code grant's
    # (copied); we send OAuth's refresh grant, with the same headers and client fields.
    blueprint.serve("POST", "/oauth/tokens", "access_token.json", 201)

    tokens = await registry.refresh("my-oauth-refresh-token")

    (request,) = blueprint.requests
    assert headers_of(request) == {"api-key": None, "authorization": None, "x-custom-psk": PSK}
    grant = json.loads(request.content)["token"]
    assert (grant["grant_type"], grant["refresh_token"], grant["scope"]) == (
        "refresh_token",
        "my-oauth-refresh-token",
        "person:sign_in declaration:read_pis",
    )
    assert tokens.refresh_token == "my-oauth-refresh-token"


async def test_logout(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "Logout [POST /auth/logout]": Authorization and X-Custom-PSK, no body, no api-key.
    blueprint.serve("POST", "/auth/logout", "logout.json")

    await registry.logout(BEARER)

    (request,) = blueprint.requests
    assert (request.method, str(request.url), request.content) == ("POST", f"{AUTH}/auth/logout", b"")
    assert headers_of(request) == {"api-key": None, "authorization": f"Bearer {BEARER}", "x-custom-psk": PSK}


async def test_get_person(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "Get Person Details [GET /api/pis/person]": Authorization and api-key.
    blueprint.serve("GET", "/api/pis/person", "pis_person.json")

    person = await registry.get_person(BEARER)

    (request,) = blueprint.requests
    assert (request.method, request.url.query) == ("GET", b"")
    assert headers_of(request) == PATIENT
    assert (person.id, person.last_name, person.first_name) == (
        "7e9cffd9-c75f-45fb-badf-6e8d20b6a8a8",
        "Іванов",
        "Петро",
    )
    assert (person.birth_date, person.gender, person.tax_id, person.no_tax_id) == (
        date(1991, 8, 19),
        "MALE",
        "3126509816",
        True,
    )
    assert person.phones == (Phone("MOBILE", "+380503410870"),)
    assert person.addresses[0].settlement_id == "b075f148-7f93-4fc2-b2ec-2d81b19a9b7b"
    assert person.emergency_contact is not None and person.emergency_contact.last_name == "Іванов"
    assert (person.verification_status, person.legal_capacity_confirmed) == ("NOT_VERIFIED", False)


async def test_update_person(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "Update MPI [PATCH /api/cabinet/persons/{id}]": body {signed_request}; the answer is
    # cabinet_person_response, which has no id of its own.
    person_id = "7e9cffd9-c75f-45fb-badf-6e8d20b6a8a8"
    blueprint.serve("PATCH", f"/api/cabinet/persons/{person_id}", "cabinet_person.json")

    person = await registry.update_person(BEARER, person_id, "MIIUKAYJKoZIhvcNAQcCoIIUGTCCFBUCAQEx")

    (request,) = blueprint.requests
    assert (request.method, request.url.path) == ("PATCH", f"/api/cabinet/persons/{person_id}")
    assert headers_of(request) == PATIENT
    assert json.loads(request.content) == {"signed_request": "MIIUKAYJKoZIhvcNAQcCoIIUGTCCFBUCAQEx"}
    assert (person.id, person.first_name, person.unzr) == (person_id, "Петро", "19900101-00099")
    assert [m.type for m in person.authentication_methods] == ["OTP"]


async def test_bulk_employees(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "PIS Get Employees [GET /api/pis/bulk/employees{?depth}]": api-key only; no paging in the answer.
    blueprint.serve("GET", "/api/pis/bulk/employees", "employees_bulk.json")

    records = [record async for record in registry.bulk_employees(depth_days=5)]

    (request,) = blueprint.requests
    assert blueprint.query() == {"depth": ["5"]}  # exactly the documented query: no page parameters
    assert headers_of(request) == CLIENT
    (record,) = records
    assert (record.employee_id, record.party_id, record.division_id, record.legal_entity_id) == (
        "d290f1ee-6c54-4b01-90e6-d701748f0851",
        "09106b70-18b0-4726-b0ed-6bda1369fd52",
        "09106b70-18b0-4726-b0ed-6bda1369fd52",
        "09106b70-18b0-4726-b0ed-6bda1369fd52",
    )
    assert (record.status, record.is_active, record.employee_type, record.position) == (
        "APPROVED",
        True,
        "DOCTOR",
        "P1",
    )
    assert record.speciality == "THERAPIST" and record.works
    assert record.updated_at == datetime(2021, 11, 9, tzinfo=UTC)


async def test_bulk_employees_without_depth(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    blueprint.serve("GET", "/api/pis/bulk/employees", "employees_bulk.json")

    assert len([record async for record in registry.bulk_employees()]) == 1

    assert blueprint.requests[0].url.query == b""


async def test_declarations_limits(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "PIS Get Declarations Limit and Declarations Count per Practitioner": api-key only, no parameters.
    blueprint.serve("GET", "/api/pis/bulk/declarations_limit", "declarations_limit_bulk.json")

    limits = [limit async for limit in registry.declarations_limits()]

    (request,) = blueprint.requests
    assert request.url.query == b"" and headers_of(request) == CLIENT
    assert [(x.party_id, x.limit, x.count, x.free) for x in limits] == [
        ("cdcf456b-e235-4850-9f00-27cc3453d346", 1000, 753, 247)
    ]


async def test_portal_doctors_follow_the_pages(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "Search Employees [GET /api/stats/employees{?id,...,page,page_size}]": public, paged (V2).
    # The example is page 2 of 23; the adapter asks next for page 3, and stops at the last page.
    blueprint.serve("GET", "/api/stats/employees", "stats_employees.json")
    last = example("stats_employees.json")["paging"] | {"page_number": 23}
    blueprint.serve("GET", "/api/stats/employees", "stats_employees.json", paging=last)

    doctors = [doctor async for doctor in registry.portal_doctors()]

    assert [blueprint.query(i) for i in range(2)] == [
        {"page": ["1"], "page_size": ["300"]},
        {"page": ["3"], "page_size": ["50"]},
    ]
    assert all(headers_of(r) == PUBLIC for r in blueprint.requests)
    doctor = doctors[0]
    assert (doctor.employee_id, doctor.last_name, doctor.first_name, doctor.second_name) == (
        "7d23bebb-1cf3-4221-bf21-18aada444756",
        "Іванов",
        "Петро",
        "Миколайович",
    )
    assert doctor.speciality == "THERAPIST"
    assert (doctor.division.id, doctor.division.name, doctor.division.settlement) == (
        "7d23bebb-1cf3-4221-bf21-18aada444756",
        "Aдоніс",
        "Київ",
    )
    assert doctor.division.address == "вул. Ніжинська, 15, Київ"
    assert (doctor.legal_entity.name, doctor.legal_entity.status) == ("Клініка Ноунейм", "ACTIVE")


async def test_one_portal_doctor_by_id(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    blueprint.serve("GET", "/api/stats/employees", "stats_employees.json", paging=None)

    (doctor,) = [doctor async for doctor in registry.portal_doctors("7d23bebb-1cf3-4221-bf21-18aada444756")]

    assert blueprint.query() == {"id": ["7d23bebb-1cf3-4221-bf21-18aada444756"], "page": ["1"], "page_size": ["300"]}
    assert doctor.party_id == "7d23bebb-1cf3-4221-bf21-18aada444756"


async def test_portal_changes_since_a_moment(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # Both portal searches take `updated_at_from` as the Blueprint writes it: `2017-04-20T19:14:13Z`.
    since = datetime(2026, 12, 2, 21, 30, 5, 123456, tzinfo=timezone(timedelta(hours=2)))
    blueprint.serve("GET", "/api/stats/employees", "stats_employees.json", paging=None)
    blueprint.serve("GET", "/reports/stats/divisions", "stats_divisions.json", paging=None)

    [doctor async for doctor in registry.portal_doctors(updated_since=since)]
    [division async for division in registry.portal_divisions(updated_since=since)]

    assert blueprint.query(0)["updated_at_from"] == ["2026-12-02T19:30:05Z"]
    assert "id" not in blueprint.query(0)
    assert blueprint.query(1)["updated_at_from"] == ["2026-12-02T19:30:05Z"]


async def test_portal_divisions(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "Search Divisions [GET /reports/stats/divisions{?id,...,north,east,south,west,...}]": the box is required.
    blueprint.serve("GET", "/reports/stats/divisions", "stats_divisions.json")

    (division,) = [division async for division in registry.portal_divisions("asSbcy12sYs8c")]

    query = blueprint.query()
    assert query["id"] == ["asSbcy12sYs8c"]
    assert {"north", "east", "south", "west"} <= query.keys()
    assert float(query["south"][0]) < float(query["north"][0]) and float(query["west"][0]) < float(query["east"][0])
    assert headers_of(blueprint.requests[0]) == PUBLIC
    assert (division.id, division.name, division.type) == ("asSbcy12sYs8c", "Aдоніс", "CLINIC")
    assert (division.latitude, division.longitude) == (30.1233, 50.32423)
    assert division.phones == (Phone("MOBILE", "+380503410870"),) and division.email == "email@example.com"
    assert (division.area, division.settlement_type) == ("Житомирська", "CITY")


async def test_get_doctor(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "Search Employee Details [GET /api/stats/employees/{id}]": public; EntriesEmployeeMap has no status.
    employee_id = "7d23bebb-1cf3-4221-bf21-18aada444756"
    blueprint.serve("GET", f"/api/stats/employees/{employee_id}", "stats_employee.json")

    doctor = await registry.get_doctor(employee_id)

    (request,) = blueprint.requests
    assert (request.method, request.url.query) == ("GET", b"") and headers_of(request) == PUBLIC
    assert (doctor.employee_id, doctor.full_name, doctor.position) == (employee_id, "Іванов Петро Миколайович", "P1")
    assert (doctor.speciality, doctor.status) == ("THERAPIST", None)
    assert (doctor.working_experience, doctor.about) == (10, "Закінчив всі можливі курси")
    assert doctor.educations[0].institution == "Академія Богомольця"
    assert (doctor.division.id, doctor.division.type, doctor.division.address) == (
        "asSbcy12sYs8c",
        "CLINIC",
        "вул. Ніжинська, 15, Київ",
    )
    assert (doctor.legal_entity.name, doctor.legal_entity.status) == ("Клініка Ноунейм", "ACTIVE")


async def test_prepare_person_update(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # What the patient signs for "Update MPI" starts from "Get Person Details": the registry's person as it
    # came, without what the registry manages itself (verification), with the patient's changes applied.
    blueprint.serve("GET", "/api/pis/person", "pis_person.json")
    home = Address(
        type="RESIDENCE",
        area="Київ",
        settlement="Київ",
        settlement_type="CITY",
        settlement_id="b075f148-7f93-4fc2-b2ec-2d81b19a9b7b",
        street_type="STREET",
        street="Хрещатик",
        building="22",
    )

    payload = await registry.prepare_person_update(BEARER, PersonChanges(email="new@example.com", addresses=(home,)))

    (request,) = blueprint.requests
    assert (request.method, request.url.path, request.url.query) == ("GET", "/api/pis/person", b"")
    assert headers_of(request) == PATIENT
    document = json.loads(payload)
    assert payload == canonical_json(document)
    person = {key: value for key, value in example("pis_person.json")["data"].items() if key != "verification"}
    assert document == person | {
        "email": "new@example.com",
        "addresses": [
            {
                "type": "RESIDENCE",
                "country": "UA",
                "area": "Київ",
                "settlement": "Київ",
                "settlement_type": "CITY",
                "settlement_id": "b075f148-7f93-4fc2-b2ec-2d81b19a9b7b",
                "street_type": "STREET",
                "street": "Хрещатик",
                "building": "22",
            }
        ],
    }


# --- declarations ------------------------------------------------------------------------------

DECLARATION_ID = "b075f148-7f93-4fc2-b2ec-2d81b19a9b7b"


async def test_list_declarations(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "PIS Get Declarations [GET /api/pis/declarations{?status,...,page,page_size}]": Authorization and api-key;
    # Response_Collection_V2 of Declaration_list (the doctor's names, the clinic and division in short).
    blueprint.serve("GET", "/api/pis/declarations", "pis_declarations.json")

    page = await registry.list_declarations(BEARER, status="active", page=2, page_size=50)

    (request,) = blueprint.requests
    assert blueprint.query() == {"status": ["active"], "page": ["2"], "page_size": ["50"]}
    assert headers_of(request) == PATIENT
    assert (page.page, page.page_size, page.total_entries, page.total_pages, page.has_next) == (2, 50, 1000, 23, True)
    (declaration,) = page.items
    assert (declaration.id, declaration.number, declaration.status) == (DECLARATION_ID, "0000-12H4-245D", "active")
    assert (declaration.start_date, declaration.end_date) == (date(2017, 3, 2), date(2017, 2, 28))
    assert (declaration.reason, declaration.reason_description) == (
        "manual_employee",
        "Згідно постанови 1 від 10.01.2017",
    )
    assert declaration.doctor.full_name == "Іванов Петро Миколайович"
    assert (declaration.doctor.employee_id, declaration.doctor.party_id, declaration.doctor.speciality) == (
        "d290f1ee-6c54-4b01-90e6-d701748f0851",
        "b075f148-7f93-4fc2-b2ec-2d81b19a9b7b",
        None,  # Employee_Minimal_pis names no speciality
    )
    assert (declaration.division.name, declaration.division.address) == (
        "Бориспільське відділення Клініки Ноунейм",
        None,  # Division_Short_List has no address
    )
    assert (declaration.legal_entity.name, declaration.legal_entity.edrpou) == ("Клініка Ноунейм", "5432345432")
    assert declaration.signed_at is None and declaration.updated_at == datetime(1991, 8, 19, tzinfo=UTC)


async def test_get_declaration(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "PIS Get Declaration Details [GET /api/pis/declarations/{id}]": Declaration_Details_PIS, whose doctor is
    # Employee_Declaration_Short (the officio speciality under `doctor`) and division Division_Declaration.
    blueprint.serve("GET", f"/api/pis/declarations/{DECLARATION_ID}", "pis_declaration.json")

    declaration = await registry.get_declaration(BEARER, DECLARATION_ID)

    (request,) = blueprint.requests
    assert (request.method, request.url.query, request.content) == ("GET", b"", b"")
    assert headers_of(request) == PATIENT
    assert (declaration.id, declaration.status, declaration.signed_at) == (
        DECLARATION_ID,
        "terminated",
        datetime(2017, 3, 2, tzinfo=UTC),
    )
    assert (declaration.doctor.full_name, declaration.doctor.speciality) == ("Іванов Петро Миколайович", "THERAPIST")
    division = declaration.division
    assert (division.id, division.name, division.type) == (
        "d290f1ee-6c54-4b01-90e6-d701748f0851",
        "Бориспільське відділення Клініки Ноунейм",
        "clinic",
    )
    assert (division.address, division.settlement, division.area, division.settlement_type) == (
        "вул. Ніжинська, 15, Київ",
        "Київ",
        "Житомирська",
        "CITY",
    )
    assert division.phones == (Phone("MOBILE", "+380503410870"),) and division.email == "email@example.com"
    assert (division.latitude, division.working_hours) == (None, {})  # Division_Declaration has neither
    legal_entity = declaration.legal_entity
    assert (legal_entity.id, legal_entity.name, legal_entity.edrpou, legal_entity.status) == (
        "d290f1ee-6c54-4b01-90e6-d701748f0851",
        "Клініка ЦПМСД №1",
        "5432345432",
        "ACTIVE",
    )


async def test_terminate_declaration(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "Terminate Declaration [PATCH /api/pis/declarations/{id}/actions/terminate]": body {reason_description}.
    path = f"/api/pis/declarations/{DECLARATION_ID}/actions/terminate"
    blueprint.serve("PATCH", path, "pis_declaration_terminated.json")

    declaration = await registry.terminate_declaration(BEARER, DECLARATION_ID, "Неякісне обслуговування")

    (request,) = blueprint.requests
    assert (request.method, request.url.path, request.url.query) == ("PATCH", path, b"")
    assert headers_of(request) == PATIENT
    assert json.loads(request.content) == {"reason_description": "Неякісне обслуговування"}
    assert (declaration.id, declaration.status, declaration.end_date) == (
        DECLARATION_ID,
        "terminated",
        date(2017, 3, 2),
    )


# --- declaration requests ----------------------------------------------------------------------

REQUEST_ID = "b075f148-7f93-4fc2-b2ec-2d81b19a9b7b"


async def test_create_declaration_request(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "PIS Create Declaration Request [POST /api/pis/declaration_requests]": body Create_Declaration_Request_PIS;
    # Response 201 Create_Declaration_Request_Response_PIS. What the patient signs is its data_to_be_signed.
    blueprint.serve("POST", "/api/pis/declaration_requests", "pis_declaration_request_created.json", 201)

    created = await registry.create_declaration_request(
        BEARER, "1a8b10ea-ba09-40f2-8f9e-55608e9208c6", "d290f1ee-6c54-4b01-90e6-d701748f0851"
    )

    (request,) = blueprint.requests
    assert (request.method, request.url.path, request.url.query) == ("POST", "/api/pis/declaration_requests", b"")
    assert headers_of(request) == PATIENT
    assert json.loads(request.content) == {
        "employee_id": "1a8b10ea-ba09-40f2-8f9e-55608e9208c6",
        "division_id": "d290f1ee-6c54-4b01-90e6-d701748f0851",
    }
    data = example("pis_declaration_request_created.json")["data"]
    assert created.signing_payload == canonical_json(data["data_to_be_signed"])
    assert (created.id, created.status, created.number, created.declaration_id) == (
        REQUEST_ID,
        "NEW",
        "0000-12H4-245D",
        "8311ab82-e341-4da0-8a95-235ec9885e23",
    )
    assert created.doctor is not None
    assert (created.doctor.full_name, created.doctor.speciality) == ("Іванов Петро Миколайович", "FAMILY_DOCTOR")
    assert created.division is not None and created.division.address == "вул. Ніжинська, 15, Київ"
    assert created.legal_entity is not None
    assert (created.legal_entity.name, created.legal_entity.edrpou) == ("Клініка Ноунейм", "5432345432")
    assert (created.start_date, created.end_date) == (date(2017, 3, 2), date(2017, 3, 2))
    # The PIS structures carry no creation time and no expiry.
    assert (created.created_at, created.expires_at) == (None, None)


async def test_list_declaration_requests(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "PIS Get Declaration Requests [GET /api/pis/declaration_requests{?status,...,page,page_size,channel}]".
    blueprint.serve("GET", "/api/pis/declaration_requests", "pis_declaration_requests.json")

    page = await registry.list_declaration_requests(BEARER, status="NEW", page=2, page_size=50)

    (request,) = blueprint.requests
    assert blueprint.query() == {"status": ["NEW"], "page": ["2"], "page_size": ["50"]}
    assert headers_of(request) == PATIENT
    assert (page.page, page.total_pages, page.has_next) == (2, 23, True)
    (listed,) = page.items
    assert (listed.id, listed.status, listed.status_reason, listed.number) == (
        REQUEST_ID,
        "NEW",  # the list's enum is lower-case (new, signed…); ours is eHealth's upper-case status
        "manual_employee",
        "0000-12H4-245D",
    )
    assert listed.doctor is not None and listed.doctor.full_name == "Іванов Петро Миколайович"
    assert listed.division is not None and listed.division.name == "Бориспільське відділення Клініки Ноунейм"
    assert listed.legal_entity is not None and listed.legal_entity.name == "Клініка Ноунейм"
    assert listed.signing_payload is None  # a list item carries nothing to sign


async def test_get_declaration_request(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "PIS Get Declaration Request Details [GET /api/pis/declaration_requests/{id}]": Declaration_request_details
    # names the parties by id only; their names come from data_to_be_signed.
    request_id = "7e9cffd9-c75f-45fb-badf-6e8d20b6a8a8"
    blueprint.serve("GET", f"/api/pis/declaration_requests/{request_id}", "pis_declaration_request.json")

    details = await registry.get_declaration_request(BEARER, request_id)

    (request,) = blueprint.requests
    assert (request.method, request.url.query) == ("GET", b"") and headers_of(request) == PATIENT
    data = example("pis_declaration_request.json")["data"]
    assert details.signing_payload == canonical_json(data["data_to_be_signed"])
    assert (details.status, details.status_reason, details.declaration_id) == (
        "NEW",
        "manual_employee",
        "8311ab82-e341-4da0-8a95-235ec9885e23",
    )
    assert (details.current_declaration_count, details.system_declaration_limit) == (1, 200)
    assert details.doctor is not None and details.doctor.last_name == "Іванов"
    assert details.division is not None and details.division.id == "d290f1ee-6c54-4b01-90e6-d701748f0851"
    assert details.legal_entity is not None and details.legal_entity.name == "Клініка Ноунейм"


async def test_sign_declaration_request(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "PIS Sign Declaration Request [PATCH .../actions/sign]": body {signed_content, signed_content_encoding}.
    path = f"/api/pis/declaration_requests/{REQUEST_ID}/actions/sign"
    blueprint.serve("PATCH", path, "pis_declaration_request_signed.json", 201)

    signed = await registry.sign_declaration_request(BEARER, REQUEST_ID, "eyJhbGciOiJIUzUxMiIARUUWYNyfkA")

    (request,) = blueprint.requests
    assert (request.method, request.url.path, request.url.query) == ("PATCH", path, b"")
    assert headers_of(request) == PATIENT
    assert json.loads(request.content) == {
        "signed_content": "eyJhbGciOiJIUzUxMiIARUUWYNyfkA",
        "signed_content_encoding": "base64",
    }
    assert (signed.id, signed.status, signed.declaration_id) == (
        REQUEST_ID,
        "SIGNED",
        "8311ab82-e341-4da0-8a95-235ec9885e23",
    )
    assert signed.signing_payload is None  # nothing is left to sign


async def test_reject_declaration_request(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "Reject Declaration request [PATCH .../actions/reject]": no body; Response 201 with
    # Declaration_request_details, whose sample status is NEW (the structure is shared with the details call).
    request_id = "d290f1ee-6c54-4b01-90e6-d701748f0851"
    path = f"/api/pis/declaration_requests/{request_id}/actions/reject"
    blueprint.serve("PATCH", path, "pis_declaration_request.json", 201)

    answer = await registry.reject_declaration_request(BEARER, request_id)

    (request,) = blueprint.requests
    assert (request.method, request.url.path, request.url.query, request.content) == ("PATCH", path, b"", b"")
    assert headers_of(request) == PATIENT
    assert (answer.id, answer.status, answer.number) == (REQUEST_ID, "NEW", "0000-12H4-245D")


# --- the address directory ---------------------------------------------------------------------


async def test_search_settlements(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "List Of Cities By Search Params [GET /api/uaddresses/settlements{?name,region,district,koatuu,page,
    # page_size}]": no headers in the Blueprint; Response_Collection_V2 of Response_Settlement.
    blueprint.serve("GET", "/api/uaddresses/settlements", "uaddresses_settlements.json")

    found = await registry.search_settlements("Новосілки", limit=20)

    (request,) = blueprint.requests
    assert blueprint.query() == {"name": ["Новосілки"], "page": ["1"], "page_size": ["20"]}
    assert headers_of(request) == PUBLIC
    (settlement,) = found
    assert (settlement.id, settlement.name, settlement.region, settlement.district) == (
        "b075f148-7f93-4fc2-b2ec-2d81b19a9b7b",
        "Новосілки",
        "Київ",
        "Києво-Святошинський",
    )
    assert settlement.type == "\u0421ITY"  # the Blueprint's sample, with a Cyrillic С
    assert (settlement.latitude, settlement.longitude) == (None, None)  # Response_Settlement has no place


# --- prescriptions and dispenses -----------------------------------------------------------------

MEDICATION_REQUEST_ID = "b075f148-7f93-4fc2-b2ec-2d81b19a9b7b"
REQUEST_NUMBER = "0000-243P-1X53-EH38"


def assert_the_blueprint_prescription(prescription: MedicationRequest) -> None:
    """What every Medication_request_Public_Response_with_Medical_Program_min example maps to."""
    assert (prescription.id, prescription.request_number, prescription.status, prescription.intent) == (
        MEDICATION_REQUEST_ID,
        REQUEST_NUMBER,
        "ACTIVE",
        "plan",
    )
    assert (prescription.created_at, prescription.started_at, prescription.ended_at) == (
        date(2017, 8, 17),
        date(2017, 8, 17),
        date(2017, 9, 16),
    )
    assert (prescription.dispense_valid_from, prescription.dispense_valid_to) == (date(2017, 8, 17), date(2017, 9, 16))
    assert prescription.medication == MedicationInfo(
        medication_id="4a63b858-c138-4921-9341-ae9e384bcbd6",
        name="Аміодарон 200мг таблетки",
        form="PILL",
        strength=Strength(200, "MG", 1, "PILL"),  # Dosage_drug's `denumerator_*`
        quantity=10.34,
        ingredients=("Інсулін деглюдек",),
    )
    assert prescription.program == MedicalProgramRef(
        "c7d52544-0bd4-4129-97b0-2d72633e0490", "Доступні ліки", funding_source="NHS", blank_type="F-1"
    )
    doctor = prescription.doctor
    assert (doctor.employee_id, doctor.party_id, doctor.full_name) == (
        "d290f1ee-6c54-4b01-90e6-d701748f0851",
        "b075f148-7f93-4fc2-b2ec-2d81b19a9b7b",
        "Іванов Петро Миколайович",
    )
    assert doctor.speciality is None  # Employee_Minimal has only the position, and P6 names no speciality
    division = prescription.division
    assert (division.id, division.name, division.type, division.email) == (
        "d290f1ee-6c54-4b01-90e6-d701748f0851",
        "Бориспільське відділення Клініки Ноунейм",
        "CLINIC",
        "email@example.com",
    )
    assert (division.address, division.settlement) == ("вул. Ніжинська, 15, Київ", "Київ")  # Division_Details
    assert division.phones == (Phone("MOBILE", "+380503410870"),)
    assert (
        division.working_hours["mon"] == (("08.00", "12.00"), ("14.00", "18.00"))
        and "sat" not in division.working_hours
    )
    assert (division.latitude, division.longitude) == (30.1233, 50.32423)
    legal_entity = prescription.legal_entity
    assert (legal_entity.id, legal_entity.name, legal_entity.edrpou, legal_entity.type) == (
        MEDICATION_REQUEST_ID,
        "Клініка Ноунейм",
        "5432345432",
        "MSP",
    )
    (instruction,) = prescription.dosage_instructions
    sample = (
        "0.25mg PO every 6-12 hours as needed for menses from Jan 15-20, 2015.  Do not exceed more than 4mg per day"
    )
    mg = Quantity(13.5, "mg", "mg")
    assert instruction == DosageInstruction(
        sequence=1,
        text=sample,
        patient_instruction=sample,
        as_needed=True,
        frequency=1,
        period=4,
        period_unit="d",
        when=("WAKE",),
        duration_days=10,  # bounds_duration: 10 d
        route="46713006",
        route_text=None,
        dose=None,  # the example's dose is a dose_range, which names no single dose
        max_dose_per_period=(mg, mg),
        max_dose_per_administration=mg,
    )
    assert (prescription.rejected_at, prescription.reject_reason, prescription.reject_reason_code) == (None,) * 3


async def test_list_medication_requests(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "Get medication request list via Cabinet [GET /api/cabinet/medication_requests{?...,status,request_number,
    # ...,page,page_size}]": Authorization and X-Custom-PSK; Response_Collection_V2 of
    # Medication_request_Public_Response_with_Medical_Program_min (no verification code).
    blueprint.serve("GET", "/api/cabinet/medication_requests", "cabinet_medication_requests.json")

    page = await registry.list_medication_requests(BEARER, status="ACTIVE", page=2, page_size=50)

    (request,) = blueprint.requests
    assert (request.method, str(request.url).split("?")[0]) == ("GET", f"{API}/api/cabinet/medication_requests")
    assert blueprint.query() == {"status": ["ACTIVE"], "page": ["2"], "page_size": ["50"]}
    assert headers_of(request) == CABINET
    assert (page.page, page.page_size, page.total_entries, page.total_pages, page.has_next) == (2, 50, 1000, 23, True)
    (prescription,) = page.items
    assert_the_blueprint_prescription(prescription)
    assert (prescription.note, prescription.blocked_to, prescription.block_reason) == (None, None, None)
    assert prescription.verification_code is None


async def test_list_medication_requests_by_number_and_the_registrys_default_status(
    registry: EHealthRegistry, blueprint: Blueprint
) -> None:
    # No status: the registry's own default (ACTIVE) applies; page_size is "between 1 and 300".
    blueprint.serve("GET", "/api/cabinet/medication_requests", "cabinet_medication_requests.json")

    await registry.list_medication_requests(BEARER, request_number=REQUEST_NUMBER, page_size=1000)

    assert blueprint.query() == {"request_number": [REQUEST_NUMBER], "page": ["1"], "page_size": ["300"]}


async def test_get_medication_request(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "Get Medication request by ID via Cabinet [GET /api/cabinet/medication_requests/{id}]" (the id or the
    # request number): the same structure plus verification_code.
    blueprint.serve(
        "GET", f"/api/cabinet/medication_requests/{MEDICATION_REQUEST_ID}", "cabinet_medication_request.json"
    )

    prescription = await registry.get_medication_request(BEARER, MEDICATION_REQUEST_ID)

    (request,) = blueprint.requests
    assert (request.method, request.url.query, request.content) == ("GET", b"", b"")
    assert headers_of(request) == CABINET
    assert_the_blueprint_prescription(prescription)
    assert prescription.verification_code == "1234"
    assert "1234" not in repr(prescription)  # the code never reaches a log through the object's repr
    assert (prescription.note, prescription.block_reason) == ("some additional info", "Підозра на фрод")
    assert prescription.blocked_to == datetime(2021, 12, 18, 14, 40, 16, tzinfo=UTC)


async def test_get_medication_request_by_its_number(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    blueprint.serve("GET", f"/api/cabinet/medication_requests/{REQUEST_NUMBER}", "cabinet_medication_request.json")

    prescription = await registry.get_medication_request(BEARER, REQUEST_NUMBER)

    assert blueprint.requests[0].url.path == f"/api/cabinet/medication_requests/{REQUEST_NUMBER}"
    assert prescription.request_number == REQUEST_NUMBER


def assert_the_blueprint_dispense(dispense: MedicationDispense) -> None:
    assert (dispense.id, dispense.medication_request_id, dispense.status, dispense.dispensed_at) == (
        "b075f148-7f93-4fc2-b2ec-2d81b19a9b7b",
        MEDICATION_REQUEST_ID,
        "NEW",
        date(2017, 8, 17),
    )
    assert (dispense.pharmacy.name, dispense.pharmacy.edrpou) == ("Клініка Ноунейм", "5432345432")
    division = dispense.division
    assert (division.id, division.name, division.type) == (
        "d290f1ee-6c54-4b01-90e6-d701748f0851",
        "Бориспільське відділення Клініки Ноунейм",
        "CLINIC",
    )
    assert (division.address, division.settlement, division.phones) == (None, None, ())  # Division_Short
    assert dispense.program == MedicalProgramRef(
        "c7d52544-0bd4-4129-97b0-2d72633e0490", "Доступні ліки", funding_source="NHS", blank_type="F-1"
    )
    assert dispense.lines == (
        DispenseLine(
            medication_name="Амідарон",
            form="PILL",
            manufacturer='ПАТ "Київський вітамінний завод"',
            quantity=10.34,
            sell_price=18.65,
            sell_amount=186.5,
            discount_amount=150,
            reimbursement_amount=450,
        ),
    )
    assert dispense.payment_amount == 50
    assert dispense.inserted_at == datetime(2017, 4, 20, 19, 14, 13, tzinfo=UTC)


async def test_list_medication_dispenses(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "Get Medication Dispenses List via Cabinet [GET /api/cabinet/medication_dispenses{?id,medication_request_id,
    # legal_entity_id,division_id,status,dispensed_from,dispensed_to,page,page_size}]": Response_Collection_V2 of
    # Medication_Dispense_Response_without_2d_codes.
    blueprint.serve("GET", "/api/cabinet/medication_dispenses", "cabinet_medication_dispenses.json")

    page = await registry.list_medication_dispenses(
        BEARER,
        medication_request_id=MEDICATION_REQUEST_ID,
        status="PROCESSED",
        dispensed_from=date(2017, 9, 1),
        dispensed_to=date(2017, 10, 1),
        page=2,
        page_size=50,
    )

    (request,) = blueprint.requests
    assert (request.method, request.url.path) == ("GET", "/api/cabinet/medication_dispenses")
    assert blueprint.query() == {
        "medication_request_id": [MEDICATION_REQUEST_ID],
        "status": ["PROCESSED"],
        "dispensed_from": ["2017-09-01"],
        "dispensed_to": ["2017-10-01"],
        "page": ["2"],
        "page_size": ["50"],
    }
    assert headers_of(request) == CABINET
    assert (page.page, page.page_size, page.total_entries, page.total_pages) == (2, 50, 1000, 23)
    (dispense,) = page.items
    assert_the_blueprint_dispense(dispense)


async def test_get_medication_dispense(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    # "Get Medication Dispense by ID [GET /api/cabinet/medication_dispenses/{id}]": Response_OK of the same.
    dispense_id = "b075f148-7f93-4fc2-b2ec-2d81b19a9b7b"
    blueprint.serve("GET", f"/api/cabinet/medication_dispenses/{dispense_id}", "cabinet_medication_dispense.json")

    dispense = await registry.get_medication_dispense(BEARER, dispense_id)

    (request,) = blueprint.requests
    assert (request.method, request.url.query) == ("GET", b"") and headers_of(request) == CABINET
    assert_the_blueprint_dispense(dispense)


# --- errors ------------------------------------------------------------------------------------

EMPLOYEE_ID = "1a8b10ea-ba09-40f2-8f9e-55608e9208c6"
DIVISION_ID = "d290f1ee-6c54-4b01-90e6-d701748f0851"
CALLS: dict[str, tuple[str, str, Any]] = {
    "settlements": ("GET", "/api/uaddresses/settlements", lambda r: r.search_settlements("Новосілки")),
    "person": ("GET", "/api/pis/person", lambda r: r.get_person(BEARER)),
    "declaration": (
        "GET",
        f"/api/pis/declarations/{DECLARATION_ID}",
        lambda r: r.get_declaration(BEARER, DECLARATION_ID),
    ),
    "terminate": (
        "PATCH",
        f"/api/pis/declarations/{DECLARATION_ID}/actions/terminate",
        lambda r: r.terminate_declaration(BEARER, DECLARATION_ID, "Неякісне обслуговування"),
    ),
    "request": (
        "GET",
        f"/api/pis/declaration_requests/{REQUEST_ID}",
        lambda r: r.get_declaration_request(BEARER, REQUEST_ID),
    ),
    "create": (
        "POST",
        "/api/pis/declaration_requests",
        lambda r: r.create_declaration_request(BEARER, EMPLOYEE_ID, DIVISION_ID),
    ),
    "prescription": (
        "GET",
        f"/api/cabinet/medication_requests/{MEDICATION_REQUEST_ID}",
        lambda r: r.get_medication_request(BEARER, MEDICATION_REQUEST_ID),
    ),
    "dispenses": ("GET", "/api/cabinet/medication_dispenses", lambda r: r.list_medication_dispenses(BEARER)),
}


@pytest.mark.parametrize(
    ("file", "status", "call", "error_type", "code", "fields"),
    [
        ("error_400.json", 400, "settlements", RegistryError, "bad_request", None),
        ("error_401.json", 401, "person", RegistryAuthExpired, "auth_expired", None),
        ("error_403.json", 403, "declaration", RegistryForbidden, "forbidden", None),
        ("error_403_too_many_results.json", 403, "person", RegistryForbidden, "forbidden", None),
        # The Blueprint's 404 says type `forbidden`: the status decides, not the type.
        ("error_404.json", 404, "declaration", RegistryNotFound, "not_found", None),
        ("error_404_not_found.json", 404, "request", RegistryNotFound, "not_found", None),
        ("error_404_not_found.json", 404, "prescription", RegistryNotFound, "not_found", None),
        ("error_401.json", 401, "prescription", RegistryAuthExpired, "auth_expired", None),
        ("error_403.json", 403, "dispenses", RegistryForbidden, "forbidden", None),
        ("error_409.json", 409, "terminate", RegistryConflict, "conflict", None),
        ("error_422_unverified.json", 422, "create", RegistryValidationError, "validation_failed", ()),
        (
            "error_422_validation.json",
            422,
            "create",
            RegistryValidationError,
            "validation_failed",
            (InvalidField("$.cvv", "required", ""),),
        ),
        (
            "error_422_validation_extended.json",
            422,
            "create",
            RegistryValidationError,
            "validation_failed",
            (InvalidField("$.cvv", "required", "value is not allowed in enum"),),
        ),
        ("error_500.json", 500, "person", RegistryUnavailable, "registry_unavailable", None),
    ],
)
async def test_documented_errors_become_typed_errors(
    registry: EHealthRegistry,
    blueprint: Blueprint,
    file: str,
    status: int,
    call: str,
    error_type: type[RegistryError],
    code: str,
    fields: tuple[InvalidField, ...] | None,
) -> None:
    method, path, act = CALLS[call]
    blueprint.serve(method, path, file, status)

    with pytest.raises(RegistryError) as caught:
        await act(registry)

    error = caught.value
    assert type(error) is error_type
    assert (error.code, error.status, error.request_id) == (code, status, META_REQUEST_ID)
    assert error.detail == example(file)["error"]["message"]  # the registry's words, kept for the log
    if fields is not None:
        assert isinstance(error, RegistryValidationError) and error.fields == fields
    assert len(blueprint.requests) == 1  # none of these is worth another attempt


async def test_logout_with_a_dead_token_is_done(registry: EHealthRegistry, blueprint: Blueprint) -> None:
    blueprint.serve("POST", "/auth/logout", "error_401.json", 401)

    await registry.logout(BEARER)

    assert len(blueprint.requests) == 1
