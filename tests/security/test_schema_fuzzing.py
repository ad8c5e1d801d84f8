"""Schema-driven fuzzing (schemathesis, bounded and derandomized) of both HTTP services.

`tests/backend/app/test_openapi_conformance.py` sends *valid* requests to a healthy backend. This module
adds what it leaves out:
- the backend with *invalid* requests (schemathesis' negative mode: wrong types, broken bounds, missing or
  malformed service token) — never a 5xx, every answer documented, refusals in the API's error shape;
- the backend while the registry is *down* — every answer still a documented status and body;
- the registry sandbox, valid and invalid requests — never a 5xx, every status and error body as its OpenAPI
  document gives them, and every JSON answer in eHealth's envelope (`Envelope` below: its success bodies are
  not modelled in the sandbox's document).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Literal

import httpx
import pytest
import pytest_asyncio
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, model_validator
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.schemas import APIOperation

from backend.app import create_app
from backend.config import BackendSettings
from sandbox.registry.app import create_app as create_registry_app
from sandbox.registry.config import RegistrySettings
from tests.backend.app.conftest import BACKEND_URL, SERVICE_TOKEN, person
from tests.backend.app.scripted_record import ScriptedRecord
from tests.registry.conftest import SignedIn, sign_in
from tests.security.faults import Fault
from tests.security.harness import FAST_TIMEOUTS, Rig, running_rig

pytestmark = pytest.mark.asyncio(loop_scope="module")

FUZZ = settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
CYRILLIC = re.compile(r"[А-Яа-яІіЇїЄєҐґ]")

BACKEND_SCHEMA = schemathesis.openapi.from_dict(create_app(BackendSettings(_env_file=None)).openapi())
BACKEND_OPERATIONS = [result.ok() for result in BACKEND_SCHEMA.get_all_operations()]
# Negative mode needs something to break; the health checks take no input at all.
FUZZABLE = [operation for operation in BACKEND_OPERATIONS if operation.path.startswith("/v1/")]
LINKED, UNLINKED, THROWAWAY = 93001, 93002, 93003
# These end the session or the account they are called for: pointed at a throwaway user instead.
ENDING = {"DELETE /v1/users/{telegram_user_id}", "POST /v1/users/{telegram_user_id}/sign-out"}
DOCUMENTED = [status_code_conformance, content_type_conformance, response_schema_conformance]


def _negative_in(case: schemathesis.Case, location: str) -> bool:
    components = case.meta.components if case.meta is not None else {}
    return any(place.value == location and mode is GenerationMode.NEGATIVE for place, mode in components.items())


async def _send(
    client: httpx.AsyncClient, case: schemathesis.Case, base_url: str, headers: dict[str, str]
) -> httpx.Response:
    kwargs = case.as_transport_kwargs(base_url=base_url, headers=headers)
    content, form = kwargs.get("content"), kwargs.get("data")
    if isinstance(form, bytes | str):  # an already encoded form body travels as raw content
        content, form = form, None
    return await client.request(
        kwargs["method"],
        kwargs["url"],
        params=kwargs.get("params"),
        headers=kwargs.get("headers"),
        json=kwargs.get("json"),
        content=content,
        data=form,
    )


def _aim_at_users(case: schemathesis.Case, operation: APIOperation, data: st.DataObject) -> None:
    """Valid telegram ids go to a linked patient, an unlinked account or (for calls that end a session) a
    throwaway one, so cases reach the registry as well as the guards."""
    if not case.path_parameters or "telegram_user_id" not in case.path_parameters or _negative_in(case, "path"):
        return
    users = [THROWAWAY] if operation.label in ENDING else [LINKED, UNLINKED]
    case.path_parameters["telegram_user_id"] = data.draw(st.sampled_from(users))


def _assert_refusal_is_explained(response: httpx.Response) -> None:
    if response.status_code < 400 or "json" not in response.headers.get("content-type", ""):
        return
    error = response.json()["error"]
    assert CYRILLIC.search(error["message"]), error
    if error["code"] == "validation_failed" and response.status_code == 422:
        for field in error.get("fields") or []:
            assert CYRILLIC.search(field["message"]), field


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def backend(tmp_path_factory: pytest.TempPathFactory, security_registry_template: Path) -> AsyncIterator[Rig]:
    # The medical record's summary calls are scripted in front of the sandbox (an empty record for everyone).
    async with running_rig(
        tmp_path_factory.mktemp("backend-fuzz"),
        security_registry_template,
        ehealth=FAST_TIMEOUTS,
        in_front=ScriptedRecord,
    ) as rig:
        await rig.cabinet.sign_in(LINKED, person("adult_with_declaration"))
        await rig.cabinet.start(UNLINKED)
        yield rig


@pytest.fixture(autouse=True)
def registry_healthy_unless_told(backend: Rig) -> None:
    backend.faults.clear()


@pytest.mark.parametrize("operation", FUZZABLE, ids=[operation.label for operation in FUZZABLE])
@FUZZ
@given(data=st.data())
async def test_the_backend_refuses_bad_input_plainly(
    backend: Rig, operation: APIOperation, data: st.DataObject
) -> None:
    case = data.draw(operation.as_strategy(GenerationMode.NEGATIVE))
    _aim_at_users(case, operation, data)
    # A case that breaks the Authorization header must be sent as generated; otherwise the real token goes.
    token = {} if _negative_in(case, "header") else {"Authorization": f"Bearer {SERVICE_TOKEN}"}
    response = await _send(backend.api, case, BACKEND_URL, token)
    case.validate_response(response, checks=[not_a_server_error, *DOCUMENTED])
    _assert_refusal_is_explained(response)


WITH_BODY = [operation for operation in FUZZABLE if operation.get_request_payload_content_types()]


@pytest.mark.parametrize("operation", WITH_BODY, ids=[operation.label for operation in WITH_BODY])
async def test_an_unparsable_body_is_a_documented_field_error(backend: Rig, operation: APIOperation) -> None:
    path = operation.path.format(
        **{name: LINKED if name == "telegram_user_id" else "x" for name in re.findall(r"{(\w+)}", operation.path)}
    )
    response = await backend.api.request(
        operation.method.upper(), path, content=b"\x11\xef\x00{", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422, response.text
    assert response.json()["error"]["fields"][0]["field"] == "body"


@pytest.mark.parametrize("operation", BACKEND_OPERATIONS, ids=[operation.label for operation in BACKEND_OPERATIONS])
@FUZZ
@given(data=st.data())
async def test_a_registry_outage_is_answered_as_documented(
    backend: Rig, operation: APIOperation, data: st.DataObject
) -> None:
    case = data.draw(operation.as_strategy())
    _aim_at_users(case, operation, data)
    backend.faults.inject(Fault.UNAVAILABLE)
    response = await _send(backend.api, case, BACKEND_URL, {"Authorization": f"Bearer {SERVICE_TOKEN}"})
    backend.faults.clear()
    assert response.status_code != 500, response.text
    if response.status_code == 503 and operation.path.startswith("/v1/"):
        assert response.json()["error"]["code"] in {"registry_unavailable", "directory_loading"}
    case.validate_response(response, checks=DOCUMENTED)
    _assert_refusal_is_explained(response)


# --- The registry sandbox -------------------------------------------------------------------------------

ERROR_TYPES = {
    "access_denied": 401,
    "forbidden": 403,
    "not_found": 404,
    "request_conflict": 409,
    "validation_failed": 422,
    "request_malformed": 400,
}


class Meta(BaseModel):
    code: int
    url: str
    type: Literal["object", "list"]
    request_id: str


class Rule(BaseModel):
    rule: str
    description: str
    params: Any = None


class Invalid(BaseModel):
    entry_type: str
    entry: str
    rules: list[Rule]


class ErrorBody(BaseModel):
    type: str
    message: str
    invalid: list[Invalid] | None = None


class Envelope(BaseModel):
    """eHealth's answer: `{meta, data | error, paging?, urgent?}` (DOMAIN §2)."""

    model_config = ConfigDict(extra="forbid")

    meta: Meta
    data: Any = None
    error: ErrorBody | None = None
    paging: dict[str, int] | None = None
    urgent: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _data_or_error(self) -> Envelope:
        if (self.error is None) == ("data" not in self.model_fields_set):
            raise ValueError("an envelope carries either data or error")
        return self


def assert_registry_answer(response: httpx.Response) -> None:
    status, content_type = response.status_code, response.headers.get("content-type", "")
    assert status < 500, response.text
    if 300 <= status < 400:
        assert response.headers.get("location"), "a redirect names where to"
        return
    if status == 204:
        assert response.content == b""
        return
    if content_type.startswith("text/html"):
        assert status in (200, 400, 429), status
        return
    assert content_type.startswith("application/json"), content_type
    envelope = Envelope.model_validate(response.json())
    assert envelope.meta.code == status
    assert envelope.meta.request_id == response.headers["x-request-id"]
    if status < 300:
        assert envelope.error is None
    else:
        assert envelope.error is not None and ERROR_TYPES.get(envelope.error.type) == status, envelope.error


REGISTRY_URL = "http://registry.test"
REGISTRY_SCHEMA = schemathesis.openapi.from_dict(create_registry_app(RegistrySettings(_env_file=None)).openapi())
REGISTRY_OPERATIONS = [result.ok() for result in REGISTRY_SCHEMA.get_all_operations()]
MODES = [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]


class Registry:
    def __init__(self, client: httpx.AsyncClient, main: SignedIn, spare: SignedIn) -> None:
        self.client, self.main, self.spare = client, main, spare


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def registry(
    tmp_path_factory: pytest.TempPathFactory, security_registry_template: Path
) -> AsyncIterator[Registry]:
    database = tmp_path_factory.mktemp("registry-fuzz") / "registry.sqlite3"
    shutil.copyfile(security_registry_template, database)
    registry_settings = RegistrySettings(database_url=f"sqlite+aiosqlite:///{database}", _env_file=None)
    app = create_registry_app(registry_settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=REGISTRY_URL) as client,
    ):
        who = person("adult_with_accesses")
        main = await sign_in(client, who, settings=registry_settings)
        spare = await sign_in(client, who, settings=registry_settings, state="spare")  # for /auth/logout
        yield Registry(client, main, spare)


def _registry_operation(operation: APIOperation, mode: GenerationMode) -> Any:
    return pytest.param(operation, mode, id=f"{mode.value} {operation.label}")


def _constrained(schema: dict[str, Any]) -> bool:
    return schema.get("type") != "string" or bool(set(schema) - {"type", "title", "description"})


def _breakable(operation: APIOperation) -> bool:
    """Whether negative mode can break something: a body, a query parameter or a constrained path parameter.
    Headers and plain-string path segments accept any text, so those operations get bad values (random
    tokens, unknown ids) from positive mode instead."""
    if operation.get_request_payload_content_types():
        return True
    return any(
        parameter.location.value == "query"
        or (parameter.location.value == "path" and _constrained(parameter.definition.get("schema", {})))
        for parameter in operation.iter_parameters()
    )


REGISTRY_CASES = [
    _registry_operation(operation, mode)
    for operation in REGISTRY_OPERATIONS
    for mode in MODES
    if mode is GenerationMode.POSITIVE or _breakable(operation)
]


@pytest.mark.parametrize(("operation", "mode"), REGISTRY_CASES)
@FUZZ
@given(data=st.data())
async def test_the_registry_sandbox_answers_in_the_envelope(
    registry: Registry, operation: APIOperation, mode: GenerationMode, data: st.DataObject
) -> None:
    case = data.draw(operation.as_strategy(mode))
    if case.headers is not None and not _negative_in(case, "header"):
        session = registry.spare if operation.path == "/auth/logout" else registry.main
        headers = data.draw(st.sampled_from([session.headers, {}]))  # signed in, or as generated
        case.headers.update({name.lower(): value for name, value in headers.items()})
    response = await _send(registry.client, case, REGISTRY_URL, {})
    case.validate_response(response, checks=[not_a_server_error, *DOCUMENTED])
    assert_registry_answer(response)


async def test_an_absurd_clock_advance_is_refused_not_crashed(registry: Registry) -> None:
    """Found by the fuzzing above: a huge `days` overflowed `timedelta` inside validation (a 500)."""
    for body in ({"days": 1e300}, {"seconds": 1e300}, {"days": 10**20}):
        response = await registry.client.post("/sandbox/clock/advance", json=body)
        assert response.status_code == 422, response.text
        assert_registry_answer(response)
