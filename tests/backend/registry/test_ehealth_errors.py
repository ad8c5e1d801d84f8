"""eHealth's failures become our typed errors, with Ukrainian texts and the registry's request id."""

from __future__ import annotations

import asyncio
import socket
import time

import httpx
import pytest

from backend.registry.ehealth import EHealthRegistry
from backend.registry.errors import (
    InvalidField,
    RegistryConflict,
    RegistryError,
    RegistryForbidden,
    RegistryRateLimited,
    RegistryUnavailable,
    RegistryValidationError,
)
from backend.registry.settings import EHealthSettings

from .conftest import ACCESS_TOKEN
from .fake_ehealth import FakeEHealth, Hang

CREATE = "/api/pis/declaration_requests"


async def create_request(registry: EHealthRegistry) -> None:
    await registry.create_declaration_request(ACCESS_TOKEN, "emp-1", "div-1")


def refusal(status: int, error_type: str, message: str, request_id: str, **extra: object) -> dict[str, object]:
    """eHealth's error envelope (Response_Error: `meta`, `error.type`, `error.message`, `error.invalid[]`)."""
    return {
        "meta": {"code": status, "request_id": request_id},
        "error": {"type": error_type, "message": message, **extra},
    }


# The refusals below carry the wording `KNOWN_REFUSALS` is written for; the Blueprints document none of
# these messages (their documented errors are replayed in test_blueprint_contract.py), so each body is
# written here, in the Blueprint's envelope, and claims to be nothing more.
@pytest.mark.parametrize(
    ("status", "body", "error_type", "code"),
    [
        (
            409,
            refusal(409, "request_conflict", "This doctor has 2000 declarations and could not sign more", "r-4"),
            RegistryConflict,
            "doctor_limit_reached",
        ),
        (
            409,
            refusal(409, "request_conflict", "Doctor speciality doesn't match patient's age", "r-5"),
            RegistryConflict,
            "speciality_age_mismatch",
        ),
        (
            409,
            refusal(409, "request_conflict", "Something happened that nobody documented", "r-6"),
            RegistryConflict,
            "conflict",
        ),
        (
            # A business rule reported as 422 `request_malformed` with only a message.
            422,
            refusal(422, "request_malformed", "This doctor has 1800 declarations and could not sign more", "r-7"),
            RegistryConflict,
            "doctor_limit_reached",
        ),
    ],
)
async def test_known_refusals_are_named_for_the_patient(
    registry: EHealthRegistry,
    fake: FakeEHealth,
    status: int,
    body: dict[str, object],
    error_type: type[RegistryError],
    code: str,
) -> None:
    fake.reply("POST", CREATE, status, json_body=body)

    with pytest.raises(error_type) as caught:
        await create_request(registry)

    error = caught.value
    assert error.code == code
    assert error.status == status
    assert error.request_id == body["meta"]["request_id"]  # type: ignore[index]
    assert error.message_uk and error.message_uk != error.detail
    assert any("а" <= letter <= "я" for letter in error.message_uk.lower())  # Ukrainian for the patient


async def test_validation_errors_carry_every_invalid_field(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    invalid = [
        {
            "entry_type": "json_data_property",
            "entry": "$.employee_id",
            "rules": [
                {"rule": "required", "params": [], "description": "required property employee_id was not present"}
            ],
        },
        {
            "entry_type": "json_data_property",
            "entry": "$.division_id",
            "rules": [
                {"rule": "format", "params": ["^[0-9a-f-]{36}$"], "description": "string does not match pattern"},
                {"rule": "invalid", "params": [], "description": "Division is not active"},
            ],
        },
    ]
    fake.reply(
        "POST", CREATE, 422, json_body=refusal(422, "validation_failed", "Validation failed", "r-8", invalid=invalid)
    )

    with pytest.raises(RegistryValidationError) as caught:
        await create_request(registry)

    assert caught.value.fields == (
        InvalidField("$.employee_id", "required", "required property employee_id was not present"),
        InvalidField("$.division_id", "format", "string does not match pattern"),
        InvalidField("$.division_id", "invalid", "Division is not active"),
    )
    # A known refusal inside invalid[] names the situation for the patient.
    assert caught.value.code == "clinic_not_available"


async def test_rate_limit_carries_retry_after(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply("POST", CREATE, 429, json_body={"error": {"type": "too_many_requests"}}, headers={"Retry-After": "42"})

    with pytest.raises(RegistryRateLimited) as caught:
        await create_request(registry)

    assert caught.value.retry_after == 42.0


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (502, b"<html><body>502 Bad Gateway</body></html>"),
        (503, b""),
        (504, b"upstream timed out"),
        (200, b"{not json"),
        (200, b"\xff\xfe\x00garbage"),
        (201, b'{"meta": {"code": 201}}'),  # an envelope without data
        (201, b'{"meta": {"code": 201}, "data": []}'),  # a list where an object belongs
        (201, b'{"meta": {"code": 201}, "data": {"status": "NEW"}}'),  # no id
        (201, b'{"data": {"id": "x", "status": "NEW", "inserted_at": "yesterday"}}'),  # a broken timestamp
        (418, b"I'm a teapot"),
    ],
)
async def test_broken_answers_are_unavailable_never_raw_exceptions(
    registry: EHealthRegistry, fake: FakeEHealth, status: int, body: bytes
) -> None:
    fake.reply("POST", CREATE, status, body=body)

    with pytest.raises(RegistryUnavailable) as caught:
        await create_request(registry)

    assert caught.value.message_uk == "Реєстр eHealth зараз не відповідає. Спробуйте, будь ласка, за кілька хвилин."


async def test_a_bad_request_is_a_plain_registry_error(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply("POST", CREATE, 400, json_body={"error": {"type": "request_malformed", "message": "bad json"}})

    with pytest.raises(RegistryError) as caught:
        await create_request(registry)

    assert type(caught.value) is RegistryError
    assert caught.value.code == "bad_request"


@pytest.mark.parametrize(
    ("failure", "code"),
    [
        (httpx.ConnectError("connection refused"), "registry_unreachable"),
        (httpx.RemoteProtocolError("peer closed connection"), "registry_unreachable"),
        (httpx.ReadTimeout("read timed out"), "registry_timeout"),
        (httpx.ConnectTimeout("connect timed out"), "registry_timeout"),
        (httpx.DecodingError("broken gzip body"), "malformed_response"),
        (httpx.TooManyRedirects("redirect loop"), "registry_unreachable"),
    ],
)
async def test_transport_failures_are_unavailable(
    registry: EHealthRegistry, fake: FakeEHealth, failure: Exception, code: str
) -> None:
    fake.fail("POST", CREATE, failure)

    with pytest.raises(RegistryUnavailable) as caught:
        await create_request(registry)

    assert caught.value.code == code


async def test_the_total_time_limit_cuts_off_a_hanging_registry(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.fail("POST", CREATE, Hang(seconds=30))

    started = time.monotonic()
    with pytest.raises(RegistryUnavailable) as caught:
        await create_request(registry)

    assert caught.value.code == "registry_timeout"
    assert time.monotonic() - started < 2  # total_timeout is 0.2 s in these tests


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_a_real_refused_connection_is_unavailable() -> None:
    port = _closed_port()
    settings = EHealthSettings(api_url=f"http://127.0.0.1:{port}", max_retries=0, _env_file=None)
    async with EHealthRegistry(settings) as registry:
        with pytest.raises(RegistryUnavailable) as caught:
            await registry.get_person(ACCESS_TOKEN)

    assert caught.value.code == "registry_unreachable"


async def test_cancellation_is_not_swallowed(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.fail("POST", CREATE, Hang(seconds=30))

    task = asyncio.create_task(create_request(registry))
    await fake.request_arrived.wait()
    task.cancel()

    with pytest.raises(asyncio.CancelledError):
        await task


async def test_a_teen_without_confirmed_capacity_is_told_why(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    message = "Person aged 14-17 without confirmed full civil capacity may only view declarations"
    fake.reply("POST", CREATE, 403, json_body={"error": {"type": "forbidden", "message": message}})

    with pytest.raises(RegistryForbidden) as caught:
        await create_request(registry)

    assert caught.value.code == "capacity_required"
    assert "дієздатності" in caught.value.message_uk


async def test_a_rejected_signature_is_named_whatever_the_registry_wording(
    registry: EHealthRegistry, fake: FakeEHealth
) -> None:
    invalid = [{"entry": "$.signed_request", "entry_type": "json_data", "rules": [{"rule": "invalid"}]}]
    fake.reply(
        "PATCH",
        "/api/cabinet/persons/p-1",
        422,
        json_body={"error": {"type": "validation_failed", "message": "Validation failed", "invalid": invalid}},
    )

    with pytest.raises(RegistryValidationError) as caught:
        await registry.update_person(ACCESS_TOKEN, "p-1", "c2ln")

    assert caught.value.code == "signature_invalid"
    assert caught.value.fields == (InvalidField("$.signed_request", "invalid", ""),)
