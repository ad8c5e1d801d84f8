"""The registry sandbox's own database: engine, sessions, schema (SQLite by default, PostgreSQL too)."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from sandbox.registry.core import changes
from sandbox.registry.core.models import Base

# SQLite waits this long for another writer before giving up (tests and demos write from several tasks).
SQLITE_BUSY_MS = 5000


def _sqlite_file(database_url: str) -> Path | None:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def make_engine(database_url: str, *, mmap_mb: int = 0, connections: int | None = None, **options: Any) -> AsyncEngine:
    """An async engine; names and addresses stay readable Cyrillic in JSON columns. On SQLite, the file is
    read through a memory map of up to `mmap_mb` MB (`RegistrySettings.sqlite_mmap_mb`), and through at most
    `connections` connections when given (`RegistrySettings.sqlite_connections`; requests wait for one)."""
    file = _sqlite_file(database_url)
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        if connections is not None:
            options.setdefault("pool_size", connections)
            options.setdefault("max_overflow", 0)
    options.setdefault("json_serializer", partial(json.dumps, ensure_ascii=False))
    # A page of the bulk export reads four JSON documents a record, 2,000 records a page.
    options.setdefault("json_deserializer", orjson.loads)
    engine = create_async_engine(database_url, **options)
    if make_url(database_url).get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", partial(_configure_sqlite, mmap_bytes=mmap_mb << 20))
    return engine


def _configure_sqlite(connection: Any, _record: Any, *, mmap_bytes: int) -> None:
    cursor = connection.cursor()
    pragmas = (
        "journal_mode=WAL",
        "foreign_keys=ON",
        f"busy_timeout={SQLITE_BUSY_MS}",
        f"mmap_size={mmap_bytes}",
    )
    for pragma in pragmas:
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


async def create_schema(engine: AsyncEngine, *, drop: bool = False) -> None:
    async with engine.begin() as conn:
        if drop:
            await conn.run_sync(Base.metadata.drop_all)
        await conn.run_sync(Base.metadata.create_all)
        await conn.run_sync(_create_missing_indexes)
        await conn.run_sync(changes.install)


def _create_missing_indexes(connection: Connection) -> None:
    """`create_all` skips the indexes of tables that exist: a database seeded before an index was added
    gets it here."""
    for table in Base.metadata.sorted_tables:
        for index in table.indexes:
            index.create(connection, checkfirst=True)
