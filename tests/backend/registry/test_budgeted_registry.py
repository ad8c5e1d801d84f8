"""Every registry call pays from the client's budget, in its lane; a refusal makes no call; a 429 pauses all."""

from __future__ import annotations

import asyncio
import inspect
import math
from collections.abc import AsyncIterator
from typing import Any

import pytest

from backend.api.errors import from_registry
from backend.registry.budget import BudgetShape, Lane, LocalCallBudget
from backend.registry.budgeted import BudgetedRegistry, BudgetSpent, current_lane, registry_lane
from backend.registry.errors import RegistryRateLimited
from backend.registry.port import RegistryPort, admit_further_page, further_page_gate
from tests.backend.registry.test_call_budget import FakeTime

SHAPE = BudgetShape(20, 900, burst_share=0.5)  # bucket 10, reserve 5, a token every 90 s


class FakeRegistry:
    """Answers from memory and counts what reached it; `limited` makes the next call answer 429."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Lane]] = []
        self.limited: RegistryRateLimited | None = None

    def _arrive(self, name: str) -> None:
        self.calls.append((name, current_lane()))
        if self.limited is not None:
            refusal, self.limited = self.limited, None
            raise refusal

    def sign_in_url(self, state: str, *, sign_up: bool = False) -> str:
        return f"https://auth.example/sign-in?state={state}"

    async def exchange_code(self, code: str) -> str:
        self._arrive("exchange_code")
        return "tokens"

    async def refresh(self, refresh_token: str) -> str:
        self._arrive("refresh")
        return "tokens"

    async def get_person(self, token: str) -> str:
        self._arrive("get_person")
        return "person"

    async def bulk_employees(self, depth_days: int | None = None) -> AsyncIterator[int]:
        """Three pages of one item each, walked as the adapter walks a listing."""
        for page in range(3):
            if page:
                await admit_further_page()
            self._arrive("bulk_employees")
            yield page

    async def list_accesses(self, token: str) -> list[int]:
        """A call whose answer takes two pages."""
        self._arrive("list_accesses")
        await admit_further_page()
        self._arrive("list_accesses")
        return [1, 2]


def budgeted(**kwargs: Any) -> tuple[BudgetedRegistry, FakeRegistry, LocalCallBudget, FakeTime]:
    clock = FakeTime()
    budget = LocalCallBudget(SHAPE, clock=clock)
    inner = FakeRegistry()

    async def sleep(seconds: float) -> None:  # waiting moves the budget's clock
        clock.now += seconds

    kwargs.setdefault("sleep", sleep)
    return BudgetedRegistry(inner, budget, **kwargs), inner, budget, clock  # type: ignore[arg-type]


async def test_each_call_takes_a_token_and_a_refused_one_reaches_nothing() -> None:
    port, inner, _, clock = budgeted()
    for _ in range(10):
        assert await port.get_person("token") == "person"
    with pytest.raises(BudgetSpent) as refused:
        await port.get_person("token")
    assert len(inner.calls) == 10
    assert refused.value.retry_after == math.ceil(1 / SHAPE.rate)  # 90 s until the next token
    assert isinstance(refused.value, RegistryRateLimited)

    clock.now += 1 / SHAPE.rate
    assert await port.get_person("token") == "person"
    assert len(inner.calls) == 11


async def test_sign_in_and_refresh_pay_too_and_a_link_is_free() -> None:
    port, inner, budget, _ = budgeted()
    assert port.sign_in_url("state-1").endswith("state=state-1")
    assert await port.exchange_code("code") == "tokens"
    assert await port.refresh("refresh-token") == "tokens"
    assert [name for name, _ in inner.calls] == ["exchange_code", "refresh"]
    assert await budget.available(Lane.PATIENT) == SHAPE.capacity - 2


async def test_the_lane_decides_the_floor_and_a_task_keeps_its_lane() -> None:
    port, inner, budget, clock = budgeted()
    with registry_lane(Lane.SYNC):
        task = asyncio.create_task(port.get_person("token"))
    assert await task == "person"  # made after the block ended, in the lane it was started in
    with registry_lane(Lane.SYNC):
        for _ in range(int(SHAPE.capacity - SHAPE.patient_reserve) - 1):
            await port.get_person("token")
    assert clock.now == 0  # the sync took what lay above the patients' reserve without waiting
    assert await budget.available(Lane.PATIENT) == SHAPE.patient_reserve
    assert current_lane() is Lane.PATIENT  # the block ended: patients' lane again
    assert {lane for _, lane in inner.calls} == {Lane.SYNC}
    for _ in range(int(SHAPE.patient_reserve)):
        await port.get_person("token")  # the reserve is the patients'
    with pytest.raises(BudgetSpent):
        await port.get_person("token")


async def test_a_background_call_waits_for_its_token_where_a_patients_is_refused() -> None:
    port, inner, budget, clock = budgeted()
    assert sum([await budget.try_take(Lane.WATCHER) for _ in range(20)]) == SHAPE.capacity - SHAPE.patient_reserve
    with registry_lane(Lane.WATCHER):
        assert await port.refresh("refresh-token") == "tokens"  # a watcher's refresh: it waited for a token
    assert clock.now == pytest.approx(1 / SHAPE.rate)
    assert await budget.available(Lane.PATIENT) == pytest.approx(SHAPE.patient_reserve)  # the reserve untouched
    assert [name for name, _ in inner.calls] == ["refresh"]


async def test_the_registrys_429_pauses_every_lane_for_its_retry_after() -> None:
    port, inner, budget, clock = budgeted()
    inner.limited = RegistryRateLimited(retry_after=120)
    with pytest.raises(RegistryRateLimited) as limited:
        await port.get_person("token")
    assert not isinstance(limited.value, BudgetSpent)
    assert await budget.wait_seconds(Lane.PATIENT) == pytest.approx(120)
    with pytest.raises(BudgetSpent) as refused:
        await port.get_person("token")
    assert refused.value.retry_after == 120
    assert len(inner.calls) == 1

    clock.now += 120
    assert await port.get_person("token") == "person"
    clock.now += 3600  # the bucket is full again
    inner.limited = RegistryRateLimited(retry_after=300)
    with pytest.raises(RegistryRateLimited):
        await port.get_person("token")
    with registry_lane(Lane.WATCHER):
        assert await port.get_person("token") == "person"  # a background call waits the pause out
    assert clock.now == pytest.approx(120 + 3600 + 300)


async def test_a_429_without_retry_after_pauses_for_the_configured_time() -> None:
    port, inner, budget, _ = budgeted(rate_limited_pause=45)
    inner.limited = RegistryRateLimited()
    with pytest.raises(RegistryRateLimited):
        await port.exchange_code("code")
    assert await budget.wait_seconds(Lane.PATIENT) == pytest.approx(45)


async def test_a_listing_pays_for_every_page_and_a_429_inside_it_pauses() -> None:
    port, inner, budget, clock = budgeted()
    with registry_lane(Lane.SYNC):
        assert [page async for page in port.bulk_employees()] == [0, 1, 2]
    assert await budget.available(Lane.PATIENT) == SHAPE.capacity - 3
    assert await port.list_accesses("token") == [1, 2]  # a call that walks two pages pays two
    assert await budget.available(Lane.PATIENT) == SHAPE.capacity - 5

    clock.now += 3600  # the bucket is full again
    inner.limited = RegistryRateLimited(retry_after=30)
    with registry_lane(Lane.SYNC), pytest.raises(RegistryRateLimited):
        _ = [page async for page in port.bulk_employees()]
    assert await budget.wait_seconds(Lane.PATIENT) == pytest.approx(30)


async def test_the_prepaid_view_takes_nothing_for_a_call_but_pays_further_pages_and_a_429_still_pauses() -> None:
    port, inner, budget, _ = budgeted()
    prepaid = port.prepaid()
    with registry_lane(Lane.WATCHER):
        for _ in range(30):  # the caller paid with its LaneBudget: nothing more is taken here
            await prepaid.get_person("token")
    assert await budget.available(Lane.PATIENT) == SHAPE.capacity
    # The caller paid for one page: an answer of two pays its second page here, in the caller's lane.
    with registry_lane(Lane.WATCHER):
        assert await prepaid.list_accesses("token") == [1, 2]
    assert await budget.available(Lane.PATIENT) == SHAPE.capacity - 1
    inner.limited = RegistryRateLimited(retry_after=60)
    with pytest.raises(RegistryRateLimited):
        await prepaid.get_person("token")
    assert await budget.wait_seconds(Lane.PATIENT) == pytest.approx(60)


def test_every_method_of_the_port_is_budgeted() -> None:
    for name, stub in vars(RegistryPort).items():
        if name.startswith("_") or not inspect.isfunction(stub):
            continue
        method = vars(BudgetedRegistry).get(name)
        assert method is not None and method is not stub, name
        if inspect.iscoroutinefunction(stub):
            assert inspect.iscoroutinefunction(method), name
        elif str(stub.__annotations__.get("return")).startswith("AsyncIterator"):
            assert inspect.isasyncgenfunction(method), name
    # The auth calls of a sign-in and a refresh are among them.
    assert inspect.iscoroutinefunction(BudgetedRegistry.exchange_code)
    assert inspect.iscoroutinefunction(BudgetedRegistry.refresh)


def test_a_spent_budget_answers_503_rate_limited_with_the_wait_rounded_up() -> None:
    error = from_registry(BudgetSpent(retry_after=150.2))
    assert (error.status, error.body.code, error.body.reason) == (503, "registry_unavailable", "rate_limited")
    assert error.headers == {"Retry-After": "151"}


async def test_a_background_walk_waits_for_its_next_page_and_a_patients_walk_is_refused() -> None:
    port, inner, budget, clock = budgeted()
    # The SYNC lane may take what is above the patients' reserve (5 of 10): leave it one token.
    with registry_lane(Lane.SYNC):
        assert sum([await budget.try_take(Lane.SYNC) for _ in range(4)]) == 4
        pages = [page async for page in port.bulk_employees()]
    assert pages == [0, 1, 2]
    assert clock.now >= 2 * SHAPE.rate**-1 - 1e-6  # two pages waited a token each, none was skipped
    assert [name for name, _ in inner.calls] == ["bulk_employees"] * 3

    inner.calls.clear()
    assert sum([await budget.try_take(Lane.PATIENT) for _ in range(20)]) > 0
    with pytest.raises(BudgetSpent):
        await port.list_accesses("token")  # no token for its first page: refused before anything is asked
    assert inner.calls == []


def test_the_page_gate_does_not_leak_into_the_callers_context() -> None:
    async def run() -> None:
        port, _, _, _ = budgeted()
        with registry_lane(Lane.SYNC):
            async for _ in port.bulk_employees():
                assert further_page_gate.get() is None
        assert further_page_gate.get() is None

    asyncio.run(run())
