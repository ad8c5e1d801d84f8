"""Every registry call through the client's one budget: the port as the rest of the backend gets it.

`BudgetedRegistry` wraps the adapter. Each call of the port (a sign-in's token exchange and a refresh
included) first takes a token of the budget in the current lane, and so does every further page of a listing
(the directory's bulk exports and portal walks, a patient's accesses): eHealth counts each page it serves. A
patient's call or page is refused when no token is left; a background lane's waits for its token, so a long
sync slows down rather than starting over. The lane is a context variable: PATIENT unless the code around says
otherwise (`with registry_lane(Lane.SYNC): …`; a task started inside the block keeps the lane).

Refused (a patient's), the call is not made: it raises `BudgetSpent` (a `RegistryRateLimited`, so the API answers 503
`registry_unavailable`/`rate_limited` with Retry-After: the seconds until the lane may call again, rounded
up). When eHealth itself answers 429, the whole budget pauses for its Retry-After, every lane and process.

Nothing outside `backend.registry` knows which budget is behind it: `open_call_budget` builds it from
`RegistryBudgetSettings` (in memory, or in Redis shared by every process).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import math
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import aclosing, asynccontextmanager, contextmanager
from contextvars import ContextVar
from functools import partial
from typing import Any

from redis.asyncio import Redis

from backend.registry.budget import BACKGROUND_LANES, BudgetShape, ClientCallBudget, Lane, LocalCallBudget
from backend.registry.budget_redis import RedisCallBudget
from backend.registry.errors import RegistryRateLimited
from backend.registry.port import RegistryPort, further_page_gate
from backend.registry.settings import RegistryBudgetSettings

log = logging.getLogger(__name__)

_LANE: ContextVar[Lane] = ContextVar("registry_lane", default=Lane.PATIENT)


def current_lane() -> Lane:
    return _LANE.get()


@contextmanager
def registry_lane(lane: Lane) -> Iterator[None]:
    """Registry calls made inside (tasks created inside too) draw on `lane`."""
    token = _LANE.set(lane)
    try:
        yield
    finally:
        _LANE.reset(token)


class BudgetSpent(RegistryRateLimited):
    """The client's own budget refused the call (nothing was sent to eHealth)."""

    default_code = "budget_spent"
    default_message_uk = "Реєстр eHealth зараз перевантажений. Спробуйте, будь ласка, за кілька хвилин."


def retry_after_seconds(wait: float) -> int:
    """A Retry-After for a wait: whole seconds, rounded up, at least 1."""
    return max(1, math.ceil(wait))


class BudgetedRegistry(RegistryPort):
    """The port with every call paid from `budget` (see the module's note).

    `prepaid()` is the same port for a caller that takes its tokens itself (the status watcher, through its
    `LaneBudget`): its calls take nothing more, but each further page of an answer does, and a 429 still
    pauses the whole budget."""

    def __init__(
        self,
        inner: RegistryPort,
        budget: ClientCallBudget,
        *,
        rate_limited_pause: float = 60.0,
        take: bool = True,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.inner = inner
        self.budget = budget
        self.rate_limited_pause = rate_limited_pause
        self._take = take
        self._sleep = sleep  # a test's clock moves instead

    def prepaid(self) -> BudgetedRegistry:
        return BudgetedRegistry(self.inner, self.budget, rate_limited_pause=self.rate_limited_pause, take=False)

    async def _admit(self, method: str) -> None:
        if self._take:
            await self._pay(method)

    async def _pay(self, method: str) -> None:
        """A token for one call in the current lane: a patient's is refused when there is none; a background
        lane's waits for it (a sync or a watcher's refresh refused mid-way would only start over, at more cost)."""
        lane = current_lane()
        if lane in BACKGROUND_LANES:
            while not await self.budget.try_take(lane):
                # The token comes back at a known rate; another process may take it first, then this waits again.
                await self._sleep(max(0.05, await self.budget.wait_seconds(lane)))
            return
        if await self.budget.try_take(lane):
            return
        wait = retry_after_seconds(await self.budget.wait_seconds(lane))
        log.info(
            "registry %s refused: the client's call budget is spent (lane %s, again in %d s)",
            method,
            lane,
            wait,
            extra={"registry_call": method, "lane": str(lane), "retry_after": wait},
        )
        raise BudgetSpent(retry_after=wait, status=None, detail=f"client call budget spent ({lane})")

    async def _admit_page(self, method: str) -> None:
        # Even the prepaid view pays here: its caller paid for the call, which is one page; eHealth counts the rest.
        await self._pay(method)

    @contextmanager
    def _pages_paid(self, method: str) -> Iterator[None]:
        """While the inner port works on `method`, each further page it asks for pays first."""
        token = further_page_gate.set(partial(self._admit_page, method))
        try:
            yield
        finally:
            further_page_gate.reset(token)

    async def _rate_limited(self, refusal: RegistryRateLimited) -> None:
        if isinstance(refusal, BudgetSpent):
            return  # a budget wrapped twice: the inner one refused, nothing reached eHealth
        seconds = refusal.retry_after or self.rate_limited_pause
        log.warning(
            "eHealth answered 429: every registry call waits %.0f s",
            seconds,
            extra={"retry_after": seconds, "request_id": refusal.request_id},
        )
        await self.budget.pause(seconds)


def _call(name: str) -> Callable[..., Any]:
    async def call(self: BudgetedRegistry, *args: Any, **kwargs: Any) -> Any:
        await self._admit(name)
        try:
            with self._pages_paid(name):
                return await getattr(self.inner, name)(*args, **kwargs)
        except RegistryRateLimited as refusal:
            await self._rate_limited(refusal)
            raise

    call.__name__ = call.__qualname__ = name
    return call


def _listing(name: str) -> Callable[..., AsyncIterator[Any]]:
    async def listing(self: BudgetedRegistry, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        await self._admit(name)
        try:
            async with aclosing(getattr(self.inner, name)(*args, **kwargs)) as items:
                while True:
                    # The gate is set only while the inner listing runs, never across a `yield` (it would leak
                    # into the caller's context between items).
                    with self._pages_paid(name):
                        try:
                            item = await anext(items)
                        except StopAsyncIteration:
                            return
                    yield item
        except RegistryRateLimited as refusal:
            await self._rate_limited(refusal)
            raise

    listing.__name__ = listing.__qualname__ = name
    return listing


def _passthrough(name: str) -> Callable[..., Any]:
    def passthrough(self: BudgetedRegistry, *args: Any, **kwargs: Any) -> Any:
        return getattr(self.inner, name)(*args, **kwargs)

    passthrough.__name__ = passthrough.__qualname__ = name
    return passthrough


def _budget_every_method() -> None:
    """RegistryPort's methods are protocol stubs: each public one gets its budgeted version here, so a method
    added to the port is budgeted with no change in this module (tests/backend/registry checks every one)."""
    for name, stub in vars(RegistryPort).items():
        if name.startswith("_") or not inspect.isfunction(stub):
            continue
        if inspect.iscoroutinefunction(stub):
            method = _call(name)
        elif str(stub.__annotations__.get("return", "")).startswith("AsyncIterator"):
            method = _listing(name)
        else:
            method = _passthrough(name)  # sign_in_url: a link, no call
        setattr(BudgetedRegistry, name, method)


_budget_every_method()


def shape_of(settings: RegistryBudgetSettings) -> BudgetShape:
    return BudgetShape(settings.calls, settings.window_seconds, settings.burst_share, settings.reserve_share)


@asynccontextmanager
async def open_call_budget(settings: RegistryBudgetSettings | None = None) -> AsyncIterator[ClientCallBudget]:
    """The client's budget as configured: shared in Redis when `redis_url` is set, else this process's own."""
    settings = settings or RegistryBudgetSettings()
    shape = shape_of(settings)
    if not settings.redis_url:
        yield LocalCallBudget(shape)
        return
    redis = Redis.from_url(settings.redis_url)
    try:
        yield RedisCallBudget(redis, shape, prefix=settings.redis_prefix)
    finally:
        await redis.aclose()


@asynccontextmanager
async def budgeted(
    registry: RegistryPort, settings: RegistryBudgetSettings | None = None, *, budget: ClientCallBudget | None = None
) -> AsyncIterator[BudgetedRegistry]:
    """`registry` behind the client's budget (`budget` if given, else as configured) while the block runs."""
    settings = settings or RegistryBudgetSettings()
    if budget is not None:
        yield BudgetedRegistry(registry, budget, rate_limited_pause=settings.rate_limited_pause)
        return
    async with open_call_budget(settings) as configured:
        yield BudgetedRegistry(registry, configured, rate_limited_pause=settings.rate_limited_pause)
