"""Fixtures for the registry sandbox's HTTP tests.

The database is seeded once per session into a template file and copied for each test, so every
test starts from the same realistic data in milliseconds.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from sandbox.registry.app import create_app
from sandbox.registry.auth.grants import grant_approval, issue_tokens
from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.clock import ukrainian_today
from sandbox.registry.core.db import make_engine
from sandbox.registry.core.models import Client
from sandbox.registry.core.scopes import PIS_SCOPES, SIGN_IN
from sandbox.registry.seed import TEST_PERSONS, TestPerson, seed_database

REDIRECT_URI = "http://127.0.0.1:8000/auth/callback"
SEED_DOCTORS = 120


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("registry") / "template.sqlite3"

    async def _seed() -> None:
        engine = make_engine(f"sqlite+aiosqlite:///{path}")
        try:
            await seed_database(
                engine, seed=7, doctors=SEED_DOCTORS, settings=RegistrySettings(), today=ukrainian_today()
            )
        finally:
            await engine.dispose()

    asyncio.run(_seed())
    return path


@pytest.fixture
def registry_settings(tmp_path: Path, seeded_template: Path) -> RegistrySettings:
    database = tmp_path / "registry.sqlite3"
    shutil.copyfile(seeded_template, database)
    return RegistrySettings(database_url=f"sqlite+aiosqlite:///{database}", pis_redirect_uris=[REDIRECT_URI])


@pytest.fixture
async def registry(registry_settings: RegistrySettings) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client bound to a running (in-process) registry sandbox."""
    app = create_app(registry_settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        # As an integrated client: the pre-shared key goes with every call (the auth host checks it).
        psk = {"X-Custom-PSK": registry_settings.pis_client_psk}
        async with httpx.AsyncClient(transport=transport, base_url="http://registry.test", headers=psk) as client:
            client.app = app  # type: ignore[attr-defined]  # tests reach the app's state through the client
            yield client


def test_person(slug: str) -> TestPerson:
    return next(p for p in TEST_PERSONS if p.slug == slug)


@dataclass(frozen=True)
class SignedIn:
    access_token: str
    refresh_token: str
    person_id: str
    headers: dict[str, str]


async def sign_in(
    registry: httpx.AsyncClient,
    person: TestPerson,
    *,
    settings: RegistrySettings,
    scope: str = " ".join((SIGN_IN, *PIS_SCOPES)),
    state: str = "state-123",
) -> SignedIn:
    """Go through the auth host as a browser would, then exchange the code as our backend would."""
    form = {
        "client_id": settings.pis_client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": scope,
        "state": state,
        "key_id": person.key_id,
        "password": person.password,
    }
    response = await registry.post("/sign-in", data=form)
    assert response.status_code in (302, 303), response.text
    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert query["state"] == [state]
    token_response = await registry.post(
        "/oauth/tokens",
        headers={"X-Custom-PSK": settings.pis_client_psk},  # as the Blueprint shows it on this call
        json={
            "token": {
                "client_id": settings.pis_client_id,
                "client_secret": settings.pis_client_secret,
                "code": query["code"][0],
                "grant_type": "authorization_code",
                "redirect_uri": REDIRECT_URI,
                "scope": scope,
            }
        },
    )
    assert token_response.status_code == 201, token_response.text
    data = token_response.json()["data"]
    headers = {"Authorization": f"Bearer {data['value']}", "api-key": settings.pis_client_secret}
    return SignedIn(data["value"], data["details"]["refresh_token"], data["user_id"], headers)


async def token_issued_directly(
    registry: httpx.AsyncClient,
    person: TestPerson,
    *,
    settings: RegistrySettings,
    scope: str = " ".join((SIGN_IN, *PIS_SCOPES)),
) -> SignedIn:
    """A token written straight into the registry, bypassing the auth host.

    For persons the auth host refuses (under 14): the API must refuse them too, however a token came about.
    """
    app = registry.app  # type: ignore[attr-defined]
    async with app.state.sessionmaker() as session:
        client = await session.get(Client, settings.pis_client_id)
        assert client is not None
        now = app.state.clock.now()
        await grant_approval(session, person_id=person.person_id, client=client, scope=scope, now=now)
        issued = issue_tokens(
            session, client_id=client.id, person_id=person.person_id, scope=scope, now=now, settings=settings
        )
        await session.commit()
    headers = {"Authorization": f"Bearer {issued.access_token}", "api-key": settings.pis_client_secret}
    return SignedIn(issued.access_token, issued.refresh_token, person.person_id, headers)
