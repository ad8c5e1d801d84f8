"""The registry fails; the cabinet keeps working, answers fast and plainly, and writes nothing by halves.

The adapter's own retry and circuit rules are tested in tests/backend/registry; here the faults are
injected under the real adapter (on its HTTP transport) and the *backend's* answers are checked: the
bot-facing API says `registry_unavailable` (503) with a Ukrainian message within the time budget, and
neither the backend's database nor the registry holds a half-done change afterwards.
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from sqlalchemy import update

from backend.models import DeclarationRequestKey, OutboxEvent, PersonLink, SigningSession
from tests.backend.app.conftest import person
from tests.security.faults import Fault, path_ends_with, writes_only
from tests.security.harness import ANSWER_BUDGET_S, FAST_TIMEOUTS, Rig, running_rig

pytestmark = pytest.mark.asyncio(loop_scope="module")

PATIENT, PATIENT_TG = person("adult_with_declaration"), 71001
CYRILLIC = re.compile(r"[А-Яа-яІіЇїЄєҐґ]")
OUTAGES = [fault for fault in Fault if fault is not Fault.ANSWER_LOST]


@dataclass
class Prepared:
    rig: Rig
    declaration_id: str
    access_id: str
    doctor: dict[str, str]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def prepared(
    tmp_path_factory: pytest.TempPathFactory, security_registry_template: Path
) -> AsyncIterator[Prepared]:
    directory = tmp_path_factory.mktemp("faults")
    async with running_rig(directory, security_registry_template, ehealth=FAST_TIMEOUTS) as rig:
        await rig.cabinet.sign_in(PATIENT_TG, PATIENT)
        declarations = (await rig.api.get(f"/v1/users/{PATIENT_TG}/declarations")).json()
        current = declarations["current"][0]
        doctor = await rig.doctor("THERAPIST", exclude=(current["doctor"]["employee_id"],))
        access = (await rig.api.get(f"/v1/users/{PATIENT_TG}/accesses")).json()[0]
        yield Prepared(rig, current["id"], access["id"], doctor)


@pytest.fixture(autouse=True)
def no_fault_left_behind(prepared: Prepared) -> None:
    prepared.rig.faults.clear()
    # Each call asks the registry: a read kept for the session is answered without it, outage or not
    # (tests/backend/app/test_session_cache.py).
    prepared.rig.services.session_cache.clear()


def _calls(prepared: Prepared, key: str) -> dict[str, tuple[str, str, dict[str, Any] | None]]:
    """The bot's calls that reach the registry: reads, and writes that change data at the registry."""
    users = f"/v1/users/{PATIENT_TG}"
    doctor = prepared.doctor
    return {
        "me": ("GET", f"{users}/me", None),
        "declarations": ("GET", f"{users}/declarations", None),
        "declaration": ("GET", f"{users}/declarations/{prepared.declaration_id}", None),
        "requests": ("GET", f"{users}/declaration-requests", None),
        "accesses": ("GET", f"{users}/accesses", None),
        "precheck": ("POST", f"{users}/declaration-requests/precheck", doctor),
        "prepare change": ("POST", f"{users}/me/changes", {"email": "new.address@ukr.net"}),
        "create request": ("POST", f"{users}/declaration-requests", {**doctor, "client_key": key}),
        "terminate": (
            "POST",
            f"{users}/declarations/{prepared.declaration_id}/terminate",
            {"reason": "Переїжджаю до іншого міста"},
        ),
        "revoke access": ("DELETE", f"{users}/accesses/{prepared.access_id}", None),
    }


CALLS = [
    "me",
    "declarations",
    "declaration",
    "requests",
    "accesses",
    "precheck",
    "prepare change",
    "create request",
    "terminate",
    "revoke access",
]


def assert_registry_unavailable(response: httpx.Response, elapsed: float) -> None:
    assert response.status_code == 503, response.text
    error = response.json()["error"]
    assert error["code"] == "registry_unavailable"
    assert CYRILLIC.search(error["message"]) and "будь ласка" in error["message"]
    assert elapsed < ANSWER_BUDGET_S, f"answered in {elapsed:.2f} s"


async def _timed(rig: Rig, method: str, path: str, body: dict[str, Any] | None) -> tuple[httpx.Response, float]:
    started = time.perf_counter()
    response = await rig.api.request(method, path, json=body)
    return response, time.perf_counter() - started


@pytest.mark.parametrize("fault", OUTAGES, ids=[fault.value for fault in OUTAGES])
@pytest.mark.parametrize("call", CALLS)
async def test_an_outage_is_answered_plainly_in_time_and_changes_nothing(
    prepared: Prepared, call: str, fault: Fault
) -> None:
    rig = prepared.rig
    method, path, body = _calls(prepared, f"outage-{call}-{fault.value}".replace(" ", "-"))[call]
    backend_before = await rig.backend_rows()
    registry_before = await rig.registry_requests(PATIENT.person_id)

    rig.faults.inject(fault)
    response, elapsed = await _timed(rig, method, path, body)

    if call == "revoke access" and fault is Fault.MALFORMED_JSON:
        # A revocation reads no body: a 200 says it is done, whatever comes with it.
        assert response.status_code == 204, response.text
    else:
        assert_registry_unavailable(response, elapsed)
    if fault is Fault.RATE_LIMITED:
        assert response.json()["error"]["reason"] == "rate_limited"
        assert int(response.headers["retry-after"]) > 0
    assert await rig.backend_rows() == backend_before
    assert len(await rig.registry_requests(PATIENT.person_id)) == len(registry_before)


@pytest.mark.parametrize("call", ["me", "declarations", "accesses"])
async def test_what_the_session_has_read_is_still_shown_while_the_registry_is_down(
    prepared: Prepared, call: str
) -> None:
    rig = prepared.rig
    method, path, body = _calls(prepared, "kept")[call]
    before = await rig.api.request(method, path, json=body)
    assert before.status_code == 200, before.text

    rig.faults.inject(Fault.UNAVAILABLE)
    seen = len(rig.faults.seen)
    during = await rig.api.request(method, path, json=body)

    assert during.status_code == 200 and during.json() == before.json()
    assert len(rig.faults.seen) == seen, "a kept read asks the registry nothing"


@pytest.mark.parametrize("fault", OUTAGES, ids=[fault.value for fault in OUTAGES])
async def test_a_failed_registry_write_leaves_no_claim_no_link_and_no_request(prepared: Prepared, fault: Fault) -> None:
    """Reads succeed (the precheck passes), the write itself fails: the idempotency key is freed, no signing
    link exists, and the registry holds no new request — the patient can simply try again."""
    rig = prepared.rig
    key = f"write-{fault.value}"
    method, path, body = _calls(prepared, key)["create request"]
    sessions_before = await rig.count(SigningSession)

    rig.faults.inject(fault, writes_only)
    response, elapsed = await _timed(rig, method, path, body)

    assert_registry_unavailable(response, elapsed)
    assert await rig.count(DeclarationRequestKey, DeclarationRequestKey.client_key == key) == 0
    assert await rig.count(SigningSession) == sessions_before
    assert await rig.registry_requests(PATIENT.person_id, "NEW") == []

    rig.faults.clear()
    retried = await rig.api.post(path, json=body)
    assert retried.status_code == 201, retried.text
    assert [item.id for item in await rig.registry_requests(PATIENT.person_id, "NEW")] == [retried.json()["id"]]
    assert (await rig.api.post(f"{path}/{retried.json()['id']}/cancel")).status_code == 200


async def test_a_lost_answer_to_a_create_ends_with_one_request_to_sign(prepared: Prepared) -> None:
    """The registry created the request but its answer never came: the retry with the same key makes a new
    request and the registry cancels the first, so exactly one request waits for the signature."""
    rig = prepared.rig
    method, path, body = _calls(prepared, "lost-create")["create request"]
    rig.faults.inject(Fault.ANSWER_LOST, writes_only)
    response, elapsed = await _timed(rig, method, path, body)
    assert_registry_unavailable(response, elapsed)
    assert len(await rig.registry_requests(PATIENT.person_id, "NEW")) == 1  # made, though we never heard

    rig.faults.clear()
    retried = await rig.api.post(path, json=body)
    assert retried.status_code == 201, retried.text
    waiting = await rig.registry_requests(PATIENT.person_id, "NEW")
    assert [item.id for item in waiting] == [retried.json()["id"]]
    assert (await rig.api.post(f"{path}/{retried.json()['id']}/cancel")).status_code == 200


async def test_a_failed_termination_leaves_the_declaration_active(prepared: Prepared) -> None:
    rig = prepared.rig
    method, path, body = _calls(prepared, "unused")["terminate"]
    rig.faults.inject(Fault.UNAVAILABLE, writes_only)
    response, elapsed = await _timed(rig, method, path, body)
    assert_registry_unavailable(response, elapsed)
    active = await rig.registry_declarations(PATIENT.person_id, "active")
    assert [item.id for item in active] == [prepared.declaration_id]


async def test_a_registry_outage_never_signs_the_patient_out(prepared: Prepared) -> None:
    """The access token is due for renewal exactly when the registry is down: the patient is told to try
    later, and stays signed in (only a refusal of the refresh token ends the session)."""
    rig = prepared.rig
    async with rig.services.sessionmaker() as session:
        await session.execute(
            update(PersonLink)
            .where(PersonLink.telegram_user_id == PATIENT_TG)
            .values(access_expires_at=rig.services.clock.now() - timedelta(minutes=1))
        )
        await session.commit()
    link_before = (await rig.backend_rows())["person_links"]

    rig.faults.inject(Fault.UNAVAILABLE, path_ends_with("/oauth/tokens"))
    response, elapsed = await _timed(rig, "GET", f"/v1/users/{PATIENT_TG}/me", None)
    assert_registry_unavailable(response, elapsed)
    assert (await rig.backend_rows())["person_links"] == link_before

    rig.faults.clear()
    assert (await rig.api.get(f"/v1/users/{PATIENT_TG}/me")).status_code == 200
    assert (await rig.backend_rows())["person_links"] != link_before  # renewed now


@pytest.mark.parametrize("fault", [Fault.UNAVAILABLE, Fault.TIMEOUT, Fault.REFUSED], ids=lambda fault: fault.value)
async def test_a_failed_sign_in_keeps_nothing_and_spends_the_link(prepared: Prepared, fault: Fault) -> None:
    rig = prepared.rig
    tg = 71100 + list(Fault).index(fault)
    await rig.cabinet.start(tg)
    link = await rig.cabinet.sign_in_link(tg)
    callback = await rig.cabinet.registry_callback(link, person("adult_without_declaration"))

    rig.faults.inject(fault, path_ends_with("/oauth/tokens"))
    started = time.perf_counter()
    page = await rig.cabinet.browser.get(callback)
    assert time.perf_counter() - started < ANSWER_BUDGET_S
    assert page.status_code == 502
    assert "Не вдалося завершити вхід" in page.text and "нове посилання" in page.text
    assert (await rig.api.get(f"/v1/users/{tg}")).json()["linked"] is False
    assert await rig.count(OutboxEvent, OutboxEvent.telegram_user_id == tg) == 0

    rig.faults.clear()
    assert (await rig.cabinet.browser.get(callback)).status_code == 400  # the state was spent
    assert (await rig.cabinet.sign_in(tg, person("adult_without_declaration"))).status_code == 200


@pytest.mark.parametrize("fault", [Fault.UNAVAILABLE, Fault.TIMEOUT, Fault.MALFORMED_JSON], ids=lambda f: f.value)
async def test_a_signature_the_registry_could_not_take_can_be_given_again(prepared: Prepared, fault: Fault) -> None:
    rig = prepared.rig
    tg = 71200 + list(Fault).index(fault)
    who = person("adult_without_declaration")
    await rig.cabinet.sign_in(tg, who)
    current = (await rig.api.get(f"/v1/users/{tg}/declarations")).json()["current"]
    doctor = await rig.doctor("THERAPIST", exclude=tuple(item["doctor"]["employee_id"] for item in current))
    created = await rig.api.post(
        f"/v1/users/{tg}/declaration-requests", json={**doctor, "client_key": f"sign-{fault.value}"}
    )
    assert created.status_code == 201, created.text
    url, request_id = created.json()["signing_url"], created.json()["id"]
    sign_calls = rig.registry.calls["sign_declaration_request"]

    rig.faults.inject(fault, path_ends_with("/actions/sign"))
    page = await rig.cabinet.sign(url, who)
    assert page.status_code == 503
    assert "Реєстр eHealth зараз не відповідає" in page.text
    assert await rig.count(OutboxEvent, OutboxEvent.telegram_user_id == tg, OutboxEvent.kind == "request.signed") == 0
    assert {item.id: item.status for item in await rig.registry_requests(who.person_id)}[request_id] == "NEW"

    rig.faults.clear()
    signed = await rig.cabinet.sign(url, who)
    assert signed.status_code == 200, signed.text
    assert rig.registry.calls["sign_declaration_request"] == sign_calls + 2
    active = await rig.registry_declarations(who.person_id, "active")
    assert [item.declaration_request_id for item in active] == [request_id]
    await rig.api.delete(f"/v1/users/{tg}")


async def test_a_signature_whose_answer_was_lost_is_reported_as_signed(prepared: Prepared) -> None:
    rig = prepared.rig
    tg = 71300
    who = person("unverified_adult")
    await rig.cabinet.sign_in(tg, who)
    doctor = prepared.doctor
    created = await rig.api.post(f"/v1/users/{tg}/declaration-requests", json={**doctor, "client_key": "lost-sign"})
    url = created.json()["signing_url"]

    rig.faults.inject(Fault.ANSWER_LOST, path_ends_with("/actions/sign"))
    assert (await rig.cabinet.sign(url, who)).status_code == 503
    rig.faults.clear()
    assert [item.status for item in await rig.registry_requests(who.person_id)] == ["SIGNED"]

    again = await rig.cabinet.browser.post(url, {"key_id": who.key_id, "password": who.password})
    assert again.status_code == 200, again.text
    assert "Декларацію підписано" in again.text
    assert await rig.count(OutboxEvent, OutboxEvent.telegram_user_id == tg, OutboxEvent.kind == "request.signed") == 1


async def test_a_claim_left_by_a_crashed_backend_is_taken_over(prepared: Prepared) -> None:
    """The backend died between claiming a client key and binding it (the process was killed): a repeat
    waits while the claim is fresh, then takes it over — the patient is never stuck."""
    rig = prepared.rig
    method, path, body = _calls(prepared, "crashed")["create request"]
    now = rig.services.clock.now()
    async with rig.services.sessionmaker() as session:
        session.add(DeclarationRequestKey(telegram_user_id=PATIENT_TG, client_key="crashed", created_at=now))
        await session.commit()
    waiting = await rig.api.request(method, path, json=body)
    assert waiting.status_code == 409 and waiting.json()["error"]["code"] == "request_in_progress"

    rig.services.clock.advance(61)
    taken_over = await rig.api.request(method, path, json=body)
    assert taken_over.status_code == 201, taken_over.text
    assert (await rig.api.post(f"{path}/{taken_over.json()['id']}/cancel")).status_code == 200
