"""Alembic environment: async engines on SQLite and PostgreSQL.

`backend.migrate` hands us an open connection (config.attributes["connection"]); the alembic
command line gets none, and we open one from BACKEND_DATABASE_URL.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from backend import models  # noqa: F401 - registers the backend's tables on Base.metadata
from backend.db import Base, is_sqlite, make_engine
from backend.directory import tables  # noqa: F401 - registers the doctor directory's tables
from backend.directory.schema import is_schema_extra

target_metadata = Base.metadata


def _include(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    # The directory's FTS5 tables, triggers and trigram index are raw DDL, not metadata: never "drop" them.
    return not (reflected and compare_to is None and is_schema_extra(name))


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=_include,
        # SQLite cannot ALTER most things in place; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_with_own_engine(url: str) -> None:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
            await connection.commit()
    finally:
        await engine.dispose()


def _database_url() -> str:
    url = context.config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from backend.config import BackendSettings

    return BackendSettings().database_url


if context.is_offline_mode():
    url = _database_url()
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=is_sqlite(url))
    with context.begin_transaction():
        context.run_migrations()
else:
    given: Connection | None = context.config.attributes.get("connection")
    if given is not None:
        _run(given)
    else:
        asyncio.run(_run_with_own_engine(_database_url()))
