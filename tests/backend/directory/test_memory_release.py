"""A directory sync hands the memory it freed back to the system (`backend.memory`)."""

from __future__ import annotations

import asyncio
import platform
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from backend import memory
from backend.clock import Clock
from backend.db import make_engine
from backend.directory import keys
from backend.registry.errors import RegistryUnavailable
from backend.services import directory
from backend.services.directory import DirectoryState, DirectorySyncer

GLIBC = platform.libc_ver()[0] == "glibc"


def anonymous_rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("RssAnon:"))
    return int(line.split()[1]) / 1024


@pytest.mark.skipif(not GLIBC, reason="malloc_trim is glibc's; other allocators are left alone")
def test_freed_heap_memory_goes_back_to_the_system() -> None:
    # 16 KB blocks come from glibc's heap (not a mapping of their own); a small block kept after each pins
    # them there once they are freed, as the objects a sync keeps pin what it dropped.
    blocks = [(bytes(16_384 + i % 7), bytes(600 + i % 5)) for i in range(5_000)]
    kept = [small for _, small in blocks]
    del blocks
    before = anonymous_rss_mb()

    assert memory.release_freed_memory() is True

    assert anonymous_rss_mb() < before - 40  # ~80 MB were free but resident
    assert len(kept) == 5_000


def test_without_glibc_nothing_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memory, "_malloc_trim", lambda: None)  # musl, macOS: no malloc_trim to call

    assert memory.release_freed_memory() is False


class EmptyRegistry:
    """A registry whose directory listings are empty, or which is down."""

    def __init__(self, *, down: bool) -> None:
        self.down = down
        self.listed = asyncio.Event()

    def __getattr__(self, name: str) -> Any:
        async def listing(*args: Any, **kwargs: Any) -> AsyncIterator[Any]:
            self.listed.set()
            if self.down:
                raise RegistryUnavailable("registry_unreachable")
            return
            yield  # an async generator, as the directory's listings are

        return listing


@pytest.mark.parametrize("down", [False, True], ids=["synced", "failed"])
async def test_the_syncer_forgets_its_tokens_and_releases_memory_after_each_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, down: bool
) -> None:
    released = threading.Event()  # set from the worker thread the syncer releases memory in
    monkeypatch.setattr(directory, "release_freed_memory", released.set)
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'directory.sqlite3'}")
    state = DirectoryState()
    registry = EmptyRegistry(down=down)
    keys.tokens("Шевченко")  # a name tokenised before the sync
    syncer = DirectorySyncer(
        state, engine, registry, Clock(), sync_on_startup=True, interval_seconds=3600, depth_days=2
    )  # type: ignore[arg-type]
    try:
        await syncer.open()
        assert await asyncio.to_thread(released.wait, 10)
    finally:
        await syncer.close()
        await engine.dispose()
    assert registry.listed.is_set()
    assert state.phase == ("failed" if down else "ready")
    assert keys.tokens.cache_info().currsize == 0  # what a sync tokenised is not kept
