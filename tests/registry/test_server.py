"""`cabinet registry-sandbox` serves from a process of its own, tuned as a server."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from sandbox.registry import server
from sandbox.registry.app import create_app
from sandbox.registry.config import RegistrySettings


@pytest.fixture
def collector_kept() -> Iterator[tuple[int, int, int]]:
    before = gc.get_threshold()
    yield before
    gc.set_threshold(*before)


def test_the_server_collects_young_objects_rarely(
    monkeypatch: pytest.MonkeyPatch, collector_kept: tuple[int, int, int]
) -> None:
    served: list[tuple[int, int, int]] = []

    def run(app: Any, **_: Any) -> None:
        served.append(gc.get_threshold())

    monkeypatch.setattr(server.uvicorn, "run", run)
    assert server.serve(port=0, seed_if_empty=False) == 0
    assert served == [(server.YOUNG_COLLECTION_THRESHOLD, *collector_kept[1:])]


async def test_the_registry_maps_its_file_as_configured(tmp_path: Path) -> None:
    for mmap_mb in (0, 8):
        settings = RegistrySettings(
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'registry.sqlite3'}", sqlite_mmap_mb=mmap_mb
        )
        app = create_app(settings)
        async with app.router.lifespan_context(app), app.state.engine.connect() as connection:
            assert await connection.scalar(text("PRAGMA mmap_size")) == mmap_mb << 20
