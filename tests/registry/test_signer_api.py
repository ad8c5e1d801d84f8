"""The sandbox key store over HTTP: `GET /sandbox/signer/keys`, `POST /sandbox/signer/sign`."""

from __future__ import annotations

import base64

import httpx
import pytest

from sandbox.registry.auth.attempts import PasswordAttemptSettings
from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.models import Person, SandboxKey
from sandbox.registry.seed import TEST_PERSONS
from sandbox.signer import verify
from tests.registry.conftest import REDIRECT_URI
from tests.registry.conftest import test_person as person_of

ADULT = "adult_with_declaration"


def _sign_body(slug: str = ADULT, *, data: bytes = b"document", **overrides: str) -> dict[str, str]:
    person = person_of(slug)
    body = {"key_id": person.key_id, "password": person.password, "data_base64": base64.b64encode(data).decode()}
    body.update(overrides)
    return body


async def test_keys_lists_every_test_persons_key(registry: httpx.AsyncClient) -> None:
    response = await registry.get("/sandbox/signer/keys")

    assert response.status_code == 200
    keys = response.json()["data"]
    assert {person.key_id for person in TEST_PERSONS} <= {key["key_id"] for key in keys}
    assert all(set(key) == {"key_id", "label"} and key["label"] for key in keys)


async def test_sign_returns_a_signature_of_exactly_the_data_by_the_keys_holder(registry: httpx.AsyncClient) -> None:
    person = person_of(ADULT)
    data = "Декларація №0000-12H4-245D".encode()

    response = await registry.post("/sandbox/signer/sign", json=_sign_body(data=data))

    assert response.status_code == 200
    signed_content = response.json()["data"]["signed_content"]
    async with registry.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        key = await session.get(SandboxKey, person.key_id)
        holder = await session.get(Person, person.person_id)
    assert key is not None and holder is not None
    verified = verify(signed_content, key.public_key)
    assert verified.data == data
    assert verified.signer.key_id == person.key_id
    assert verified.signer.tax_id == holder.tax_id
    assert (verified.signer.first_name, verified.signer.last_name) == (person.first_name, person.last_name)


@pytest.mark.parametrize(
    ("overrides", "entry"),
    [
        ({"password": "wrong"}, "$.password"),
        ({"key_id": "no-such-key"}, "$.key_id"),
        ({"data_base64": "not base64!"}, "$.data_base64"),
        ({"data_base64": ""}, "$.data_base64"),
        ({"password": ""}, "$.password"),
    ],
)
async def test_bad_sign_request_names_the_field(
    registry: httpx.AsyncClient, overrides: dict[str, str], entry: str
) -> None:
    response = await registry.post("/sandbox/signer/sign", json=_sign_body(**overrides))

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["type"] == "validation_failed"
    assert [item["entry"] for item in error["invalid"]] == [entry]


async def test_wrong_password_is_explained_in_ukrainian(registry: httpx.AsyncClient) -> None:
    response = await registry.post("/sandbox/signer/sign", json=_sign_body(password="wrong"))

    description = response.json()["error"]["invalid"][0]["rules"][0]["description"]
    assert "Пароль не підходить" in description


async def test_wrong_passwords_lock_the_key_for_signing_and_signing_in_alike(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    person = person_of(ADULT)
    limits = PasswordAttemptSettings()
    for _ in range(limits.max_failures):
        assert (await registry.post("/sandbox/signer/sign", json=_sign_body(password="wrong"))).status_code == 422

    locked = await registry.post("/sandbox/signer/sign", json=_sign_body())
    assert locked.status_code == 429
    assert "Забагато невдалих спроб" in locked.json()["error"]["message"]
    form = {
        "client_id": registry_settings.pis_client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": "person:sign_in",
        "state": "s",
        "key_id": person.key_id,
        "password": person.password,
    }
    assert (await registry.post("/sign-in", data=form)).status_code == 429

    advanced = await registry.post("/sandbox/clock/advance", json={"seconds": limits.window_seconds})
    assert advanced.status_code == 200
    assert (await registry.post("/sandbox/signer/sign", json=_sign_body())).status_code == 200


@pytest.mark.parametrize("body", [None, {}, {"key_id": "x"}, [], {"key_id": 1, "password": 2, "data_base64": 3}])
async def test_nonsense_body_is_a_validation_error(registry: httpx.AsyncClient, body: object) -> None:
    response = await registry.post("/sandbox/signer/sign", json=body)

    assert response.status_code == 422
    assert response.json()["error"]["type"] == "validation_failed"
