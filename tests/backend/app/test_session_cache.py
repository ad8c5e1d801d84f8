"""The session cache of patients' registry reads: its rules on the injectable clock (no I/O), then through the
backend with every registry call counted: reads kept for the next screens, the patient's own writes and a claimed
notification read afresh, the TTL on the backend's clock, and never one person's reads served to another."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable

import httpx
import pytest
from fastapi import FastAPI

from backend.app import create_app
from backend.clock import Clock
from backend.config import BackendSettings
from backend.events.watch_config import WatcherSettings
from backend.registry.ehealth import EHealthRegistry
from backend.registry.settings import EHealthSettings
from backend.services.container import Services
from backend.services.session_cache import SessionCache
from tests.backend.app.conftest import REGISTRY_URL, Cabinet, person
from tests.backend.app.registry_calls import CountingRegistry

OLENA = person("adult_with_declaration")
ANDRII = person("adult_without_declaration")
VIACHESLAV = person("adult_with_accesses")

# --- The rules, on the clock alone ---------------------------------------------------------------------------


def test_a_kept_read_lives_its_ttl_on_the_clock() -> None:
    clock = Clock()
    cache = SessionCache(clock, ttl_seconds=60, max_patients=10)
    cache.put((1, "p1"), ("person",), "Олена")

    clock.advance(59)
    assert cache.get((1, "p1"), ("person",)) == (True, "Олена")
    clock.advance(1)
    assert cache.get((1, "p1"), ("person",)) == (False, None)
    assert len(cache) == 0


def test_reads_are_kept_per_telegram_user_and_person() -> None:
    cache = SessionCache(Clock(), ttl_seconds=60, max_patients=10)
    cache.put((1, "p1"), "key", "of p1 for 1")

    assert cache.get((1, "p2"), "key") == (False, None)  # the same Telegram user with another person linked
    assert cache.get((2, "p1"), "key") == (False, None)  # the same person linked to another Telegram user
    assert cache.get((1, "p1"), "other") == (False, None)


def test_forgetting_drops_one_patient_or_every_person_of_a_telegram_user() -> None:
    cache = SessionCache(Clock(), ttl_seconds=60, max_patients=10)
    for owner in ((1, "p1"), (1, "p2"), (2, "p3")):
        cache.put(owner, "key", owner)

    cache.forget((1, "p1"))
    assert [cache.get(owner, "key")[0] for owner in ((1, "p1"), (1, "p2"), (2, "p3"))] == [False, True, True]
    cache.forget_user(1)
    assert [cache.get(owner, "key")[0] for owner in ((1, "p2"), (2, "p3"))] == [False, True]


def test_the_least_recently_used_patients_go_first() -> None:
    cache = SessionCache(Clock(), ttl_seconds=60, max_patients=2)
    cache.put((1, "a"), "key", 1)
    cache.put((2, "b"), "key", 2)
    assert cache.get((1, "a"), "key") == (True, 1)  # used: (2, "b") is now the oldest
    cache.put((3, "c"), "key", 3)

    assert [cache.get(owner, "key")[0] for owner in ((1, "a"), (2, "b"), (3, "c"))] == [True, False, True]


def test_a_ttl_of_zero_keeps_nothing() -> None:
    cache = SessionCache(Clock(), ttl_seconds=0, max_patients=10)
    cache.put((1, "a"), "key", 1)
    assert not cache.enabled and cache.get((1, "a"), "key") == (False, None)


async def test_a_failed_read_is_not_kept() -> None:
    cache = SessionCache(Clock(), ttl_seconds=60, max_patients=10)

    async def failing() -> str:
        raise RuntimeError("registry down")

    async def loaded() -> str:
        return "read"

    with pytest.raises(RuntimeError):
        await cache.read((1, "a"), "key", failing)
    assert await cache.read((1, "a"), "key", loaded) == "read"


async def test_a_read_answered_while_the_patient_wrote_is_not_kept() -> None:
    cache = SessionCache(Clock(), ttl_seconds=60, max_patients=10)
    registry_answers = asyncio.Event()

    async def before_the_write() -> str:
        await registry_answers.wait()
        return "as it was"

    async def after_the_write() -> str:
        return "as it is"

    reading = asyncio.create_task(cache.read((1, "a"), "key", before_the_write))
    await asyncio.sleep(0)  # the read is on its way to the registry
    cache.forget_user(1)  # the patient's write lands meanwhile
    registry_answers.set()
    assert await reading == "as it was"  # the screen that asked gets its answer
    assert await cache.read((1, "a"), "key", after_the_write) == "as it is"  # the next one reads afresh


# --- Through the backend, every registry call counted ------------------------------------------------------------


@pytest.fixture
async def adapter(registry_transport: httpx.ASGITransport) -> AsyncIterator[CountingRegistry]:
    settings = EHealthSettings(api_url=REGISTRY_URL, auth_url=REGISTRY_URL, _env_file=None)
    async with EHealthRegistry(settings, transport=registry_transport) as registry:
        yield CountingRegistry(registry)


@pytest.fixture
async def backend_app(
    backend_settings: BackendSettings, adapter: CountingRegistry, clock: Clock, registry_transport: httpx.ASGITransport
) -> AsyncIterator[FastAPI]:
    # The watcher off: only the calls of the answers asked for here count.
    async with httpx.AsyncClient(transport=registry_transport) as signer_http:
        app = create_app(
            backend_settings,
            adapter,  # type: ignore[arg-type]  # the port, counted
            clock=clock,
            http_client=signer_http,
            watcher_settings=WatcherSettings(enabled=False, _env_file=None),
        )
        async with app.router.lifespan_context(app):
            yield app


async def calls(adapter: CountingRegistry, answer: Awaitable[httpx.Response]) -> int:
    """The registry calls made for `answer` (an awaited backend call)."""
    adapter.take()
    response = await answer
    assert response.status_code < 400, response.text
    return sum(adapter.take().values())


async def test_the_person_is_read_once_per_session_until_the_ttl_ends(
    cabinet: Cabinet, api: httpx.AsyncClient, adapter: CountingRegistry, clock: Clock, services: Services
) -> None:
    await cabinet.sign_in(8101, OLENA)
    ttl = services.settings.session_cache_ttl
    assert ttl > 1

    assert await calls(adapter, api.get("/v1/users/8101/me")) == 0  # the sign-in has just read the person
    clock.advance(ttl)
    assert await calls(adapter, api.get("/v1/users/8101/me")) == 1
    clock.advance(ttl - 1)
    assert await calls(adapter, api.get("/v1/users/8101/me")) == 0
    clock.advance(1)
    assert await calls(adapter, api.get("/v1/users/8101/me")) == 1


async def test_two_patients_never_see_each_others_reads(
    cabinet: Cabinet, api: httpx.AsyncClient, adapter: CountingRegistry
) -> None:
    await cabinet.sign_in(8201, OLENA)
    await cabinet.sign_in(8202, ANDRII)

    for _ in range(2):  # read, then kept
        olena = (await api.get("/v1/users/8201/me")).json()
        andrii = (await api.get("/v1/users/8202/me")).json()
        assert (olena["first_name"], andrii["first_name"]) == (OLENA.first_name, ANDRII.first_name)
        olenas = (await api.get("/v1/users/8201/declarations")).json()
        andriis = (await api.get("/v1/users/8202/declarations")).json()
        assert olenas["current"] and not andriis["current"] and andriis["items"] == []
    # Someone else's declaration (kept for its owner) is still refused.
    refused = await api.get(f"/v1/users/8202/declarations/{olenas['current'][0]['id']}")
    assert refused.status_code == 404


async def test_a_telegram_user_linking_another_person_reads_afresh(
    cabinet: Cabinet, api: httpx.AsyncClient, adapter: CountingRegistry
) -> None:
    await cabinet.sign_in(8301, OLENA)
    assert (await api.get("/v1/users/8301/me")).json()["first_name"] == OLENA.first_name
    assert (await api.get("/v1/users/8301/declarations")).json()["current"]

    await cabinet.sign_in(8301, ANDRII)

    assert (await api.get("/v1/users/8301/me")).json()["first_name"] == ANDRII.first_name
    assert (await api.get("/v1/users/8301/declarations")).json()["current"] == []
    # And Olena, signed in on another Telegram account, is no longer served to the first one at all.
    await cabinet.sign_in(8302, OLENA)
    await cabinet.sign_in(8303, ANDRII)
    assert (await api.get("/v1/users/8301/me")).json()["error"]["code"] == "not_linked"


async def test_signing_a_change_of_personal_data_reads_the_person_afresh(
    cabinet: Cabinet, api: httpx.AsyncClient, adapter: CountingRegistry
) -> None:
    await cabinet.sign_in(8401, ANDRII)
    assert await calls(adapter, api.get("/v1/users/8401/me")) == 0
    prepared = (await api.post("/v1/users/8401/me/changes", json={"email": "andrii.cache@ukr.net"})).json()
    assert (await cabinet.sign(prepared["signing_url"], ANDRII)).status_code == 200

    adapter.take()
    assert (await api.get("/v1/users/8401/me")).json()["email"] == "andrii.cache@ukr.net"
    assert adapter.take()["get_person"] == 1


async def test_the_declaration_request_list_follows_the_patients_own_requests(
    cabinet: Cabinet, api: httpx.AsyncClient, adapter: CountingRegistry
) -> None:
    await cabinet.load_directory()
    await cabinet.sign_in(8501, ANDRII)
    waiting = "/v1/users/8501/declaration-requests?status=NEW&page=1&page_size=10"
    assert await calls(adapter, api.get(waiting)) == 1
    assert await calls(adapter, api.get(waiting)) == 0
    found = (await api.get("/v1/doctors/search", params={"speciality": "THERAPIST", "with_free_places": True})).json()
    doctor = next(item for item in found["items"] if item["available"])
    ref = {"employee_id": doctor["employee_id"], "division_id": doctor["division_id"]}

    created = (await api.post("/v1/users/8501/declaration-requests", json={**ref, "client_key": "k-8501"})).json()
    assert [item["id"] for item in (await api.get(waiting)).json()["items"]] == [created["id"]]

    cancelled = await api.post(f"/v1/users/8501/declaration-requests/{created['id']}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    assert (await api.get(waiting)).json()["items"] == []


async def test_revoking_an_access_lists_the_accesses_afresh(
    cabinet: Cabinet, api: httpx.AsyncClient, adapter: CountingRegistry
) -> None:
    await cabinet.sign_in(8601, VIACHESLAV)
    assert await calls(adapter, api.get("/v1/users/8601/accesses")) == 1
    listed = (await api.get("/v1/users/8601/accesses")).json()
    helsi = next(access for access in listed if access["client_name"] == "Helsi")

    assert (await api.delete(f"/v1/users/8601/accesses/{helsi['id']}")).status_code == 204

    adapter.take()
    left = (await api.get("/v1/users/8601/accesses")).json()
    assert helsi["id"] not in [access["id"] for access in left]
    assert adapter.take()["list_accesses"] == 1


async def test_ending_a_declaration_lists_the_declarations_afresh(
    cabinet: Cabinet, api: httpx.AsyncClient, adapter: CountingRegistry
) -> None:
    await cabinet.sign_in(8701, OLENA)
    current = (await api.get("/v1/users/8701/declarations")).json()["current"]
    assert await calls(adapter, api.get("/v1/users/8701/declarations")) == 0
    ended = await api.post(f"/v1/users/8701/declarations/{current[0]['id']}/terminate", json={"reason": "Переїзд"})
    assert ended.status_code == 200, ended.text

    assert await calls(adapter, api.get("/v1/users/8701/declarations")) == 1
    assert (await api.get("/v1/users/8701/declarations")).json()["current"] == []
    assert (await api.get(f"/v1/users/8701/declarations/{current[0]['id']}")).json()["status"] == "terminated"


async def test_a_claimed_notification_makes_its_patient_read_afresh(
    cabinet: Cabinet, api: httpx.AsyncClient, adapter: CountingRegistry
) -> None:
    await cabinet.sign_in(8801, OLENA)  # the sign-in's own notification waits in the outbox
    assert await calls(adapter, api.get("/v1/users/8801/me")) == 0

    assert [event["telegram_user_id"] for event in await cabinet.events()] == [8801]

    assert await calls(adapter, api.get("/v1/users/8801/me")) == 1


async def test_the_verification_code_is_never_kept(
    cabinet: Cabinet, api: httpx.AsyncClient, adapter: CountingRegistry, services: Services
) -> None:
    await cabinet.sign_in(8901, OLENA)
    active = (await api.get("/v1/users/8901/prescriptions")).json()["items"]
    one = active[0]["id"]

    for _ in range(2):  # read fresh every time
        assert await calls(adapter, api.get(f"/v1/users/8901/prescriptions/{one}/verification-code")) == 1
    assert await calls(adapter, api.get(f"/v1/users/8901/prescriptions/{one}")) == 0  # the code's read, kept
    kept, prescription = services.session_cache.get((8901, OLENA.person_id), ("prescription", one))
    assert kept and prescription.verification_code is None
    assert await calls(adapter, api.get(f"/v1/users/8901/prescriptions/{one}/dispenses")) == 1  # the dispenses only
