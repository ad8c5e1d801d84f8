"""The sandbox's OpenAPI document is a stand-in others read: every status a route answers is in it, with the
body it has (eHealth's error envelope for errors); and the HTTP details schema fuzzing checks.

Each route is called as different callers would call it — with no credentials, an api-key alone, forged
ones, a signed-in session, from another machine — with unknown ids and with no, an empty or an unreadable
body, and every answer is checked against the route's documented responses (schemathesis' checks).
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
import schemathesis
from schemathesis.checks import content_type_conformance, response_schema_conformance, status_code_conformance
from schemathesis.schemas import APIOperation

from sandbox.registry.app import create_app
from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.envelope import ErrorEnvelope
from tests.registry.conftest import sign_in
from tests.registry.conftest import test_person as person_of

SCHEMA = schemathesis.openapi.from_dict(create_app(RegistrySettings(_env_file=None)).openapi())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
CHECKS = [status_code_conformance, content_type_conformance, response_schema_conformance]
UNREADABLE = b"\xff\xfe{"  # not UTF-8: the framework's 400


def _bodies(operation: APIOperation) -> list[dict[str, Any]]:
    if not operation.get_request_payload_content_types():
        return [{}]
    media = operation.get_request_payload_content_types()[0]
    return [{}, {"json": {}}, {"content": UNREADABLE, "headers": {"content-type": media}}]


def _ids(operation: APIOperation, value: str) -> dict[str, str]:
    return {parameter.name: value for parameter in operation.path_parameters}


def _check(operation: APIOperation, ids: str, response: httpx.Response) -> None:
    operation.Case(path_parameters=_ids(operation, ids)).validate_response(response, checks=CHECKS)
    if response.status_code >= 400 and response.headers["content-type"].startswith("application/json"):
        ErrorEnvelope.model_validate(response.json())


@pytest.mark.parametrize("operation", OPERATIONS, ids=[operation.label for operation in OPERATIONS])
async def test_every_answer_of_a_route_is_documented(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, operation: APIOperation
) -> None:
    who = person_of("adult_with_accesses")
    session = await sign_in(registry, who, settings=registry_settings)

    async def caller(kind: str) -> dict[str, str]:
        if kind == "signed in" and operation.path == "/auth/logout":  # a logout ends its session: a new one
            return (await sign_in(registry, who, settings=registry_settings, state="again")).headers
        return {
            "anonymous": {},
            "api-key alone": {"api-key": registry_settings.pis_client_secret},
            "forged": {"api-key": "forged", "Authorization": "Bearer forged"},
            "signed in": session.headers,
        }[kind]

    for ids in ("x", str(uuid.uuid4())):
        path = operation.path.format(**_ids(operation, ids))
        for kind in ("anonymous", "api-key alone", "forged", "signed in"):
            for body in _bodies(operation):
                headers = await caller(kind) | body.get("headers", {})
                sent = {key: value for key, value in body.items() if key != "headers"}
                _check(operation, ids, await registry.request(operation.method.upper(), path, headers=headers, **sent))
    # From another machine (the sandbox controls answer only locally).
    elsewhere = httpx.ASGITransport(app=registry.app, client=("192.0.2.10", 40000))  # type: ignore[attr-defined]
    async with httpx.AsyncClient(transport=elsewhere, base_url="http://registry.test") as remote:
        path = operation.path.format(**_ids(operation, "x"))
        _check(operation, "x", await remote.request(operation.method.upper(), path, headers=session.headers))


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [("POST", "/sandbox/clock", "GET"), ("PUT", "/api/pis/person", "GET"), ("PUT", "/api/cabinet/persons/p1", "PATCH")],
)
async def test_a_wrong_method_names_the_allowed_ones(
    registry: httpx.AsyncClient, method: str, path: str, allowed: str
) -> None:
    response = await registry.request(method, path)
    assert response.status_code == 405
    assert response.headers["allow"] == allowed
    assert response.json()["meta"]["code"] == 405


@pytest.mark.parametrize("body", [{"days": True}, {"days": "1"}, {"seconds": "60"}, {"seconds": False}])
async def test_the_clock_advances_by_numbers_only(registry: httpx.AsyncClient, body: dict[str, Any]) -> None:
    response = await registry.post("/sandbox/clock/advance", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["type"] == "validation_failed"
    assert (await registry.post("/sandbox/clock/advance", json={"seconds": 60})).status_code == 200
