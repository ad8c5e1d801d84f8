"""A scripted eHealth for contract tests: answers requests with recorded eHealth-format responses
through `httpx.MockTransport` and remembers every request it saw."""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

RECORDED = Path(__file__).parent / "recorded"

Answer = httpx.Response | Exception


def recorded(name: str) -> bytes:
    return (RECORDED / name).read_bytes()


def recorded_json(name: str) -> Any:
    return json.loads(recorded(name))


@dataclass
class Hang:
    """An answer that never comes (until the adapter's own time limit cuts it off)."""

    seconds: float = 60.0


class FakeEHealth:
    def __init__(self) -> None:
        self._answers: dict[tuple[str, str], deque[Answer | Hang]] = defaultdict(deque)
        self.requests: list[httpx.Request] = []
        self.request_arrived = asyncio.Event()

    def reply(
        self,
        method: str,
        path: str,
        status: int = 200,
        *,
        file: str | None = None,
        body: bytes | None = None,
        json_body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> FakeEHealth:
        """Queue an answer for `method path`; the last queued answer repeats for later calls."""
        if file is not None:
            content = recorded(file)
        elif json_body is not None:
            content = json.dumps(json_body, ensure_ascii=False).encode()
        else:
            content = body or b""
        response_headers = {"content-type": "application/json", **(headers or {})}
        self._answers[(method, path)].append(httpx.Response(status, content=content, headers=response_headers))
        return self

    def fail(self, method: str, path: str, error: Exception | Hang) -> FakeEHealth:
        self._answers[(method, path)].append(error)
        return self

    def calls(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and r.url.path == path]

    async def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.request_arrived.set()
        queue = self._answers.get((request.method, request.url.path))
        if not queue:
            return httpx.Response(404, json={"error": {"type": "not_found", "message": "no recorded answer"}})
        answer = queue.popleft() if len(queue) > 1 else queue[0]
        if isinstance(answer, Hang):
            await asyncio.sleep(answer.seconds)
            raise AssertionError("the adapter should have given up waiting")
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx.Response):
            # A fresh copy: a Response's body stream can be read once.
            return httpx.Response(answer.status_code, content=answer.content, headers=answer.headers)
        raise TypeError(f"unsupported answer {answer!r}")

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self._handle)


class ManualClock:
    """A monotonic clock the test moves by hand (for the circuit breaker)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class RecordingSleep:
    """Stands in for asyncio.sleep: remembers the delays and returns at once."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
