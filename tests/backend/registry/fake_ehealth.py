"""A scripted eHealth for the adapter's tests: answers requests through `httpx.MockTransport` with the
Blueprints' own examples (`blueprint/`, each file names its source) or a body the test writes, and
remembers every request it saw."""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

EXAMPLES = Path(__file__).parent / "blueprint"

Answer = httpx.Response | Exception


def example(name: str) -> dict[str, Any]:
    """A Blueprint example, `blueprint/<name>` (its `_source` says which call and structures it comes from)."""
    value = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    assert isinstance(value, dict)
    return value


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
        """Queue an answer for `method path` (`file`: a Blueprint example); the last one repeats."""
        if file is not None:
            content = (EXAMPLES / file).read_bytes()
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
            return httpx.Response(404, json={"error": {"type": "not_found", "message": "no answer scripted"}})
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
