"""Hostile text in every text field of the bot's API: the answer is never a 5xx, and a refusal names the
field and says in Ukrainian what is wrong.

The fields are found by walking the OpenAPI schema (every string in every JSON body, every string query
parameter), so a new field is fuzzed without anyone listing it. Each body starts valid, and exactly one
field is replaced by what a person might paste into a chat: any unicode, emoji, 4096 characters, markup,
control characters, SQL. The domain validators themselves are fuzzed in tests/domain; this is the whole
HTTP path around them (pydantic models, error handlers, the registry call behind a valid-looking value).
"""

from __future__ import annotations

import copy
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.app import create_app
from backend.config import BackendSettings
from tests.backend.app.conftest import person
from tests.backend.app.scripted_record import ScriptedRecord
from tests.domain.strategies import NASTY_SAMPLES, any_text
from tests.security.harness import FAST_TIMEOUTS, Rig, running_rig

pytestmark = pytest.mark.asyncio(loop_scope="module")

CYRILLIC = re.compile(r"[А-Яа-яІіЇїЄєҐґ]")
PATIENT_TG = 94001
SCHEMA = create_app(BackendSettings(_env_file=None)).openapi()

hostile_text = st.one_of(
    any_text,
    st.sampled_from(
        (
            *NASTY_SAMPLES,
            "<b>Олена</b><img src=x onerror=alert(1)>",
            "' OR '1'='1' --",
            "1; DELETE FROM person_links; --",
            '{"$where": "1"}',
            "../../../etc/passwd",
            "%00%2e%2e%2f",
            "Ім’я\u0000з\u0007керуванням",
            "👨‍👩‍👧‍👦" * 600,
            "ї" * 4096,
            "a" * 4097,
        )
    ),
    st.text(min_size=4096, max_size=4096, alphabet=st.characters(codec="utf-8")),
)


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = SCHEMA["components"]["schemas"][name]
    return schema


def _text_leaves(schema: dict[str, Any], path: str) -> Iterator[str]:
    """JSON paths (`phones[0].number`) of every string the schema allows, one list item deep."""
    schema = _resolve(schema)
    for option in schema.get("anyOf", []):
        yield from _text_leaves(option, path)
    if schema.get("type") == "string":
        yield path
    elif schema.get("type") == "array":
        yield from _text_leaves(schema.get("items", {}), f"{path}[0]")
    elif schema.get("type") == "object" or "properties" in schema:
        for name, field in schema.get("properties", {}).items():
            yield from _text_leaves(field, f"{path}.{name}" if path else name)


@dataclass(frozen=True)
class Target:
    method: str
    path: str
    field: str
    where: str  # body | query

    @property
    def label(self) -> str:
        return f"{self.method} {self.path} {self.where}:{self.field}"


def _targets() -> list[Target]:
    found: list[Target] = []
    for path, methods in SCHEMA["paths"].items():
        if not path.startswith("/v1/"):
            continue
        for method, spec in methods.items():
            body = spec.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body is not None:
                fields = sorted(set(_text_leaves(body, "")))
                found += [Target(method.upper(), path, field, "body") for field in fields]
            for parameter in spec.get("parameters", []):
                if parameter["in"] == "query" and any(True for _ in _text_leaves(parameter["schema"], "")):
                    found.append(Target(method.upper(), path, parameter["name"], "query"))
    return found


TARGETS = _targets()

PHONE = {"type": "MOBILE", "number": "+380671234567"}
VALID_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("PUT", "/v1/users/{telegram_user_id}"): {"chat_id": 1, "language": "uk"},
    ("POST", "/v1/users/{telegram_user_id}/consent"): {"version": "2026-02-01"},
    ("POST", "/v1/users/{telegram_user_id}/phone"): {"phone_number": "+380671234567"},
    ("POST", "/v1/users/{telegram_user_id}/auth/start"): {"sign_up": False},
    ("PATCH", "/v1/users/{telegram_user_id}/settings"): {"language": "uk"},
    ("POST", "/v1/users/{telegram_user_id}/me/changes"): {
        "email": "olena@ukr.net",
        "secret": "Калина",
        "preferred_way_communication": "email",
        "phones": [PHONE],
        "addresses": [
            {
                "type": "RESIDENCE",
                "country": "UA",
                "area": "м. Київ",
                "region": "Київ",
                "settlement": "Київ",
                "settlement_type": "CITY",
                "settlement_id": "6b3f2a1e-0c4d-4e5f-8a9b-1c2d3e4f5a6b",
                "street_type": "STREET",
                "street": "Хрещатик",
                "building": "1",
                "apartment": "2",
                "zip": "01001",
            }
        ],
        "documents": [
            {"type": "PASSPORT", "number": "КА123456", "issued_by": "Печерський РВ", "issued_at": "2010-05-01"}
        ],
        "emergency_contact": {
            "first_name": "Марія",
            "last_name": "Шевчук",
            "second_name": "Іванівна",
            "phones": [PHONE],
        },
        "authentication_methods": [{"type": "OTP", "phone_number": "+380671234567"}],
    },
    ("POST", "/v1/users/{telegram_user_id}/declarations/{declaration_id}/terminate"): {"reason": "Переїзд"},
    ("POST", "/v1/users/{telegram_user_id}/declaration-requests/precheck"): {"employee_id": "e", "division_id": "d"},
    ("POST", "/v1/users/{telegram_user_id}/declaration-requests"): {
        "employee_id": "e",
        "division_id": "d",
        "client_key": "hostile-1",
    },
    ("POST", "/v1/events/claim"): {"worker_id": "hostile", "limit": 1, "lease_seconds": 1},
}
VALID_QUERIES: dict[tuple[str, str], dict[str, str]] = {("GET", "/v1/settlements"): {"prefix": "Ки"}}


def _set(body: Any, field: str, value: str) -> None:
    parts = [int(part) if part.isdigit() else part for part in re.findall(r"[^.\[\]]+", field)]
    for part in parts[:-1]:
        body = body[part]
    body[parts[-1]] = value


def _field_named(reported: str, fuzzed: str) -> bool:
    """The refusal points at the fuzzed field (or at the list or object holding it)."""
    return fuzzed == reported or fuzzed.startswith(reported + ".") or fuzzed.startswith(reported + "[")


@dataclass
class Patient:
    rig: Rig
    declaration_id: str
    doctor: dict[str, str]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def patient(tmp_path_factory: pytest.TempPathFactory, security_registry_template: Path) -> AsyncIterator[Patient]:
    # The medical record's summary calls are scripted in front of the sandbox (an empty record).
    async with running_rig(
        tmp_path_factory.mktemp("hostile"), security_registry_template, ehealth=FAST_TIMEOUTS, in_front=ScriptedRecord
    ) as rig:
        await rig.cabinet.sign_in(PATIENT_TG, person("adult_with_declaration"))
        current = (await rig.api.get(f"/v1/users/{PATIENT_TG}/declarations")).json()["current"][0]
        doctor = await rig.doctor("THERAPIST", exclude=(current["doctor"]["employee_id"],))
        yield Patient(rig, current["id"], doctor)


@pytest.mark.parametrize("target", TARGETS, ids=[target.label for target in TARGETS])
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=hostile_text)
async def test_hostile_text_is_refused_plainly_or_taken(patient: Patient, target: Target, text: str) -> None:
    key = (target.method, target.path)
    body = copy.deepcopy(VALID_BODIES.get(key, {}))
    if "employee_id" in body:
        body |= patient.doctor
    query = dict(VALID_QUERIES.get(key, {}))
    if target.where == "body":
        _set(body, target.field, text)
    else:
        query[target.field] = text
    path = target.path.format(telegram_user_id=PATIENT_TG, declaration_id=patient.declaration_id)

    response = await patient.rig.api.request(
        target.method, path, json=body if target.method != "GET" else None, params=query
    )

    assert response.status_code < 500 or response.json()["error"]["code"] == "registry_unavailable", response.text
    if response.status_code >= 400:
        error = response.json()["error"]
        assert CYRILLIC.search(error["message"]), error
    if response.status_code == 422:
        fields = response.json()["error"].get("fields") or []
        assert fields, response.text
        assert all(CYRILLIC.search(field["message"]) for field in fields), fields
        assert any(_field_named(field["field"], target.field) for field in fields), (target.field, fields)
    if target.path.endswith("/declaration-requests") and response.status_code == 201:
        await patient.rig.api.post(f"{path}/{response.json()['id']}/cancel")
