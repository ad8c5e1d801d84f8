"""The directory under test, on SQLite (a temporary file) and on PostgreSQL (a schema of this run's own).

Every test that takes `index` runs once per implementation; PostgreSQL is skipped locally when it is
not running and required in CI (the `postgres_url` fixture of tests/conftest.py).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.db import make_engine
from backend.directory.documents import DoctorDocument
from backend.directory.index import DoctorIndex, make_index
from backend.directory.schema import DIRECTORY_TABLES, ensure_directory_schema
from tests.conftest import POSTGRES_URL

# Real places, so distances can be checked against known ones.
KYIV = (50.4501, 30.5234)
BROVARY = (50.5110, 30.7909)
BILA_TSERKVA = (49.7988, 30.1153)
ZHYTOMYR = (50.2547, 28.6587)
LVIV = (49.8397, 24.0297)


def doctor(
    employee_id: str,
    last_name: str,
    first_name: str,
    second_name: str | None = None,
    *,
    place: tuple[float, float] = KYIV,
    **overrides: Any,
) -> DoctorDocument:
    """A doctor in Kyiv, approved, in an active clinic, unless told otherwise."""
    values: dict[str, Any] = {
        "employee_id": employee_id,
        "party_id": f"party-{employee_id}",
        "full_name": " ".join(filter(None, (last_name, first_name, second_name))),
        "first_name": first_name,
        "last_name": last_name,
        "second_name": second_name,
        "gender": "FEMALE",
        "speciality": "FAMILY_DOCTOR",
        "position": "P7",
        "division_id": "division-1",
        "division_name": "Амбулаторія № 1",
        "division_type": "CLINIC",
        "address": "вул. Хрещатик, 1",
        "area": "м. Київ",
        "settlement": "Київ",
        "settlement_type": "CITY",
        "phones": ("+380441234567",),
        "working_hours": {"mon": (("08.00", "14.00"),)},
        "latitude": place[0],
        "longitude": place[1],
        "legal_entity_id": "clinic-1",
        "legal_entity_name": "КНП «ЦПМСД № 1»",
        "legal_entity_status": "ACTIVE",
        "declaration_limit": 1800,
        "status": "APPROVED",
    }
    values.update(overrides)
    return DoctorDocument(**values)


@asynccontextmanager
async def sqlite_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'directory.sqlite3'}")
    try:
        yield engine
    finally:
        await engine.dispose()


@asynccontextmanager
async def postgres_engine(url: str) -> AsyncIterator[AsyncEngine]:
    """An engine whose tables live in a fresh schema, dropped afterwards: parallel runs never meet."""
    schema = f"directory_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(url)
    try:
        async with admin.begin() as connection:
            await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine = make_engine(url, connect_args={"server_settings": {"search_path": schema}})
        try:
            yield engine
        finally:
            await engine.dispose()
    finally:
        async with admin.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        await admin.dispose()


async def _create_directory_schema(schema: str) -> None:
    admin = make_engine(POSTGRES_URL)
    async with admin.begin() as connection:
        await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    await admin.dispose()
    engine = make_engine(POSTGRES_URL, connect_args={"server_settings": {"search_path": schema}})
    await ensure_directory_schema(engine)
    await engine.dispose()


async def _drop_schema(schema: str) -> None:
    admin = make_engine(POSTGRES_URL)
    async with admin.begin() as connection:
        await connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    await admin.dispose()


@pytest.fixture(scope="session")
def postgres_schema(postgres_url: str) -> Iterator[str]:
    """One schema holding the directory's tables for the whole run, emptied before each test.

    Creating and dropping the tables and indexes for every test took most of the suite's time.
    """
    schema = f"directory_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_create_directory_schema(schema))
    yield schema
    asyncio.run(_drop_schema(schema))


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest) -> str | None:
    """The PostgreSQL schema to use, or None for SQLite (resolved here, outside the test's event loop)."""
    return None if request.param == "sqlite" else request.getfixturevalue("postgres_schema")


@pytest.fixture
async def engine(database: str | None, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    if database is None:
        async with sqlite_engine(tmp_path) as engine:
            yield engine
        return
    engine = make_engine(POSTGRES_URL, connect_args={"server_settings": {"search_path": database}})
    try:
        async with engine.begin() as connection:
            await connection.execute(text(f"TRUNCATE {', '.join(t.name for t in DIRECTORY_TABLES)} RESTART IDENTITY"))
        yield engine
    finally:
        await engine.dispose()


@pytest.fixture
async def index(engine: AsyncEngine) -> AsyncIterator[DoctorIndex]:
    await ensure_directory_schema(engine)
    index = make_index(engine)
    try:
        yield index
    finally:
        await index.close()


async def load(index: DoctorIndex, documents: Iterable[DoctorDocument]) -> None:
    await index.upsert_many(list(documents))
