"""Property-based conformance of the whole API to its OpenAPI schema (schemathesis, bounded).

Cases are generated from the schema and sent by the bot's client; telegram ids are drawn from a linked
patient, an account without a link and random ids, so the calls reach the registry as well as the
guards. Every answer must be a documented status with a documented body, and never a 5xx.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.schemas import APIOperation

from backend.app import create_app
from backend.config import BackendSettings
from tests.backend.app.conftest import BACKEND_URL, SERVICE_TOKEN, Cabinet, person, running_cabinet
from tests.backend.app.scripted_record import (
    ScriptedRecord,
    allergy,
    condition,
    diagnosis,
    diagnostic_report,
    encounter,
    episode,
    immunization,
    observation,
    procedure,
    referral,
)

SCHEMA = schemathesis.openapi.from_dict(create_app(BackendSettings(_env_file=None)).openapi())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
LINKED, UNLINKED = 424242, 535353
ERASE, SIGN_OUT = "DELETE /v1/users/{telegram_user_id}", "POST /v1/users/{telegram_user_id}/sign-out"
# The directory may legitimately answer 503 while it loads; we load it, so only the registry's
# outage (not simulated here) could produce a 503.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def scripted_record(sandbox: httpx.AsyncBaseTransport) -> ScriptedRecord:
    """The linked patient's medical record and referrals, scripted in front of the sandbox."""
    record = ScriptedRecord(sandbox)
    linked = person("adult_with_declaration").person_id
    for kind, item in (
        ("diagnoses", diagnosis(1)),
        ("conditions", condition(1)),
        ("observations", observation(1)),
        ("diagnostic_reports", diagnostic_report(1)),
        ("immunizations", immunization(1)),
        ("allergy_intolerances", allergy(1)),
        ("encounters", encounter(1)),
        ("episodes", episode(1)),
        ("procedures", procedure(1)),
        ("service_requests", referral(1)),
    ):
        record.give(linked, kind, item)
    return record


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def prepared(
    tmp_path_factory: pytest.TempPathFactory, registry_template: Path, module_database_url: str
) -> AsyncIterator[Cabinet]:
    """One stack for the whole module (on each database): setting it up per operation would dominate the run."""
    directory = tmp_path_factory.mktemp("conformance")
    async with running_cabinet(directory, registry_template, module_database_url, in_front=scripted_record) as cabinet:
        await cabinet.load_directory()
        await cabinet.sign_in(LINKED, person("adult_with_declaration"))
        await cabinet.start(UNLINKED)
        yield cabinet


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("operation", OPERATIONS, ids=[operation.label for operation in OPERATIONS])
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
async def test_every_operation_conforms(prepared: Cabinet, operation: APIOperation, data: st.DataObject) -> None:
    case = data.draw(operation.as_strategy())
    if case.path_parameters and "telegram_user_id" in case.path_parameters:
        # Erasing or signing out the prepared users would leave every later operation with "not linked".
        users = [case.path_parameters["telegram_user_id"]]
        if operation.label != ERASE:
            users.append(UNLINKED)
            if operation.label != SIGN_OUT:
                users.append(LINKED)
        case.path_parameters["telegram_user_id"] = data.draw(st.sampled_from(users))
    kwargs = case.as_transport_kwargs(base_url=BACKEND_URL, headers={"Authorization": f"Bearer {SERVICE_TOKEN}"})
    response = await prepared.api.request(
        kwargs["method"],
        kwargs["url"],
        params=kwargs.get("params"),
        headers=kwargs.get("headers"),
        json=kwargs.get("json"),
        content=kwargs.get("content"),
    )
    case.validate_response(response, checks=CHECKS)
