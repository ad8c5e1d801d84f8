"""The directory's schema: idempotent installation, the FTS backfill, alembic's view of the extras."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.db import Base, make_engine
from backend.directory.index import make_index
from backend.directory.query import DoctorQuery
from backend.directory.rows import row_by_column, row_values
from backend.directory.schema import (
    DIRECTORY_TABLES,
    ensure_directory_schema,
    install,
    is_schema_extra,
)
from backend.directory.tables import doctor_directory
from tests.backend.directory.conftest import doctor


async def test_installing_twice_changes_nothing(engine: AsyncEngine) -> None:
    await ensure_directory_schema(engine)
    index = make_index(engine)
    await index.upsert_many([doctor("e-1", "Остапчук", "Ольга")])
    await ensure_directory_schema(engine)
    page = await index.search(DoctorQuery(text="Остапч"))
    assert [hit.document.employee_id for hit in page.hits] == ["e-1"]


async def test_the_sqlite_name_index_is_filled_from_rows_written_before_it_existed(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'late.sqlite3'}")
    try:
        async with engine.begin() as connection:
            await connection.run_sync(lambda sync: Base.metadata.create_all(sync, tables=list(DIRECTORY_TABLES)))
            early = row_by_column(row_values(doctor("early", "Остапчук", "Ольга")))
            await connection.execute(doctor_directory.insert(), [early])
            await install(connection)
        page = await make_index(engine).search(DoctorQuery(text="Остапчук"))
        assert [hit.document.employee_id for hit in page.hits] == ["early"]
    finally:
        await engine.dispose()


async def test_alembic_can_tell_the_extras_from_declared_tables(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'names.sqlite3'}")
    try:
        await ensure_directory_schema(engine)
        async with engine.connect() as connection:
            result = await connection.execute(text("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')"))
            names = set(result.scalars())
    finally:
        await engine.dispose()
    declared = {table.name for table in DIRECTORY_TABLES}
    extras = names - declared
    assert extras, "the FTS table, its shadow tables and the triggers exist"
    assert all(is_schema_extra(name) for name in extras)
    assert not any(is_schema_extra(name) for name in declared)


@pytest.mark.parametrize("name", [None, "doctor_directory", "doctor_name_term", "users"])
def test_declared_and_foreign_names_are_not_extras(name: str | None) -> None:
    assert not is_schema_extra(name)


async def test_an_in_memory_database_is_searched_through_the_engine_itself() -> None:
    engine = make_engine("sqlite+aiosqlite://")
    try:
        await ensure_directory_schema(engine)
        index = make_index(engine)
        await index.upsert_many([doctor("e-1", "Остапчук", "Ольга")])
        page = await index.search(DoctorQuery(text="остапчук"))
        assert [hit.document.employee_id for hit in page.hits] == ["e-1"]
        await index.close()
    finally:
        await engine.dispose()
