"""The bot's backend client over aiohttp: what goes out, what comes back, and failures as httpx's errors."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import httpx
import pytest
from aiohttp import web

from bot.api_client import BackendClient, BackendUnavailable
from bot.http_transport import AiohttpTransport


async def echo(request: web.Request) -> web.Response:
    return web.json_response(
        {
            "method": request.method,
            "path": request.path,
            "query": dict(request.query),
            "authorization": request.headers.get("Authorization"),
            "body": await request.json() if request.can_read_body else None,
        },
        status=int(request.query.get("status", "200")),
    )


async def slow(request: web.Request) -> web.Response:
    await asyncio.sleep(2)
    return web.json_response({})


@pytest.fixture
async def server() -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_route("*", "/slow", slow)
    app.router.add_route("GET", "/v1/users/7", slow)
    app.router.add_route("*", "/{tail:.*}", echo)
    runner = web.AppRunner(app)
    await runner.setup()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    site = web.SockSite(runner, sock)
    await site.start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    await runner.cleanup()


async def test_a_request_goes_out_and_comes_back_whole(server: str) -> None:
    headers = {"Authorization": "Bearer t"}
    async with httpx.AsyncClient(base_url=server, transport=AiohttpTransport(), headers=headers) as client:
        answer = await client.post("/v1/x", params={"q": "Київ", "limit": 5}, json={"ids": [1, 2]})
        refused = await client.get("/v1/y", params={"status": 404})
    assert answer.status_code == 200
    assert answer.json() == {
        "method": "POST",
        "path": "/v1/x",
        "query": {"q": "Київ", "limit": "5"},
        "authorization": "Bearer t",
        "body": {"ids": [1, 2]},
    }
    assert answer.headers["content-type"].startswith("application/json")
    assert refused.status_code == 404


async def test_a_backend_too_slow_is_a_timeout(server: str) -> None:
    async with httpx.AsyncClient(base_url=server, transport=AiohttpTransport(), timeout=0.2) as client:
        with pytest.raises(httpx.TimeoutException):
            await client.get("/slow")


async def test_the_client_reports_the_backend_unavailable_when_slow_or_down(server: str) -> None:
    async with BackendClient(server, "t", timeout=0.2) as backend:
        with pytest.raises(BackendUnavailable):
            await backend.get_account(7)
    async with BackendClient("http://127.0.0.1:9", "t") as backend:  # discard port: refused
        with pytest.raises(BackendUnavailable):
            await backend.get_account(1)
