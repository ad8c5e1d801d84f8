"""The backend wired to an in-process registry sandbox, both over httpx.ASGITransport.

The sandbox database is seeded once per session and copied per test. Every test that starts the backend
runs twice, on each of its databases: `[sqlite]` gets a fresh SQLite file, migrated by the backend's own
startup; `[postgresql]` shares one database per session (migrated once, dropped at the end) whose tables
are emptied before each test, since a database per test would cost more than most tests. A `Cabinet`
drives the flows as the bot and the patient's browser do.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import asyncpg
import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI
from sqlalchemy.engine import make_url

from backend.app import create_app
from backend.clock import Clock
from backend.config import BackendSettings
from backend.directory.sync import full_sync
from backend.migrate import migrate
from backend.registry.ehealth import EHealthRegistry
from backend.registry.settings import EHealthSettings
from backend.services.container import Services
from sandbox.registry.app import create_app as create_registry_app
from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.clock import ukrainian_today
from sandbox.registry.core.db import make_engine as make_registry_engine
from sandbox.registry.seed import TEST_PERSONS, TestPerson, seed_database
from tests.conftest import GENEROUS_BUDGET, create_postgres_database, drop_postgres_database

REGISTRY_URL = "http://registry.test"
BACKEND_URL = "http://127.0.0.1:8000"  # the redirect URI the sandbox's client is registered with
SERVICE_TOKEN = "test-service-token"
BOT_USERNAME = "cabinet_test_bot"
SEED_DOCTORS = 60


def person(slug: str) -> TestPerson:
    return next(p for p in TEST_PERSONS if p.slug == slug)


@pytest.fixture(scope="session")
def registry_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("backend-registry") / "template.sqlite3"

    async def _seed() -> None:
        engine = make_registry_engine(f"sqlite+aiosqlite:///{path}")
        try:
            await seed_database(
                engine, seed=11, doctors=SEED_DOCTORS, settings=RegistrySettings(), today=ukrainian_today()
            )
        finally:
            await engine.dispose()

    asyncio.run(_seed())
    return path


@pytest.fixture
async def registry_app(tmp_path: Path, registry_template: Path) -> AsyncIterator[FastAPI]:
    database = tmp_path / "registry.sqlite3"
    shutil.copyfile(registry_template, database)
    app = create_registry_app(RegistrySettings(database_url=f"sqlite+aiosqlite:///{database}", _env_file=None))
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
def registry_transport(registry_app: FastAPI) -> httpx.ASGITransport:
    return httpx.ASGITransport(app=registry_app)


@pytest.fixture
async def adapter(registry_transport: httpx.ASGITransport) -> AsyncIterator[EHealthRegistry]:
    settings = EHealthSettings(api_url=REGISTRY_URL, auth_url=REGISTRY_URL, _env_file=None)
    async with EHealthRegistry(settings, transport=registry_transport) as registry:
        yield registry


@pytest.fixture
def clock() -> Clock:
    return Clock()


@dataclass(frozen=True)
class SharedPostgres:
    """The session's migrated PostgreSQL database; `empty` makes it as a fresh migration leaves it."""

    url: str

    async def empty(self) -> None:
        # TRUNCATE of every table at once: ~20 ms, against ~70 ms for a fresh schema migrated again.
        connection = await asyncpg.connect(make_url(self.url).set(drivername="postgresql").render_as_string(False))
        try:
            tables = await connection.fetch(
                "SELECT quote_ident(tablename) FROM pg_tables"
                " WHERE schemaname = current_schema() AND tablename <> 'alembic_version'"
            )
            await connection.execute(f"TRUNCATE {', '.join(row[0] for row in tables)} RESTART IDENTITY CASCADE")
        finally:
            await connection.close()


@pytest.fixture(scope="session")
def shared_postgres(postgres_url: str) -> Iterator[SharedPostgres]:
    url = asyncio.run(create_postgres_database(postgres_url, "backend_app_test"))
    try:
        asyncio.run(migrate(url))
        yield SharedPostgres(url)
    finally:
        asyncio.run(drop_postgres_database(postgres_url, url))


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_database(request: pytest.FixtureRequest, tmp_path: Path) -> str | SharedPostgres:
    """The backend's database, each test on both: a new SQLite file (its URL), or the session's PostgreSQL
    database (skipped without PostgreSQL, failed when CI=true — the `postgres_url` rule)."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'backend.sqlite3'}"
    return request.getfixturevalue("shared_postgres")


@pytest_asyncio.fixture(scope="module", loop_scope="module", params=["sqlite", "postgresql"])
async def module_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    """A database of its own for a module-wide backend, on both engines; PostgreSQL's is dropped after."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('backend') / 'backend.sqlite3'}"
        return
    server_url = request.getfixturevalue("postgres_url")
    url = await create_postgres_database(server_url, "backend_module_test")
    try:
        yield url
    finally:
        await drop_postgres_database(server_url, url)


@pytest.fixture
async def backend_settings(backend_database: str | SharedPostgres) -> BackendSettings:
    if isinstance(backend_database, SharedPostgres):
        await backend_database.empty()
        database_url = backend_database.url
    else:
        database_url = backend_database
    return BackendSettings(
        database_url=database_url,
        service_token=SERVICE_TOKEN,
        sandbox_signer_url=REGISTRY_URL,
        directory_sync_on_startup=False,
        bot_username=BOT_USERNAME,
        _env_file=None,
    )


@pytest.fixture
async def backend_app(
    backend_settings: BackendSettings, adapter: EHealthRegistry, clock: Clock, registry_transport: httpx.ASGITransport
) -> AsyncIterator[FastAPI]:
    async with httpx.AsyncClient(transport=registry_transport) as signer_http:
        app = create_app(
            backend_settings, adapter, clock=clock, http_client=signer_http, budget_settings=GENEROUS_BUDGET
        )
        async with app.router.lifespan_context(app):
            yield app


@pytest.fixture
def services(backend_app: FastAPI) -> Services:
    return backend_app.state.services


@pytest.fixture
async def api(backend_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The bot's view: the service token on every call."""
    transport = httpx.ASGITransport(app=backend_app)
    headers = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
    async with httpx.AsyncClient(transport=transport, base_url=BACKEND_URL, headers=headers) as client:
        yield client


@pytest.fixture
async def browser(backend_app: FastAPI, registry_transport: httpx.ASGITransport) -> AsyncIterator[Browser]:
    """The patient's browser: reaches both the backend and the registry sandbox, follows nothing by itself."""
    async with (
        httpx.AsyncClient(transport=httpx.ASGITransport(app=backend_app), base_url=BACKEND_URL) as backend,
        httpx.AsyncClient(transport=registry_transport, base_url=REGISTRY_URL) as registry,
    ):
        yield Browser(backend, registry)


@dataclass
class Browser:
    backend: httpx.AsyncClient
    registry: httpx.AsyncClient

    async def get(self, url: str) -> httpx.Response:
        return await self._client(url).get(url)

    async def post(self, url: str, data: dict[str, str]) -> httpx.Response:
        return await self._client(url).post(url, data=data)

    def _client(self, url: str) -> httpx.AsyncClient:
        return self.registry if url.startswith(REGISTRY_URL) else self.backend


@pytest.fixture
def cabinet(api: httpx.AsyncClient, browser: Browser, services: Services) -> Cabinet:
    return Cabinet(api, browser, services)


@dataclass
class Cabinet:
    """Flows as the bot (api) and the patient's browser perform them."""

    api: httpx.AsyncClient
    browser: Browser
    services: Services

    async def start(self, tg: int, *, consent: bool = True) -> dict[str, Any]:
        response = await self.api.put(f"/v1/users/{tg}", json={"chat_id": tg * 10, "language": "uk"})
        assert response.status_code == 200, response.text
        if consent:
            version = self.services.settings.consent_version
            response = await self.api.post(f"/v1/users/{tg}/consent", json={"version": version})
            assert response.status_code == 200, response.text
        return response.json()

    async def sign_in_link(self, tg: int) -> str:
        response = await self.api.post(f"/v1/users/{tg}/auth/start", json={"sign_up": False})
        assert response.status_code == 200, response.text
        return response.json()["url"]

    async def registry_callback(self, link: str, who: TestPerson) -> str:
        """Open the sign-in link, sign in at the registry with the person's key; the URL it sends us back to."""
        back = await self.registry_sign_in(link, who)
        assert back.status_code in (302, 303), back.text
        return back.headers["location"]

    async def registry_sign_in(self, link: str, who: TestPerson) -> httpx.Response:
        """Open the sign-in link and submit the registry's sign-in form; the registry's answer."""
        redirect = await self.browser.get(link)
        assert redirect.status_code == 303, redirect.text
        query = {key: values[0] for key, values in parse_qs(urlsplit(redirect.headers["location"]).query).items()}
        sign_in_page = await self.browser.get(redirect.headers["location"])
        assert sign_in_page.status_code == 200, sign_in_page.text
        form = {
            "client_id": query["client_id"],
            "redirect_uri": query["redirect_uri"],
            "scope": query["scope"],
            "state": query["state"],
            "key_id": who.key_id,
            "password": who.password,
        }
        return await self.browser.post(f"{REGISTRY_URL}/sign-in", form)

    async def sign_in(self, tg: int, who: TestPerson) -> httpx.Response:
        """The whole sign-in; returns the backend's result page."""
        await self.start(tg)
        callback = await self.registry_callback(await self.sign_in_link(tg), who)
        return await self.browser.get(callback)

    async def sign(self, signing_url: str, who: TestPerson, *, password: str | None = None) -> httpx.Response:
        """Open the signing page and sign with the person's sandbox key."""
        page = await self.browser.get(signing_url)
        assert page.status_code == 200, page.text
        assert who.key_id in page.text
        return await self.browser.post(
            signing_url, {"key_id": who.key_id, "password": password if password is not None else who.password}
        )

    async def load_directory(self) -> None:
        index = self.services.directory.index
        assert index is not None
        await full_sync(self.services.registry, index)
        self.services.directory.phase = "ready"
        self.services.directory.doctors = await index.count()

    async def events(self, *, worker: str = "test-worker", limit: int = 100) -> list[dict[str, Any]]:
        response = await self.api.post(
            "/v1/events/claim", json={"worker_id": worker, "limit": limit, "lease_seconds": 30}
        )
        assert response.status_code == 200, response.text
        return response.json()["events"]


@asynccontextmanager
async def running_cabinet(
    directory: Path,
    registry_template: Path,
    database_url: str | None = None,
    *,
    in_front: Callable[[httpx.AsyncBaseTransport], httpx.AsyncBaseTransport] | None = None,
    **settings_overrides: Any,
) -> AsyncIterator[Cabinet]:
    """The whole stack in one context, for fixtures of a wider scope than one test; the backend's database
    is `database_url` (migrated by the backend's startup) or a new SQLite file in `directory`. `in_front`
    puts a transport of the test's (scripted registry calls) between the backend's adapter and the sandbox."""
    database = directory / "registry.sqlite3"
    shutil.copyfile(registry_template, database)
    registry_app = create_registry_app(RegistrySettings(database_url=f"sqlite+aiosqlite:///{database}", _env_file=None))
    settings = BackendSettings(
        database_url=database_url or f"sqlite+aiosqlite:///{directory / 'backend.sqlite3'}",
        service_token=SERVICE_TOKEN,
        sandbox_signer_url=REGISTRY_URL,
        directory_sync_on_startup=False,
        bot_username=BOT_USERNAME,
        _env_file=None,
        **settings_overrides,
    )
    registry_transport = httpx.ASGITransport(app=registry_app)
    async with (
        registry_app.router.lifespan_context(registry_app),
        EHealthRegistry(
            EHealthSettings(api_url=REGISTRY_URL, auth_url=REGISTRY_URL, _env_file=None),
            transport=in_front(registry_transport) if in_front is not None else registry_transport,
        ) as adapter,
        httpx.AsyncClient(transport=registry_transport) as signer_http,
    ):
        app = create_app(settings, adapter, clock=Clock(), http_client=signer_http, budget_settings=GENEROUS_BUDGET)
        backend_transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=backend_transport,
                base_url=BACKEND_URL,
                headers={"Authorization": f"Bearer {SERVICE_TOKEN}"},
            ) as api,
            httpx.AsyncClient(transport=backend_transport, base_url=BACKEND_URL) as backend_browser,
            httpx.AsyncClient(transport=registry_transport, base_url=REGISTRY_URL) as registry_browser,
        ):
            yield Cabinet(api, Browser(backend_browser, registry_browser), app.state.services)
