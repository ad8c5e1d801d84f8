"""The doctor directory inside the running backend: its index, its readiness, its background syncs.

Startup never waits for a sync: the index serves whatever it holds (a previous run's data) while a
full sync loads the registry's directory in the background; incremental syncs follow periodically.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncEngine

from backend.clock import Clock
from backend.directory import keys
from backend.directory.index import DoctorIndex, make_index
from backend.directory.schema import ensure_directory_schema
from backend.directory.sync import full_sync, incremental_sync
from backend.memory import release_freed_memory
from backend.registry.budget import Lane
from backend.registry.budgeted import registry_lane
from backend.registry.errors import RegistryError
from backend.registry.port import RegistryPort

log = logging.getLogger(__name__)

DirectoryPhase = Literal["disabled", "loading", "ready", "failed"]
FIRST_RETRY_SECONDS = 15.0


@dataclass
class DirectoryState:
    index: DoctorIndex | None = None
    phase: DirectoryPhase = "loading"
    doctors: int | None = None
    last_full_sync_at: datetime | None = None
    last_sync_at: datetime | None = None

    @property
    def usable(self) -> bool:
        """Searches can be answered: a loaded directory, or one whose syncing is switched off."""
        return self.index is not None and self.phase in ("ready", "disabled")


class DirectorySyncer:
    def __init__(
        self,
        state: DirectoryState,
        engine: AsyncEngine,
        registry: RegistryPort,
        clock: Clock,
        *,
        sync_on_startup: bool,
        interval_seconds: float,
        depth_days: int,
    ) -> None:
        self._state = state
        self._engine = engine
        self._registry = registry
        self._clock = clock
        self._sync_on_startup = sync_on_startup
        self._interval = interval_seconds
        self._depth_days = depth_days
        self._task: asyncio.Task[None] | None = None

    async def open(self) -> None:
        """Make sure the schema exists and the index answers; start syncing in the background."""
        await ensure_directory_schema(self._engine)
        index = make_index(self._engine)
        self._state.index = index
        self._state.doctors = await index.count()
        if not self._sync_on_startup:
            self._state.phase = "disabled"
            return
        self._state.phase = "ready" if self._state.doctors else "loading"
        self._task = asyncio.create_task(self._run(index), name="directory-sync")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._state.index is not None:
            await self._state.index.close()  # the SQLite index keeps its own connections

    async def _run(self, index: DoctorIndex) -> None:
        with registry_lane(Lane.SYNC):  # the sync takes what patients leave of the client's registry budget
            await self._loop(index)

    async def _loop(self, index: DoctorIndex) -> None:
        retry = FIRST_RETRY_SECONDS
        while not await self._sync(index, full=True):
            await asyncio.sleep(retry)
            retry = min(retry * 2, self._interval)
        while True:
            await asyncio.sleep(self._interval)
            await self._sync(index, full=False)

    def _failed(self) -> bool:
        if not self._state.doctors:
            self._state.phase = "failed"
        return False

    async def _sync(self, index: DoctorIndex, *, full: bool) -> bool:
        synced = await self._sync_once(index, full=full)
        # A sync frees nearly all it made; without this its peak stays resident while the backend serves. The
        # name tokens it cached are of no use to searches, and, strewn over the memory the sync used, they keep
        # Python's arenas from being returned (42 MB after a first sync of 100,000 doctors).
        keys.tokens.cache_clear()
        await asyncio.to_thread(release_freed_memory)
        return synced

    async def _sync_once(self, index: DoctorIndex, *, full: bool) -> bool:
        try:
            if full:
                report = await full_sync(self._registry, index)
            else:
                report = await incremental_sync(self._registry, index, self._depth_days, now=self._clock.now())
        except RegistryError as failure:
            log.warning("directory sync failed", extra={"full": full, "code": failure.code})
            return self._failed()
        except Exception:
            # Anything else (a database hiccup) must not end the loop: the next round tries again.
            log.exception("directory sync failed", extra={"full": full})
            return self._failed()
        now = self._clock.now()
        self._state.doctors = await index.count()
        self._state.last_sync_at = now
        if full:
            self._state.last_full_sync_at = now
        self._state.phase = "ready"
        log.info(
            "directory synced",
            extra={"full": full, "upserted": report.upserted, "removed": report.removed, "seconds": report.seconds},
        )
        return True
