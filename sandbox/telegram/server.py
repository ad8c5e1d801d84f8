"""The Telegram sandbox app and its server: `cabinet telegram-sandbox`."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import uvicorn
from fastapi import FastAPI
from starlette.routing import Route

from sandbox.telegram import control_api
from sandbox.telegram.bot_api import bot_api_endpoint
from sandbox.telegram.config import TelegramSandboxSettings
from sandbox.telegram.page import load_assets, page_routes
from sandbox.telegram.world import TelegramWorld

log = logging.getLogger(__name__)


def create_app(settings: TelegramSandboxSettings | None = None) -> FastAPI:
    settings = settings or TelegramSandboxSettings()
    world = TelegramWorld(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await world.aclose()

    app = FastAPI(
        title="Telegram sandbox",
        description="A local Telegram Bot API emulator with simulated users and a web chat. Not Telegram.",
        version="1.0.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.world = world
    app.include_router(control_api.router)
    app.router.routes.extend(page_routes(load_assets()))
    # The Bot API path is the hot one: a plain Starlette route, matched first, with no validation layer.
    bot_api = Route("/bot{token}/{method}", bot_api_endpoint, methods=["GET", "POST"], include_in_schema=False)
    app.router.routes.insert(0, bot_api)
    return app


class SandboxServer(uvicorn.Server):
    """uvicorn, releasing the sandbox's long polls first so that shutdown does not wait for them."""

    def __init__(self, config: uvicorn.Config, world: TelegramWorld) -> None:
        super().__init__(config)
        self.world = world

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.world.release_waiters()
        await super().shutdown(sockets)


def _server(app: FastAPI, host: str, port: int, *, log_level: str) -> SandboxServer:
    settings: TelegramSandboxSettings = app.state.settings
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=settings.access_log,
        timeout_graceful_shutdown=int(settings.shutdown_grace_s) or None,
        lifespan="on",
    )
    return SandboxServer(config, app.state.world)


def serve(host: str | None = None, port: int | None = None) -> int:
    overrides = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    settings = TelegramSandboxSettings(**overrides)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(settings)
    server = _server(app, settings.host, settings.port, log_level="info")
    log.info("Telegram sandbox: web chat at http://%s:%s/", settings.host, settings.port)
    server.run()
    return 0 if server.started else 1


@dataclass(frozen=True)
class RunningSandbox:
    url: str
    app: FastAPI

    @property
    def world(self) -> TelegramWorld:
        return self.app.state.world


@asynccontextmanager
async def running_sandbox(
    settings: TelegramSandboxSettings | None = None, *, host: str = "127.0.0.1", port: int = 0
) -> AsyncIterator[RunningSandbox]:
    """Run the sandbox on a real socket inside the current event loop (port 0: any free port).

    For tests and benchmarks whose clients (aiogram's aiohttp session, a browser) need a real server.
    """
    app = create_app(settings)
    server = _server(app, host, port, log_level="warning")
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            await task
            raise RuntimeError("the Telegram sandbox did not start")
        await asyncio.sleep(0.01)
    bound_port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield RunningSandbox(url=f"http://{host}:{bound_port}", app=app)
    finally:
        server.should_exit = True
        await task
