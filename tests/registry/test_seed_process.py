"""Seeding from a child process (`sandbox.registry.seeding.process`, as `cabinet demo` does) writes what seeding
in-process writes, with the settings the parent gave it, and reports the child's peak memory."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sandbox.registry.config import RegistrySettings
from sandbox.registry.core.db import make_engine
from sandbox.registry.core.models import Base, Client
from sandbox.registry.seed import seed_database
from sandbox.registry.seeding.process import seed_in_child_process

TODAY = date(2026, 3, 2)
REDIRECT_URI = "http://127.0.0.1:45678/auth/callback"


async def _tables(database_url: str) -> dict[str, list[dict[str, Any]]]:
    engine = make_engine(database_url)
    try:
        async with engine.connect() as conn:
            return {
                name: [dict(row) for row in (await conn.execute(select(table).order_by(*table.primary_key))).mappings()]
                for name, table in Base.metadata.tables.items()
            }
    finally:
        await engine.dispose()


async def test_the_child_writes_what_seeding_in_process_writes(tmp_path: Path) -> None:
    def settings(name: str) -> RegistrySettings:
        return RegistrySettings(database_url=f"sqlite+aiosqlite:///{tmp_path / name}", pis_redirect_uris=[REDIRECT_URI])

    child_settings, local_settings = settings("child.sqlite3"), settings("local.sqlite3")
    from_child = await seed_in_child_process(child_settings, seed=5, doctors=40, today=TODAY)
    engine = make_engine(local_settings.database_url)
    try:
        in_process = await seed_database(engine, seed=5, doctors=40, settings=local_settings, today=TODAY)
    finally:
        await engine.dispose()

    def counts(summary: Any) -> dict[str, Any]:
        return {k: v for k, v in dataclasses.asdict(summary).items() if k not in ("elapsed_seconds", "peak_rss_mb")}

    assert counts(from_child) == counts(in_process)
    assert from_child.doctors == 40
    assert from_child.peak_rss_mb is not None and from_child.peak_rss_mb > 10  # an interpreter's worth at least
    assert in_process.peak_rss_mb is None
    child_tables, local_tables = await _tables(child_settings.database_url), await _tables(local_settings.database_url)
    for name in ("parties", "employees", "divisions", "legal_entities", "settlements", "persons"):
        assert child_tables[name] == local_tables[name], name
    # The parent's settings reached the child: the cabinet's client accepts the parent's redirect URI.
    engine = make_engine(child_settings.database_url)
    try:
        async with engine.connect() as conn:
            redirects = (await conn.execute(select(Client.redirect_uris))).scalars().all()
    finally:
        await engine.dispose()
    assert any(REDIRECT_URI in uris for uris in redirects)


async def test_a_failing_child_is_reported(tmp_path: Path) -> None:
    # A database URL the child cannot open: its directory is a file.
    (tmp_path / "not-a-directory").write_text("")
    settings = RegistrySettings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'not-a-directory' / 'r.sqlite3'}")
    with pytest.raises(RuntimeError, match="seeding the registry sandbox failed"):
        await seed_in_child_process(settings, seed=5, doctors=40, today=TODAY)
