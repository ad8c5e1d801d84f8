"""Run ASGI apps on real sockets inside the current event loop.

The demo runs every component in one process (one event loop, less memory than four processes);
end-to-end tests do the same on free ports. Sockets are bound before any app is configured, so
each component can be told the others' URLs even when the ports are chosen by the OS.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Callable

import uvicorn


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening TCP socket; port 0 lets the OS pick a free one."""
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets whose proto says TCP, and without it
    # every reused keep-alive connection waited ~40 ms (Nagle's algorithm meeting delayed ACKs).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(2048)
    sock.setblocking(False)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://{host}:{port}"


@contextlib.asynccontextmanager
async def serving(
    app: object,
    sock: socket.socket,
    *,
    server_factory: Callable[[uvicorn.Config], uvicorn.Server] = uvicorn.Server,
    log_level: str = "warning",
    http: type[asyncio.Protocol] | str = "auto",
) -> AsyncIterator[uvicorn.Server]:
    """Serve `app` on `sock` until the block exits, then shut it down gracefully.

    The process embedding the server owns SIGINT/SIGTERM: uvicorn's own handlers would stop every server
    at once on Ctrl-C, the Telegram emulator under the bot's long poll included, instead of in the owner's
    order (the bot first).
    """
    config = uvicorn.Config(
        app, log_level=log_level, access_log=False, lifespan="on", timeout_graceful_shutdown=3, http=http
    )
    server = server_factory(config)
    server.capture_signals = contextlib.nullcontext  # type: ignore[method-assign]
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                await task  # raises the start-up error
                raise RuntimeError("server stopped during start-up")
            await asyncio.sleep(0.01)
        yield server
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await task
        sock.close()
