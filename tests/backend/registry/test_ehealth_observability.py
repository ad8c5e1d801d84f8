"""Every call is traceable (X-Request-ID, one structured log line per attempt) and nothing personal or
secret reaches the logs."""

from __future__ import annotations

import logging
import uuid

import httpx
import pytest

from backend.registry.ehealth import EHealthRegistry
from backend.registry.errors import RegistryError
from backend.registry.port import PersonChanges, Phone
from backend.registry.request_id import request_id_var

from .conftest import ACCESS_TOKEN, CLIENT_SECRET
from .fake_ehealth import FakeEHealth, example

PERSON = "/api/pis/person"


async def test_every_call_carries_a_fresh_request_id(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply("GET", PERSON, file="pis_person.json")
    fake.reply("GET", "/api/pis/apps", json_body={"meta": {"code": 200}, "data": []})
    fake.reply("POST", "/oauth/tokens", 201, file="access_token.json")

    await registry.get_person(ACCESS_TOKEN)
    await registry.list_accesses(ACCESS_TOKEN)
    await registry.exchange_code("code")

    ids = [request.headers["x-request-id"] for request in fake.requests]
    assert len(ids) == 3
    assert len(set(ids)) == 3
    for value in ids:
        uuid.UUID(value)


async def test_the_request_id_follows_the_backend_request(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply("GET", PERSON, 502, body=b"").reply("GET", PERSON, file="pis_person.json")
    token = request_id_var.set("bot-update-8812:abc")
    try:
        await registry.get_person(ACCESS_TOKEN)
    finally:
        request_id_var.reset(token)

    assert [r.headers["x-request-id"] for r in fake.requests] == ["bot-update-8812:abc"] * 2


async def test_errors_carry_the_request_id_we_sent_when_the_registry_names_none(
    registry: EHealthRegistry, fake: FakeEHealth
) -> None:
    fake.fail("POST", "/api/pis/declaration_requests", httpx.ConnectError("refused"))
    token = request_id_var.set("trace-77")
    try:
        with pytest.raises(RegistryError) as caught:
            await registry.create_declaration_request(ACCESS_TOKEN, "emp-1", "div-1")
    finally:
        request_id_var.reset(token)

    assert caught.value.request_id == "trace-77"


async def test_one_structured_log_line_per_attempt(
    registry: EHealthRegistry, fake: FakeEHealth, caplog: pytest.LogCaptureFixture
) -> None:
    declaration_id = "b075f148-7f93-4fc2-b2ec-2d81b19a9b7b"
    fake.reply("GET", f"/api/pis/declarations/{declaration_id}", 503, body=b"")
    fake.reply("GET", f"/api/pis/declarations/{declaration_id}", file="pis_declaration.json")
    caplog.set_level(logging.INFO, logger="backend.registry")

    await registry.get_declaration(ACCESS_TOKEN, declaration_id)

    records = [r for r in caplog.records if r.name == "backend.registry.ehealth"]
    assert [(r.registry_method, r.registry_path, r.registry_status, r.attempt) for r in records] == [  # type: ignore[attr-defined]
        ("GET", "/api/pis/declarations/{id}", 503, 1),
        ("GET", "/api/pis/declarations/{id}", 200, 2),
    ]
    sent_ids = {r.headers["x-request-id"] for r in fake.requests}
    assert {r.request_id for r in records} == sent_ids  # type: ignore[attr-defined]
    assert all(isinstance(r.duration_ms, float) and r.duration_ms >= 0 for r in records)  # type: ignore[attr-defined]
    assert declaration_id not in caplog.text  # path templates, not concrete paths


def _secrets_and_personal_data() -> list[str]:
    person = example("pis_person.json")["data"]
    tokens = example("access_token.json")["data"]
    return [
        ACCESS_TOKEN,
        CLIENT_SECRET,
        tokens["value"],
        tokens["details"]["refresh_token"],
        "one-time-code-123",
        person["tax_id"],
        person["first_name"],
        person["last_name"],
        person["second_name"],
        person["email"],
        person["unzr"],
        person["secret"],
        person["documents"][0]["number"],
        person["phones"][0]["number"],
        person["emergency_contact"]["phones"][0]["number"],
        "+380991112233",
        "c2lnbmVkLWJ5LXRoZS1wYXRpZW50",
    ]


async def test_logs_hold_no_personal_data_and_no_secrets(
    registry: EHealthRegistry, fake: FakeEHealth, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, httpx's included
    fake.reply("POST", "/oauth/tokens", 201, file="access_token.json")
    fake.reply("GET", PERSON, file="pis_person.json")
    fake.reply("PATCH", "/api/cabinet/persons/p-1", 422, file="error_422_validation.json")
    fake.reply("POST", "/api/pis/declaration_requests", 409, file="error_409.json")

    await registry.exchange_code("one-time-code-123")
    await registry.get_person(ACCESS_TOKEN)
    await registry.prepare_person_update(ACCESS_TOKEN, PersonChanges(phones=(Phone("MOBILE", "+380991112233"),)))
    with pytest.raises(RegistryError):
        await registry.update_person(ACCESS_TOKEN, "p-1", "c2lnbmVkLWJ5LXRoZS1wYXRpZW50")
    with pytest.raises(RegistryError):
        await registry.create_declaration_request(ACCESS_TOKEN, "emp-1", "div-1")

    assert caplog.records, "the adapter logs its calls"
    logged = "\n".join([caplog.text] + [str(value) for record in caplog.records for value in vars(record).values()])
    for value in _secrets_and_personal_data():
        assert value not in logged, value


async def test_prescription_calls_log_no_medicine_number_or_verification_code(
    registry: EHealthRegistry, fake: FakeEHealth, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, httpx's included
    number, code = "0000-243P-1X53-EH38", "vc-7Q4Z"  # a code no uuid or duration can contain by chance
    detail = example("cabinet_medication_request.json")
    detail["data"]["verification_code"] = code
    broken = {**detail, "data": {**detail["data"], "created_at": "not a date"}}
    fake.reply("GET", "/api/cabinet/medication_requests", file="cabinet_medication_requests.json")
    fake.reply("GET", f"/api/cabinet/medication_requests/{number}", json_body=detail)
    fake.reply("GET", "/api/cabinet/medication_requests/broken", json_body=broken)
    fake.reply("GET", "/api/cabinet/medication_dispenses", file="cabinet_medication_dispenses.json")

    await registry.list_medication_requests(ACCESS_TOKEN, request_number=number)
    prescription = await registry.get_medication_request(ACCESS_TOKEN, number)
    with pytest.raises(RegistryError) as malformed:
        await registry.get_medication_request(ACCESS_TOKEN, "broken")
    await registry.list_medication_dispenses(ACCESS_TOKEN, medication_request_id=prescription.id)

    assert prescription.verification_code == code
    assert code not in repr(prescription)  # a careless log of the object would still not show the code
    # httpx's own request line prints the URL (a request number in the path or the query): the backend keeps
    # that logger at WARNING (backend.logging.configure_logging); everything else must hold nothing medical.
    records = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert records, "the adapter logs its calls"
    logged = "\n".join(
        [r.getMessage() for r in records] + [str(value) for record in records for value in vars(record).values()]
    )
    logged += f"{malformed.value} {malformed.value!r} {malformed.value.detail}"
    for value in (code, number, "Аміодарон", "Амідарон", "Інсулін деглюдек"):
        assert value not in logged, value
