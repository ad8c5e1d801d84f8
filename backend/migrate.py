"""`cabinet migrate`: bring the backend's database to the latest schema (alembic upgrade head)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

from backend.db import make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    # ConfigParser interpolates "%" (e.g. in URL-encoded passwords).
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


async def migrate(database_url: str, revision: str = "head") -> None:
    """Upgrade the database at `database_url` to `revision` (async; safe inside a running loop)."""
    config = alembic_config(database_url)
    engine = make_engine(database_url)

    def _upgrade(connection: Connection) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    try:
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade)
    finally:
        await engine.dispose()


def run_migrations(database_url: str | None = None) -> None:
    """Synchronous entry point for the command line (no event loop may be running)."""
    if database_url is None:
        from backend.config import BackendSettings

        database_url = BackendSettings().database_url
    asyncio.run(migrate(database_url))
