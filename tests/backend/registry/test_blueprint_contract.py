"""Every adapter call this module covers, replayed against the Blueprints' own examples.

The answers in `blueprint/` are the response examples of eHealth's public API Blueprints (each file
says which call and structure it comes from); `httpx.MockTransport` serves them. Each test checks what
the adapter sends (path, method, query, the `api-key`, `Authorization` and `X-Custom-PSK` headers, the
body) against the same call's request in the Blueprint, and what the example becomes in our types.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from backend.registry.ehealth import EHealthRegistry
from backend.registry.port import Phone
from backend.registry.request_id import request_id_var
from backend.registry.settings import EHealthSettings

API = "https://api.ehealth.test"
AUTH = "https://auth.ehealth.test"
CLIENT_SECRET = "msp-001-secret-key"
PSK = "a2aa05c76f3f2d91870f923a53cc8aa8f23bbc01a8238d1c2c26d4299715a7e4"  # the Blueprint's own example
BEARER = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9"
EXAMPLES = Path(__file__).parent / "blueprint"


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / name).read_text())


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
    assert [(e.institution, e.issued_date) for e in record.educations] == [("Академія Богомольця", date(2017, 2, 28))]
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
        {"page": ["1"], "page_size": ["100"]},
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

    assert blueprint.query() == {"id": ["7d23bebb-1cf3-4221-bf21-18aada444756"], "page": ["1"], "page_size": ["100"]}
    assert doctor.party_id == "7d23bebb-1cf3-4221-bf21-18aada444756"


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
