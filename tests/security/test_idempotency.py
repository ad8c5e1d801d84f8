"""Double taps and redelivered updates: the same step repeated at the same moment reaches the registry once.

Calls are counted on the registry port (every call the backend makes) and checked in the registry
sandbox's own database (what eHealth would hold). A `hold` parks the first call inside the registry, so
the second arrives exactly while the first is in flight — the moment a race would hurt.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from backend.models import OutboxEvent
from tests.backend.app.conftest import person
from tests.security.harness import Rig, running_rig

pytestmark = pytest.mark.asyncio(loop_scope="module")

TAPS = 5


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def rig(tmp_path_factory: pytest.TempPathFactory, security_registry_template: Path) -> AsyncIterator[Rig]:
    async with running_rig(tmp_path_factory.mktemp("idempotency"), security_registry_template) as running:
        yield running


async def _patient(rig: Rig, tg: int, slug: str = "adult_without_declaration") -> dict[str, str]:
    """Sign the person in on a fresh Telegram account; a doctor they may choose."""
    await rig.cabinet.sign_in(tg, person(slug))
    current = (await rig.api.get(f"/v1/users/{tg}/declarations")).json()["current"]
    return await rig.doctor("THERAPIST", exclude=tuple(item["doctor"]["employee_id"] for item in current))


async def test_simultaneous_taps_with_one_key_create_one_request(rig: Rig) -> None:
    tg, who = 91001, person("adult_without_declaration")
    doctor = await _patient(rig, tg)
    body = {**doctor, "client_key": "dialog-91001-confirm"}
    creates = rig.registry.calls["create_declaration_request"]

    responses = await asyncio.gather(
        *(rig.api.post(f"/v1/users/{tg}/declaration-requests", json=body) for _ in range(TAPS))
    )

    created = [response for response in responses if response.status_code == 201]
    waiting = [response for response in responses if response.status_code != 201]
    assert created, [response.text for response in responses]
    assert len({response.json()["id"] for response in created}) == 1
    assert all(response.status_code == 409 for response in waiting)
    assert {response.json()["error"]["code"] for response in waiting} <= {"request_in_progress"}
    assert rig.registry.calls["create_declaration_request"] == creates + 1
    assert [item.id for item in await rig.registry_requests(who.person_id, "NEW")] == [created[0].json()["id"]]
    await rig.api.delete(f"/v1/users/{tg}")


async def test_a_tap_while_the_first_is_at_the_registry_waits_then_gets_the_same_request(rig: Rig) -> None:
    tg, who = 91002, person("unverified_adult")
    doctor = await _patient(rig, tg, "unverified_adult")
    body = {**doctor, "client_key": "dialog-91002-confirm"}
    creates = rig.registry.calls["create_declaration_request"]
    url = f"/v1/users/{tg}/declaration-requests"

    rig.registry.hold("create_declaration_request")
    first = asyncio.create_task(rig.api.post(url, json=body))
    async with asyncio.timeout(5):
        await rig.registry.wait_for_calls("create_declaration_request", creates + 1)
    second = await rig.api.post(url, json=body)  # the first is still inside the registry call
    rig.registry.release("create_declaration_request")
    first_response = await first

    assert second.status_code == 409 and second.json()["error"]["code"] == "request_in_progress"
    assert "Зачекайте" in second.json()["error"]["message"]
    assert first_response.status_code == 201, first_response.text
    redelivered = await rig.api.post(url, json=body)  # the update comes again once the first has finished
    assert redelivered.status_code == 201 and redelivered.json()["id"] == first_response.json()["id"]
    assert rig.registry.calls["create_declaration_request"] == creates + 1
    assert len(await rig.registry_requests(who.person_id, "NEW")) == 1
    await rig.api.delete(f"/v1/users/{tg}")


async def _post_twice_while_the_first_is_inside(rig: Rig, url: str, form: dict[str, str], method: str) -> list[int]:
    """Two submits of one signing page; the first is held inside the registry until the second is answered."""
    calls = rig.registry.calls[method]
    rig.registry.hold(method)
    first = asyncio.create_task(rig.cabinet.browser.post(url, form))
    async with asyncio.timeout(5):
        await rig.registry.wait_for_calls(method, calls + 1)
    second = await rig.cabinet.browser.post(url, form)
    rig.registry.release(method)
    return [(await first).status_code, second.status_code]


async def test_a_signing_page_submitted_twice_signs_once(rig: Rig) -> None:
    tg, who = 91003, person("adult_without_declaration")
    doctor = await _patient(rig, tg)
    created = await rig.api.post(f"/v1/users/{tg}/declaration-requests", json={**doctor, "client_key": "sign-twice"})
    url = created.json()["signing_url"]
    await rig.cabinet.browser.get(url)
    signs = rig.registry.calls["sign_declaration_request"]
    form = {"key_id": who.key_id, "password": who.password}

    statuses = await _post_twice_while_the_first_is_inside(rig, url, form, "sign_declaration_request")

    assert statuses == [200, 410]
    assert rig.registry.calls["sign_declaration_request"] == signs + 1
    statuses_at_registry = {item.id: item.status for item in await rig.registry_requests(who.person_id)}
    assert statuses_at_registry[created.json()["id"]] == "SIGNED"
    active = await rig.registry_declarations(who.person_id, "active")
    assert [item.declaration_request_id for item in active] == [created.json()["id"]]
    signed_events = await rig.count(
        OutboxEvent, OutboxEvent.telegram_user_id == tg, OutboxEvent.kind == "request.signed"
    )
    assert signed_events == 1
    await rig.api.delete(f"/v1/users/{tg}")


async def test_simultaneous_submits_of_a_signing_page_sign_once(rig: Rig) -> None:
    tg, who = 91004, person("unverified_adult")
    doctor = await _patient(rig, tg, "unverified_adult")
    created = await rig.api.post(f"/v1/users/{tg}/declaration-requests", json={**doctor, "client_key": "sign-race"})
    url = created.json()["signing_url"]
    signs = rig.registry.calls["sign_declaration_request"]
    form = {"key_id": who.key_id, "password": who.password}

    pages: list[httpx.Response] = await asyncio.gather(*(rig.cabinet.browser.post(url, form) for _ in range(TAPS)))

    assert sorted(page.status_code for page in pages) == [200] + [410] * (TAPS - 1)
    assert rig.registry.calls["sign_declaration_request"] == signs + 1
    assert len(await rig.registry_declarations(who.person_id, "pending_verification")) == 1
    await rig.api.delete(f"/v1/users/{tg}")


async def test_a_data_change_submitted_twice_is_applied_once(rig: Rig) -> None:
    tg, who = 91005, person("adult_with_declaration")
    await rig.cabinet.sign_in(tg, who)
    prepared = await rig.api.post(f"/v1/users/{tg}/me/changes", json={"email": "twice@ukr.net"})
    url = prepared.json()["signing_url"]
    updates = rig.registry.calls["update_person"]
    form = {"key_id": who.key_id, "password": who.password}

    statuses = await _post_twice_while_the_first_is_inside(rig, url, form, "update_person")

    assert statuses == [200, 410]
    assert rig.registry.calls["update_person"] == updates + 1
    assert (await rig.api.get(f"/v1/users/{tg}/me")).json()["email"] == "twice@ukr.net"
    updated_events = await rig.count(
        OutboxEvent, OutboxEvent.telegram_user_id == tg, OutboxEvent.kind == "person.updated"
    )
    assert updated_events == 1
    await rig.api.delete(f"/v1/users/{tg}")
