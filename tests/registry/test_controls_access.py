"""Sandbox controls over HTTP: the clock, the test persons, granting an access to another cabinet."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from sandbox.registry.app import create_app
from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.clock import ukrainian_date
from sandbox.registry.core.models import Client
from sandbox.registry.rules.access import full_years as age_on
from sandbox.registry.seed import TEST_PERSONS
from sandbox.registry.seeding.test_persons import mpi_spelling
from tests.registry.conftest import sign_in
from tests.registry.conftest import test_person as person_of


def _parse(timestamp: str) -> datetime:
    assert timestamp.endswith("Z")
    return datetime.fromisoformat(timestamp.removesuffix("Z"))


async def test_clock_shows_the_sandbox_time(registry: httpx.AsyncClient) -> None:
    before = registry.app.state.clock.now()  # type: ignore[attr-defined]

    response = await registry.get("/sandbox/clock")

    assert response.status_code == 200
    clock = response.json()["data"]
    assert timedelta(0) <= _parse(clock["now"]) - before < timedelta(seconds=5)
    # The day is Ukraine's (eHealth's dates are), not UTC's: they differ for two or three hours every night.
    assert clock["today"] == ukrainian_date(_parse(clock["now"]).replace(tzinfo=None)).isoformat()
    assert clock["offset_seconds"] == 0


@pytest.mark.parametrize(
    ("body", "moved"), [({"days": 2}, timedelta(days=2)), ({"seconds": 90}, timedelta(seconds=90))]
)
async def test_advancing_moves_the_clock_and_outlives_a_restart(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings, body: dict[str, float], moved: timedelta
) -> None:
    before = _parse((await registry.get("/sandbox/clock")).json()["data"]["now"])

    response = await registry.post("/sandbox/clock/advance", json=body)

    assert response.status_code == 200
    after = response.json()["data"]
    assert moved <= _parse(after["now"]) - before < moved + timedelta(seconds=5)
    assert after["offset_seconds"] == moved.total_seconds()
    restarted = create_app(registry_settings)
    async with restarted.router.lifespan_context(restarted):
        assert restarted.state.clock.offset == moved


@pytest.mark.parametrize(
    "body",
    [{}, {"days": 1, "seconds": 1}, {"days": -1}, {"seconds": 0}, {"days": 100_000}, {"days": "soon"}, None],
)
async def test_bad_advance_is_a_validation_error(registry: httpx.AsyncClient, body: object) -> None:
    response = await registry.post("/sandbox/clock/advance", json=body)

    assert response.status_code == 422
    assert response.json()["error"]["type"] == "validation_failed"
    assert (await registry.get("/sandbox/clock")).json()["data"]["offset_seconds"] == 0


async def test_persons_lists_every_test_person_with_their_key_and_age_class(registry: httpx.AsyncClient) -> None:
    response = await registry.get("/sandbox/persons")

    assert response.status_code == 200
    listed = {item["id"]: item for item in response.json()["data"]}
    expected_classes = {
        "adult_with_declaration": "adult",
        "adult_without_declaration": "adult",
        "unverified_adult": "adult",
        "adult_with_accesses": "adult",
        "teen_16_read_only": "teen_read_only",
        "teen_17_capable": "teen_capable",
        "child_12": "child",
    }
    today = registry.app.state.clock.today()  # type: ignore[attr-defined]
    for person in TEST_PERSONS:
        item = listed[person.person_id]
        assert item["key_id"] == person.key_id
        assert (item["first_name"], item["last_name"]) == (
            mpi_spelling(person.first_name),
            mpi_spelling(person.last_name),
        )
        assert item["age"] == age_on(date.fromisoformat(item["birth_date"]), today)
        if person.slug in expected_classes:
            assert item["age_class"] == expected_classes[person.slug], person.slug


async def test_granting_an_access_to_another_cabinet_shows_in_the_persons_list(
    registry: httpx.AsyncClient, registry_settings: RegistrySettings
) -> None:
    person = person_of("adult_without_declaration")
    async with registry.app.state.sessionmaker() as session:  # type: ignore[attr-defined]
        other = await session.scalar(select(Client).where(Client.id != registry_settings.pis_client_id).limit(1))
    assert other is not None

    granted = await registry.post(f"/sandbox/persons/{person.person_id}/accesses", json={"client_id": other.id})
    regranted = await registry.post(f"/sandbox/persons/{person.person_id}/accesses", json={"client_id": other.id})

    assert granted.status_code == 201
    approval = granted.json()["data"]
    assert (approval["user_id"], approval["client_id"], approval["client_name"]) == (
        person.person_id,
        other.id,
        other.name,
    )
    assert regranted.status_code == 200
    assert regranted.json()["data"]["id"] == approval["id"]
    signed_in = await sign_in(registry, person, settings=registry_settings)
    apps = (await registry.get("/api/pis/apps", headers=signed_in.headers)).json()["data"]
    assert [a["id"] for a in apps if a["client_id"] == other.id] == [approval["id"]]


@pytest.mark.parametrize(
    ("person_id", "body", "status"),
    [
        ("no-such-person", {"client_id": "telegram-cabinet"}, 404),
        (None, {"client_id": "no-such-client"}, 422),
        (None, {}, 422),
        (None, {"client_id": ""}, 422),
    ],
)
async def test_bad_grant_is_refused(
    registry: httpx.AsyncClient, person_id: str | None, body: dict[str, str], status: int
) -> None:
    person_id = person_id or person_of("adult_without_declaration").person_id

    response = await registry.post(f"/sandbox/persons/{person_id}/accesses", json=body)

    assert response.status_code == status


async def test_controls_answer_only_this_machine(registry: httpx.AsyncClient) -> None:
    app = registry.app  # type: ignore[attr-defined]
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://registry.test") as remote:
        for method, path in [
            ("GET", "/sandbox/clock"),
            ("POST", "/sandbox/clock/advance"),
            ("GET", "/sandbox/persons"),
            ("POST", f"/sandbox/persons/{TEST_PERSONS[0].person_id}/accesses"),
        ]:
            response = await remote.request(method, path, json={"days": 1, "client_id": "x"})
            assert response.status_code == 403, path
            assert response.json()["error"]["type"] == "forbidden"
    assert (await registry.get("/sandbox/clock")).json()["data"]["offset_seconds"] == 0
