"""Test doubles that sit on the real seams: an HTTP transport that breaks the registry on demand, and a
registry port that counts (and can hold) calls on their way to the real adapter.

Both wrap the real thing: with no fault planned and no hold set, every call reaches the registry sandbox.
"""

from __future__ import annotations

import asyncio
import inspect
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, NoReturn

import httpx

from backend.registry.port import RegistryPort


class Fault(Enum):
    """Ways a registry (or the network in front of it) fails."""

    TIMEOUT = "timeout"  # never answers; the adapter's time limit must cut it off
    REFUSED = "refused"  # connection refused
    SERVER_ERROR = "500"
    BAD_GATEWAY = "502"
    UNAVAILABLE = "503"
    RATE_LIMITED = "429"  # with a Retry-After longer than the adapter is willing to wait
    MALFORMED_JSON = "malformed"  # 200 with a body that is not JSON
    ANSWER_LOST = "answer_lost"  # the registry does the work, then the answer never arrives


RequestFilter = Callable[[httpx.Request], bool]

_ERROR_STATUS = {
    Fault.SERVER_ERROR: 500,
    Fault.BAD_GATEWAY: 502,
    Fault.UNAVAILABLE: 503,
    Fault.RATE_LIMITED: 429,
}


def every_request(_: httpx.Request) -> bool:
    return True


def writes_only(request: httpx.Request) -> bool:
    return request.method != "GET"


def path_ends_with(suffix: str) -> RequestFilter:
    return lambda request: request.url.path.endswith(suffix)


@dataclass
class FaultPlan:
    """What the faulty transport does next. Tests switch it between calls; `seen` records every request
    that reached the transport (method and path), faulted or not."""

    fault: Fault | None = None
    applies_to: RequestFilter = every_request
    seen: list[tuple[str, str]] = field(default_factory=list)

    def inject(self, fault: Fault, applies_to: RequestFilter = every_request) -> None:
        self.fault, self.applies_to = fault, applies_to

    def clear(self) -> None:
        self.fault, self.applies_to = None, every_request

    def fault_for(self, request: httpx.Request) -> Fault | None:
        return self.fault if self.fault is not None and self.applies_to(request) else None


async def _hang() -> NoReturn:
    """Wait until cancelled: by the adapter's time limit, which is what is under test."""
    await asyncio.Event().wait()
    raise AssertionError("an event nobody sets was set")


class FaultyTransport(httpx.AsyncBaseTransport):
    """Forwards to the registry sandbox unless the plan says to fail this request."""

    def __init__(self, inner: httpx.AsyncBaseTransport, plan: FaultPlan) -> None:
        self._inner = inner
        self._plan = plan

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._plan.seen.append((request.method, request.url.path))
        fault = self._plan.fault_for(request)
        if fault is None:
            return await self._inner.handle_async_request(request)
        if fault is Fault.TIMEOUT:
            await _hang()
        if fault is Fault.ANSWER_LOST:
            response = await self._inner.handle_async_request(request)
            await response.aread()
            await _hang()
        if fault is Fault.REFUSED:
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        if fault is Fault.MALFORMED_JSON:
            return httpx.Response(
                200, content=b'{"meta": {"code": 200}, "data": {"id": ', headers={"content-type": "application/json"}
            )
        status = _ERROR_STATUS[fault]
        headers = {"retry-after": "120"} if fault is Fault.RATE_LIMITED else {}
        body = {"meta": {"code": status, "type": "object"}, "error": {"type": "internal_error", "message": "boom"}}
        return httpx.Response(status, json=body, headers=headers)

    async def aclose(self) -> None:
        await self._inner.aclose()


class CountingRegistry(RegistryPort):
    """The real adapter behind a counter. `hold(name)` parks calls of that method until `release(name)`,
    so a test can make two requests overlap exactly where a race would hurt."""

    def __init__(self, inner: RegistryPort) -> None:
        self._inner = inner
        self.calls: Counter[str] = Counter()
        self._holds: dict[str, asyncio.Event] = {}
        self._arrived: dict[str, asyncio.Condition] = {}

    def hold(self, name: str) -> None:
        self._holds[name] = asyncio.Event()

    def release(self, name: str) -> None:
        self._holds.pop(name).set()

    async def wait_for_calls(self, name: str, count: int) -> None:
        """Until `name` was called `count` times in all (callers bound the wait with asyncio.timeout)."""
        condition = self._arrived.setdefault(name, asyncio.Condition())
        async with condition:
            await condition.wait_for(lambda: self.calls[name] >= count)

    def __getattribute__(self, name: str) -> Any:
        # RegistryPort's methods are protocol stubs: every public one must reach the wrapped adapter.
        if name.startswith("_") or name in {"calls", "hold", "release", "wait_for_calls"}:
            return object.__getattribute__(self, name)
        target = getattr(object.__getattribute__(self, "_inner"), name)
        if not inspect.iscoroutinefunction(target):
            return target  # sign_in_url, and the async generators of the directory sync

        async def counted(*args: Any, **kwargs: Any) -> Any:
            await self._arrive(name)
            hold = self._holds.get(name)
            if hold is not None:
                await hold.wait()
            return await target(*args, **kwargs)

        return counted

    async def _arrive(self, name: str) -> None:
        self.calls[name] += 1
        condition = self._arrived.setdefault(name, asyncio.Condition())
        async with condition:
            condition.notify_all()
