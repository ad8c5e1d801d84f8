"""Nobody sees or touches another person's data: every operation of the bot's API (enumerated from the
OpenAPI schema, so a new endpoint joins these tests by itself) is tried without the service token, for
users who are not signed in, and for one patient with another patient's object ids.

The bot is the only client of `/v1` and names the Telegram user it acts for; the backend's duty is that a
call for user B can only ever reach B's own person, whatever ids it carries.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import pytest_asyncio

from backend.app import create_app
from backend.config import BackendSettings
from backend.models import AuthState, PersonLink
from backend.security import new_secret
from tests.backend.app.conftest import person
from tests.backend.app.scripted_record import (
    ScriptedRecord,
    allergy,
    condition,
    diagnostic_report,
    encounter,
    immunization,
    observation,
    referral,
)
from tests.security.harness import Rig, running_rig
from tests.security.personal_data import leaks, personal_data_of

pytestmark = pytest.mark.asyncio(loop_scope="module")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    has_body: bool

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def object_params(self) -> list[str]:
        return [name for name in re.findall(r"{(\w+)}", self.path) if name != "telegram_user_id"]

    @property
    def per_user(self) -> bool:
        return "{telegram_user_id}" in self.path


def _bot_operations() -> list[Operation]:
    schema = create_app(BackendSettings(_env_file=None)).openapi()
    return [
        Operation(method.upper(), path, "requestBody" in spec)
        for path, methods in schema["paths"].items()
        if path.startswith("/v1/")
        for method, spec in methods.items()
    ]


OPERATIONS = _bot_operations()
PER_USER = [operation for operation in OPERATIONS if operation.per_user]
WITH_OBJECT_IDS = [operation for operation in PER_USER if operation.object_params]
ACCOUNT_CREATING = {"PUT /v1/users/{telegram_user_id}", "DELETE /v1/users/{telegram_user_id}"}
# Public directory data: not anybody's personal data, so their ids are not owned by a patient.
PUBLIC_PARAMS = {"employee_id"}

OWNER, OWNER_TG = person("adult_with_accesses"), 81001
OTHER, OTHER_TG = person("adult_with_declaration"), 81002
UNLINKED_TG, UNKNOWN_TG = 81003, 81004
OWNERS_RECORD_ITEM = "0e7e4ec0-0000-4000-8000-000000000001"
CREDENTIALS = {
    "missing": {},
    "wrong": {"Authorization": "Bearer not-the-service-token"},
    "basic": {"Authorization": "Basic dGVzdDp0ZXN0"},
    "empty": {"Authorization": "Bearer "},
    "prefix": {"Authorization": "Bearer test-service-tok"},
}


@dataclass
class World:
    rig: Rig
    owned: dict[str, str]  # path parameter → an id of the owner's object
    owner_secrets: dict[str, str]
    doctor: dict[str, str]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(tmp_path_factory: pytest.TempPathFactory, security_registry_template: Path) -> AsyncIterator[World]:
    scripted: list[ScriptedRecord] = []

    def record_in_front(sandbox: httpx.AsyncBaseTransport) -> ScriptedRecord:
        scripted.append(ScriptedRecord(sandbox))
        return scripted[0]

    directory = tmp_path_factory.mktemp("access")
    async with running_rig(directory, security_registry_template, in_front=record_in_front) as rig:
        # The owner's medical record and referrals (the summary calls scripted in front of the sandbox): one
        # item of each kind, all with one id, so that `{item_id}` names an object of the owner's in every section.
        for kind, item in (
            ("conditions", condition(1)),
            ("observations", observation(1)),
            ("diagnostic_reports", diagnostic_report(1)),
            ("immunizations", immunization(1)),
            ("allergy_intolerances", allergy(1)),
            ("encounters", encounter(1)),
            ("service_requests", referral(1)),
        ):
            scripted[0].give(OWNER.person_id, kind, item | {"id": OWNERS_RECORD_ITEM})
        await rig.cabinet.sign_in(OWNER_TG, OWNER)
        await rig.cabinet.sign_in(OTHER_TG, OTHER)
        await rig.cabinet.start(UNLINKED_TG)
        doctor = await rig.doctor("THERAPIST")
        created = await rig.api.post(
            f"/v1/users/{OWNER_TG}/declaration-requests", json={**doctor, "client_key": "owners-request"}
        )
        assert created.status_code == 201, created.text
        declarations = (await rig.api.get(f"/v1/users/{OWNER_TG}/declarations")).json()["items"]
        accesses = (await rig.api.get(f"/v1/users/{OWNER_TG}/accesses")).json()
        prescriptions = (await rig.api.get(f"/v1/users/{OWNER_TG}/prescriptions", params={"status": "past"})).json()
        owned = {
            "declaration_id": declarations[0]["id"],
            "request_id": created.json()["id"],
            "access_id": accesses[0]["id"],
            "prescription_id": prescriptions["items"][0]["id"],
            "item_id": OWNERS_RECORD_ITEM,
        }
        secrets = await personal_data_of(rig.registry_app.state.sessionmaker, OWNER.person_id)
        secrets |= {f"owner's {name}": value for name, value in owned.items()}
        secrets["owner's referral number"] = referral(1)["requisition"]
        yield World(rig, owned, secrets, doctor)


def _body(operation: Operation, world: World) -> dict[str, Any] | None:
    """A valid body for each operation that takes one: the call must get past validation to the guard
    under test. A new operation with a body fails here until it is given one."""
    if not operation.has_body:
        return None
    version = world.rig.services.settings.consent_version
    bodies: dict[str, dict[str, Any]] = {
        "PUT /v1/users/{telegram_user_id}": {"chat_id": 1, "language": "uk"},
        "POST /v1/users/{telegram_user_id}/consent": {"version": version},
        "POST /v1/users/{telegram_user_id}/phone": {"phone_number": "+380671112233"},
        "POST /v1/users/{telegram_user_id}/auth/start": {"sign_up": False},
        "PATCH /v1/users/{telegram_user_id}/settings": {"language": "uk"},
        "POST /v1/users/{telegram_user_id}/me/changes": {"email": "someone.else@ukr.net"},
        "POST /v1/users/{telegram_user_id}/declarations/{declaration_id}/terminate": {"reason": "Переїзд"},
        "POST /v1/users/{telegram_user_id}/declaration-requests/precheck": world.doctor,
        "POST /v1/users/{telegram_user_id}/declaration-requests": {**world.doctor, "client_key": "other-key"},
        "POST /v1/events/claim": {"worker_id": "access-test", "limit": 1, "lease_seconds": 1},
        "POST /v1/events/ack": {"ids": [1]},
    }
    if operation.label not in bodies:
        pytest.fail(f"{operation.label} is new: give it a valid body in {__name__}._body")
    return bodies[operation.label]


def _path(operation: Operation, world: World, telegram_user_id: int) -> str:
    values: dict[str, str | int] = {"telegram_user_id": telegram_user_id}
    for name in operation.object_params:
        if name in PUBLIC_PARAMS:
            values[name] = world.doctor["employee_id"]
        elif name in world.owned:
            values[name] = world.owned[name]
        else:
            pytest.fail(f"{operation.label}: whose object is {{{name}}}? Add the owner's id to the world fixture")
    return operation.path.format(**values)


async def _call(client: httpx.AsyncClient, operation: Operation, world: World, telegram_user_id: int) -> httpx.Response:
    return await client.request(
        operation.method, _path(operation, world, telegram_user_id), json=_body(operation, world)
    )


@pytest_asyncio.fixture(autouse=True, loop_scope="module")
async def everyone_signed_in(world: World) -> None:
    """Some operations sign the other user out or erase them (that is theirs to do): restore before each test."""
    await world.rig.cabinet.start(UNLINKED_TG)
    for tg, who in ((OWNER_TG, OWNER), (OTHER_TG, OTHER)):
        if not (await world.rig.api.get(f"/v1/users/{tg}")).json().get("linked"):
            await world.rig.cabinet.sign_in(tg, who)


@pytest.mark.parametrize("operation", OPERATIONS, ids=[operation.label for operation in OPERATIONS])
async def test_without_the_service_token_nothing_happens(world: World, operation: Operation) -> None:
    rig = world.rig
    before_rows, before_calls = await rig.backend_rows(), rig.registry.calls.copy()
    for name, headers in CREDENTIALS.items():
        async with rig.anonymous(headers) as client:
            response = await _call(client, operation, world, OWNER_TG)
        assert response.status_code == 401, (name, response.text)
        assert response.json()["error"]["code"] == "unauthorized"
        assert response.headers["www-authenticate"] == "Bearer"
    assert rig.registry.calls == before_calls
    assert await rig.backend_rows() == before_rows


@pytest.mark.parametrize("operation", WITH_OBJECT_IDS, ids=[operation.label for operation in WITH_OBJECT_IDS])
async def test_another_persons_object_is_not_found(world: World, operation: Operation) -> None:
    response = await _call(world.rig.api, operation, world, OTHER_TG)
    assert response.status_code == 404, response.text
    assert response.json()["error"]["code"] == "not_found"
    assert leaks(response.text, world.owner_secrets) == []


async def test_the_owners_objects_are_untouched_by_the_attempts(world: World) -> None:
    for operation in WITH_OBJECT_IDS:
        await _call(world.rig.api, operation, world, OTHER_TG)
    rig, owned = world.rig, world.owned
    request = await rig.api.get(f"/v1/users/{OWNER_TG}/declaration-requests/{owned['request_id']}")
    assert request.json()["status"] == "NEW"
    assert owned["access_id"] in {item["id"] for item in (await rig.api.get(f"/v1/users/{OWNER_TG}/accesses")).json()}
    declaration = await rig.api.get(f"/v1/users/{OWNER_TG}/declarations/{owned['declaration_id']}")
    assert declaration.status_code == 200


@pytest.mark.parametrize("operation", PER_USER, ids=[operation.label for operation in PER_USER])
async def test_a_call_for_one_user_never_shows_another_persons_data(world: World, operation: Operation) -> None:
    response = await _call(world.rig.api, operation, world, OTHER_TG)
    assert response.status_code < 500, response.text
    assert leaks(response.text, world.owner_secrets) == []


@pytest.mark.parametrize("telegram_user_id", [UNLINKED_TG, UNKNOWN_TG], ids=["unlinked", "unknown"])
@pytest.mark.parametrize("operation", PER_USER, ids=[operation.label for operation in PER_USER])
async def test_without_a_linked_person_no_registry_call_is_made(
    world: World, operation: Operation, telegram_user_id: int
) -> None:
    rig = world.rig
    before = rig.registry.calls.copy()
    response = await _call(rig.api, operation, world, telegram_user_id)
    assert response.status_code < 500, response.text
    assert rig.registry.calls == before, f"{operation.label} called the registry for a user with no person"
    if telegram_user_id == UNKNOWN_TG and operation.label not in ACCOUNT_CREATING:
        assert response.status_code == 409 and response.json()["error"]["code"] == "not_linked"
    if telegram_user_id == UNKNOWN_TG and operation.method == "PUT":
        await rig.api.delete(f"/v1/users/{UNKNOWN_TG}")  # stays unknown for the next operation
    assert leaks(response.text, world.owner_secrets) == []


# --- Sign-in: states and codes -------------------------------------------------------------------------


async def test_a_forged_state_reaches_neither_the_registry_nor_a_link(world: World) -> None:
    rig = world.rig
    before = rig.registry.calls.copy()
    for url in (f"/auth/start?state={new_secret()}", f"/auth/callback?state={new_secret()}&code=abc"):
        page = await rig.cabinet.browser.get(url)
        assert page.status_code == 400
        assert "Посилання для входу недійсне" in page.text
    assert rig.registry.calls == before


async def test_two_racing_callbacks_with_one_state_link_once(world: World) -> None:
    rig = world.rig
    tg = 81010
    await rig.cabinet.start(tg)
    callback = await rig.cabinet.registry_callback(await rig.cabinet.sign_in_link(tg), person("unverified_adult"))
    exchanges = rig.registry.calls["exchange_code"]
    rig.registry.hold("exchange_code")
    racing = asyncio.gather(rig.cabinet.browser.get(callback), rig.cabinet.browser.get(callback))
    # The winner spent the state and committed before it asked for the code's exchange.
    async with asyncio.timeout(5):
        await rig.registry.wait_for_calls("exchange_code", exchanges + 1)
    rig.registry.release("exchange_code")
    pages = sorted(await racing, key=lambda page: page.status_code)
    assert [page.status_code for page in pages] == [200, 400]
    assert "вже використано" in pages[1].text
    assert rig.registry.calls["exchange_code"] == exchanges + 1
    assert await rig.count(PersonLink, PersonLink.telegram_user_id == tg) == 1
    await rig.api.delete(f"/v1/users/{tg}")


async def test_an_erased_accounts_sign_in_link_links_nobody(world: World) -> None:
    rig = world.rig
    tg = 81011
    await rig.cabinet.start(tg)
    link = await rig.cabinet.sign_in_link(tg)
    callback = await rig.cabinet.registry_callback(link, person("unverified_adult"))
    assert (await rig.api.delete(f"/v1/users/{tg}")).status_code == 204
    assert await rig.count(AuthState, AuthState.telegram_user_id == tg) == 0
    page = await rig.cabinet.browser.get(callback)
    assert page.status_code == 400
    assert await rig.count(PersonLink, PersonLink.person_id == person("unverified_adult").person_id) == 0


async def test_a_reused_code_links_nobody_and_ends_the_session_it_made(world: World) -> None:
    """An authorization code seen twice was leaked: the second use links nothing, and the registry revokes
    the session the first use made, so whoever holds it loses it (RFC 6749 §4.1.2)."""
    rig = world.rig
    victim, attacker = 81012, 81013
    who = person("adult_without_declaration")
    await rig.cabinet.start(victim)
    callback = await rig.cabinet.registry_callback(await rig.cabinet.sign_in_link(victim), who)
    assert (await rig.cabinet.browser.get(callback)).status_code == 200
    code = parse_qs(urlsplit(callback).query)["code"][0]

    await rig.cabinet.start(attacker)
    fresh = parse_qs(urlsplit(await rig.cabinet.sign_in_link(attacker)).query)["state"][0]
    page = await rig.cabinet.browser.get(f"/auth/callback?state={fresh}&code={code}")
    assert page.status_code in (400, 502)
    assert "Не вдалося завершити вхід" in page.text
    assert (await rig.api.get(f"/v1/users/{attacker}")).json()["linked"] is False
    # The registry ended the session on its own; the backend learns it at its next registry call, which a read kept
    # for the session (at most BACKEND_SESSION_CACHE_TTL old) would defer: this read asks the registry.
    rig.services.session_cache.clear()
    after = await rig.api.get(f"/v1/users/{victim}/me")
    assert after.status_code == 401 and after.json()["error"]["code"] == "auth_required"
    for tg in (victim, attacker):
        await rig.api.delete(f"/v1/users/{tg}")


async def test_sign_in_pages_keep_the_code_out_of_caches_and_referrers(world: World) -> None:
    rig = world.rig
    tg = 81014
    await rig.cabinet.start(tg)
    link = await rig.cabinet.sign_in_link(tg)
    redirect = await rig.cabinet.browser.get(link)
    callback = await rig.cabinet.registry_callback(link, person("adult_without_declaration"))
    page = await rig.cabinet.browser.get(callback)
    for response in (redirect, page):
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["referrer-policy"] == "no-referrer"
    assert page.headers["x-frame-options"] == "DENY"
    await rig.api.delete(f"/v1/users/{tg}")


async def test_sign_in_links_are_limited_per_user(world: World) -> None:
    rig = world.rig
    tg = 81015
    await rig.cabinet.start(tg)
    answers = [await rig.api.post(f"/v1/users/{tg}/auth/start", json={"sign_up": False}) for _ in range(30)]
    statuses = [answer.status_code for answer in answers]
    assert 429 in statuses
    assert await rig.count(AuthState, AuthState.telegram_user_id == tg) <= 20
    refused = answers[statuses.index(429)]
    assert refused.json()["error"]["code"] == "too_many_requests"
    assert 0 < int(refused.headers["retry-after"]) <= rig.services.settings.sign_in_links_window

    window = rig.services.settings.sign_in_links_window
    rig.services.clock.advance(window + 1)
    try:
        later = await rig.api.post(f"/v1/users/{tg}/auth/start", json={"sign_up": False})
    finally:
        rig.services.clock.advance(-(window + 1))
    assert later.status_code == 200, later.text
    await rig.api.delete(f"/v1/users/{tg}")


# --- Signing links ---------------------------------------------------------------------------------------


async def test_an_expired_or_forged_signing_link_never_reaches_the_registry(world: World) -> None:
    rig = world.rig
    tg = 81020
    who = person("adult_without_declaration")
    await rig.cabinet.sign_in(tg, who)
    created = await rig.api.post(
        f"/v1/users/{tg}/declaration-requests", json={**world.doctor, "client_key": "expiring"}
    )
    url = created.json()["signing_url"]
    rig.services.clock.advance(rig.services.settings.signing_link_ttl + 1)
    try:
        before = rig.registry.calls["sign_declaration_request"]
        expired_page = await rig.cabinet.browser.get(url)
        expired_post = await rig.cabinet.browser.post(url, {"key_id": who.key_id, "password": who.password})
        forged = await rig.cabinet.browser.post(
            f"/sign/{new_secret()}", {"key_id": who.key_id, "password": who.password}
        )
    finally:
        rig.services.clock.advance(-(rig.services.settings.signing_link_ttl + 1))
    assert expired_page.status_code == expired_post.status_code == 410
    assert "минув" in expired_post.text
    assert forged.status_code == 404
    assert rig.registry.calls["sign_declaration_request"] == before
    await rig.api.delete(f"/v1/users/{tg}")


async def test_a_signing_link_cannot_change_another_persons_data(world: World) -> None:
    """The Telegram account prepared a change as one person, then signed in as another: the old link, signed
    with the new person's key, changes neither person."""
    rig = world.rig
    tg = 81021
    first, second = person("adult_without_declaration"), person("unverified_adult")
    await rig.cabinet.sign_in(tg, first)
    url = (await rig.api.post(f"/v1/users/{tg}/me/changes", json={"email": "moved@ukr.net"})).json()["signing_url"]
    await rig.api.post(f"/v1/users/{tg}/sign-out")
    await rig.cabinet.sign_in(tg, second)
    page = await rig.cabinet.browser.post(url, {"key_id": second.key_id, "password": second.password})
    assert page.status_code != 200
    assert (await rig.api.get(f"/v1/users/{tg}/me")).json()["email"] != "moved@ukr.net"
    await rig.api.post(f"/v1/users/{tg}/sign-out")
    await rig.cabinet.sign_in(tg, first)
    assert (await rig.api.get(f"/v1/users/{tg}/me")).json()["email"] != "moved@ukr.net"
    await rig.api.delete(f"/v1/users/{tg}")
