"""The backend and the registry sandbox wired for attack and failure: every registry call of the backend
goes through a `FaultyTransport` and a `CountingRegistry`, both over the real adapter and the real sandbox.

The flows themselves (`Cabinet`: the bot's API calls and the patient's browser) are the backend tests' own.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
from fastapi import FastAPI
from sqlalchemy import Select, func, select, text

from backend.app import create_app
from backend.clock import Clock
from backend.config import BackendSettings
from backend.registry.budget import LocalCallBudget
from backend.registry.budgeted import shape_of
from backend.registry.ehealth import EHealthRegistry
from backend.registry.settings import EHealthSettings
from backend.services.container import Services
from sandbox.registry.app import create_app as create_registry_app
from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.clock import ukrainian_today
from sandbox.registry.core.db import make_engine as make_registry_engine
from sandbox.registry.core.models import Declaration as RegistryDeclaration
from sandbox.registry.core.models import DeclarationRequest as RegistryRequest
from sandbox.registry.seed import seed_database
from tests.backend.app.conftest import BACKEND_URL, BOT_USERNAME, REGISTRY_URL, SERVICE_TOKEN, Browser, Cabinet
from tests.conftest import GENEROUS_BUDGET
from tests.security.faults import CountingRegistry, FaultPlan, FaultyTransport

SEED_DOCTORS = 60
WATCHER_SWITCH = "BACKEND_WATCHER_ENABLED"
T = TypeVar("T")

# How long the bot's API may take to say the registry is unavailable: the patient is waiting in the chat.
ANSWER_BUDGET_S = 3.0
# Registry time limits short enough to keep the suite fast, yet far above an in-process sandbox call even on a
# loaded machine; `worst_case_seconds` checks any settings (these and the production defaults) against the budget.
FAST_TIMEOUTS: dict[str, Any] = {
    "total_timeout": 0.5,
    "connect_timeout": 0.5,
    "max_retries": 1,
    "retry_backoff_base": 0.05,
    "retry_backoff_cap": 0.1,
    "circuit_failures": 1000,
}


def worst_case_seconds(settings: EHealthSettings) -> float:
    """The longest one idempotent registry call may keep a patient waiting: every attempt runs into the
    time limit, with the longest backoff between attempts, unless the call's deadline cuts it shorter."""
    attempts = 1 + settings.max_retries
    backoff = sum(
        min(settings.retry_backoff_cap, settings.retry_backoff_base * 2 ** (attempt - 1))
        for attempt in range(1, attempts)
    )
    return min(attempts * settings.total_timeout + backoff, settings.call_deadline)


async def seed_template(path: Path) -> None:
    engine = make_registry_engine(f"sqlite+aiosqlite:///{path}")
    try:
        await seed_database(engine, seed=17, doctors=SEED_DOCTORS, settings=RegistrySettings(), today=ukrainian_today())
    finally:
        await engine.dispose()


class ForgetfulBudget(LocalCallBudget):
    """The client's budget, except that eHealth's 429 pauses nothing: a fault cleared here stands for the wait
    being over. These tests judge what a fault leaves behind; the pause has its own tests
    (tests/backend/registry/test_budgeted_registry.py)."""

    async def pause(self, seconds: float) -> None:
        return None


@dataclass
class Rig:
    cabinet: Cabinet
    backend_app: FastAPI
    registry_app: FastAPI
    faults: FaultPlan
    registry: CountingRegistry

    @property
    def api(self) -> httpx.AsyncClient:
        return self.cabinet.api

    @property
    def services(self) -> Services:
        return self.cabinet.services

    def anonymous(self, headers: dict[str, str] | None = None) -> httpx.AsyncClient:
        """A client of the bot's API without the service token (or with the given headers)."""
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.backend_app), base_url=BACKEND_URL, headers=headers or {}
        )

    async def backend_rows(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every backend table, raw (as stored), by table name."""
        rows: dict[str, list[tuple[Any, ...]]] = {}
        async with self.services.engine.connect() as connection:
            names = await connection.run_sync(
                lambda sync: sync.dialect.get_table_names(sync)  # type: ignore[attr-defined]
            )
            for name in names:
                result = await connection.execute(text(f'SELECT * FROM "{name}"'))  # noqa: S608 - names from the schema
                rows[name] = [tuple(row) for row in result]
        return rows

    async def doctor(self, speciality: str, *, exclude: tuple[str, ...] = ()) -> dict[str, str]:
        """A doctor with free places in an active clinic, from the registry's public portal (no directory
        needed): `{"employee_id", "division_id"}` as the bot's API takes it."""
        found = await self.cabinet.browser.registry.get(
            "/api/stats/employees",
            params={"speciality": speciality, "legal_entity_status": "ACTIVE", "page_size": 100},
        )
        for item in found.json()["data"]:
            if item["party"]["is_available"] and item["id"] not in exclude:
                return {"employee_id": item["id"], "division_id": item["division"]["id"]}
        raise AssertionError(f"the seed has no available {speciality}")

    async def registry_requests(self, person_id: str, status: str | None = None) -> list[RegistryRequest]:
        """The person's declaration requests as the registry holds them."""
        query = select(RegistryRequest).where(RegistryRequest.person_id == person_id)
        if status is not None:
            query = query.where(RegistryRequest.status == status)
        return await self._registry_all(query)

    async def registry_declarations(self, person_id: str, status: str | None = None) -> list[RegistryDeclaration]:
        query = select(RegistryDeclaration).where(RegistryDeclaration.person_id == person_id)
        if status is not None:
            query = query.where(RegistryDeclaration.status == status)
        return await self._registry_all(query)

    async def _registry_all(self, query: Select[tuple[T]]) -> list[T]:
        async with self.registry_app.state.sessionmaker() as session:
            return list(await session.scalars(query))

    async def count(self, model: type[Any], *where: Any) -> int:
        async with self.services.sessionmaker() as session:
            return await session.scalar(select(func.count()).select_from(model).where(*where)) or 0


@contextmanager
def _status_watcher_off() -> Iterator[None]:
    """The backend's status watcher polls the registry on its own schedule; here every registry call and every
    row must come from the request under test. (It reads BACKEND_WATCHER_ENABLED when the app is built.)"""
    saved = os.environ.get(WATCHER_SWITCH)
    os.environ[WATCHER_SWITCH] = "false"
    try:
        yield
    finally:
        if saved is None:
            del os.environ[WATCHER_SWITCH]
        else:
            os.environ[WATCHER_SWITCH] = saved


@asynccontextmanager
async def running_rig(
    directory: Path,
    registry_template: Path,
    *,
    ehealth: dict[str, Any] | None = None,
    adapter_options: dict[str, Any] | None = None,
    in_front: Callable[[httpx.AsyncBaseTransport], httpx.AsyncBaseTransport] | None = None,
    **backend_overrides: Any,
) -> AsyncIterator[Rig]:
    """Registry sandbox (a copy of the seeded template) + the backend, in this event loop, no sockets.
    `in_front` puts a transport of the test's (scripted registry calls) in front of the faulty sandbox."""
    database = directory / "registry.sqlite3"
    shutil.copyfile(registry_template, database)
    registry_app = create_registry_app(RegistrySettings(database_url=f"sqlite+aiosqlite:///{database}", _env_file=None))
    faults = FaultPlan()
    settings = BackendSettings(
        database_url=f"sqlite+aiosqlite:///{directory / 'backend.sqlite3'}",
        service_token=SERVICE_TOKEN,
        sandbox_signer_url=REGISTRY_URL,
        directory_sync_on_startup=False,
        bot_username=BOT_USERNAME,
        _env_file=None,
        **backend_overrides,
    )
    ehealth_settings = EHealthSettings(api_url=REGISTRY_URL, auth_url=REGISTRY_URL, _env_file=None, **(ehealth or {}))
    registry_transport = httpx.ASGITransport(app=registry_app)
    async with (
        registry_app.router.lifespan_context(registry_app),
        EHealthRegistry(
            ehealth_settings,
            transport=(in_front or (lambda transport: transport))(FaultyTransport(registry_transport, faults)),
            **(adapter_options or {}),
        ) as adapter,
        # The sandbox signer stands for the patient's own e-signature tool, not for eHealth: never faulted.
        httpx.AsyncClient(transport=registry_transport) as signer_http,
    ):
        registry = CountingRegistry(adapter)
        with _status_watcher_off():
            app = create_app(
                settings,
                registry,
                clock=Clock(),
                http_client=signer_http,
                call_budget=ForgetfulBudget(shape_of(GENEROUS_BUDGET)),
            )
        backend_transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=backend_transport, base_url=BACKEND_URL, headers={"Authorization": f"Bearer {SERVICE_TOKEN}"}
            ) as api,
            httpx.AsyncClient(transport=backend_transport, base_url=BACKEND_URL) as backend_browser,
            httpx.AsyncClient(transport=registry_transport, base_url=REGISTRY_URL) as registry_browser,
        ):
            cabinet = Cabinet(api, Browser(backend_browser, registry_browser), app.state.services)
            yield Rig(cabinet, app, registry_app, faults, registry)
