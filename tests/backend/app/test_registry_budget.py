"""The backend pays every registry call from the client's one budget: sign-ins too, the sync in its own lane."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx

from backend.clock import Clock
from backend.db import make_engine
from backend.registry.budget import BudgetShape, Lane, LocalCallBudget
from backend.registry.budgeted import BudgetedRegistry, current_lane
from backend.registry.errors import RegistryUnavailable
from backend.services.container import Services
from backend.services.directory import DirectoryState, DirectorySyncer
from tests.backend.app.conftest import Cabinet, person
from tests.backend.registry.test_call_budget import FakeTime

OLENA = person("adult_with_declaration")
SHAPE = BudgetShape(20, 1280, burst_share=0.5)  # a bucket of 10, one call back every 128 s


async def test_a_sign_in_pays_and_a_spent_budget_answers_503_with_when_to_retry(
    cabinet: Cabinet, api: httpx.AsyncClient, services: Services
) -> None:
    registry = services.registry
    assert isinstance(registry, BudgetedRegistry)
    clock = FakeTime()
    registry.budget = LocalCallBudget(BudgetShape(1000, 900), clock=clock)  # frozen: nothing refills

    page = await cabinet.sign_in(7301, OLENA)
    assert page.status_code == 200, page.text
    spent = BudgetShape(1000, 900).capacity - await registry.budget.available(Lane.PATIENT)
    assert spent >= 2  # the code exchange and the person's read at least

    tight = LocalCallBudget(SHAPE, clock=clock)
    while await tight.try_take(Lane.PATIENT):
        pass
    registry.budget = tight
    services.session_cache.clear()  # what the sign-in read is kept for the session: ask the registry again
    refused = await api.get("/v1/users/7301/me")
    assert refused.status_code == 503, refused.text
    assert refused.json()["error"]["code"] == "registry_unavailable"
    assert refused.json()["error"]["reason"] == "rate_limited"
    assert refused.headers["retry-after"] == "128"

    clock.now += 128
    again = await api.get("/v1/users/7301/me")
    assert again.status_code == 200, again.text


class LaneRecorder:
    """A registry that notes the lane of every call it gets and is down."""

    def __init__(self) -> None:
        self.lanes: list[Lane] = []
        self.called = asyncio.Event()

    def __getattr__(self, name: str) -> Any:
        async def listing(*args: Any, **kwargs: Any) -> Any:
            self.lanes.append(current_lane())
            self.called.set()
            raise RegistryUnavailable("registry_unreachable")
            yield  # an async generator, as the directory's listings are

        return listing


async def test_the_directory_sync_calls_in_its_own_lane(tmp_path: Path) -> None:
    recorder = LaneRecorder()
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'directory.sqlite3'}")
    syncer = DirectorySyncer(
        DirectoryState(), engine, recorder, Clock(), sync_on_startup=True, interval_seconds=3600, depth_days=2
    )  # type: ignore[arg-type]
    try:
        await syncer.open()
        async with asyncio.timeout(10):
            await recorder.called.wait()
    finally:
        await syncer.close()
        await engine.dispose()
    assert recorder.lanes and set(recorder.lanes) == {Lane.SYNC}
    assert current_lane() is Lane.PATIENT  # the caller's own lane is untouched
