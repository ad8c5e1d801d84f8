"""Delivery against the emulator's enforced flood limits (30/s overall, 1/s per chat with a burst of 4):
bursts pass without a single 429, blocked chats stop deliveries, and a notifier killed between claiming and
acknowledging loses nothing.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio

from cabinet.servers import bind_socket, serving
from tests.notifications.delivery import (
    emit,
    fast_settings,
    open_chats,
    received,
    running_notifier,
    unsent,
    until,
)
from tests.notifications.harness import Cabinet, notification_stack

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def cabinet(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Cabinet]:
    async with notification_stack(
        tmp_path_factory.mktemp("notify-delivery"), with_bot=False, notifier=False, needs_directory=False
    ) as running:
        yield running


async def emulator_stats(cabinet: Cabinet) -> dict[str, int]:
    bots = (await cabinet.telegram.stats())["bots"]
    (stats,) = bots.values()
    return stats


async def test_bursts_to_one_chat_and_to_many_chats_get_no_429(cabinet: Cabinet) -> None:
    before = await emulator_stats(cabinet)
    hot, *many = await open_chats(cabinet.telegram, cabinet.backend, 61)
    events = [(hot, number) for number in range(6)]
    events += [(user, 100 + 2 * index + turn) for turn in range(2) for index, user in enumerate(many)]
    await emit(cabinet.stack, events)

    async with running_notifier(cabinet.stack, fast_settings()) as running:
        await running.sent(len(events))
        assert running.notifier.stats.rate_limited == 0

    after = await emulator_stats(cabinet)
    assert after["rate_limited"] == before["rate_limited"]
    assert after["messages_sent"] - before["messages_sent"] == len(events)
    # Every event exactly once, each chat in the order the events were queued.
    assert await received(cabinet.telegram, hot) == list(range(6))
    for index, user in enumerate(many):
        assert await received(cabinet.telegram, user) == [100 + 2 * index, 100 + 2 * index + 1]
    assert await unsent(cabinet.stack, [hot, *many]) == 0


async def test_a_blocked_chat_is_marked_unreachable_and_never_retried(cabinet: Cabinet) -> None:
    blocked, other = await open_chats(cabinet.telegram, cabinet.backend, 2)
    await cabinet.telegram.block(blocked)
    before = await emulator_stats(cabinet)
    await emit(cabinet.stack, [(blocked, 1), (blocked, 2), (blocked, 3), (other, 4)])

    async with running_notifier(cabinet.stack, fast_settings()) as running:
        await running.sent(1)
        assert (await cabinet.backend.get_account(blocked)).unreachable
        # More events for the blocked patient, then one for someone else: once that one is delivered, the
        # notifier has had its chance at the blocked ones and left them alone.
        await emit(cabinet.stack, [(blocked, 5), (other, 6)])
        await running.sent(2)
        assert running.notifier.stats.unreachable == 1

    after = await emulator_stats(cabinet)
    assert after["forbidden"] - before["forbidden"] == 1
    assert await received(cabinet.telegram, other) == [4, 6]
    assert await unsent(cabinet.stack, [blocked]) == 4  # kept for when the patient comes back


def _dead_url() -> str:
    """An address where nothing listens: a Telegram that cannot be reached."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


async def test_events_claimed_by_a_notifier_that_died_before_sending_come_back_once(cabinet: Cabinet) -> None:
    patient, other = await open_chats(cabinet.telegram, cabinet.backend, 2)
    await emit(cabinet.stack, [(patient, 1), (patient, 2), (patient, 3)])
    settings = fast_settings(lease_seconds=60)

    async with running_notifier(cabinet.stack, settings, telegram_url=_dead_url()) as doomed:
        await until(lambda: doomed.notifier.stats.claimed >= 3 and doomed.notifier.stats.failed >= 1)
    # It "crashed" holding the three events: they are leased to it and nobody else may take them yet.
    async with running_notifier(cabinet.stack, settings) as survivor:
        await emit(cabinet.stack, [(other, 9)])
        await survivor.sent(1)
        assert await received(cabinet.telegram, patient) == []

        cabinet.services.clock.advance(61)  # the lease ends
        await survivor.sent(4)
    assert await received(cabinet.telegram, patient) == [1, 2, 3]
    assert await unsent(cabinet.stack, [patient]) == 0


class _AcksFail(httpx.AsyncBaseTransport):
    """The backend as a notifier sees it while the network drops its acknowledgements."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/events/ack":
            raise httpx.ConnectError("connection reset", request=request)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


async def test_events_sent_but_not_acknowledged_are_sent_again_exactly_once(cabinet: Cabinet) -> None:
    patient, other = await open_chats(cabinet.telegram, cabinet.backend, 2)
    await emit(cabinet.stack, [(patient, 1), (patient, 2)])
    settings = fast_settings(lease_seconds=60)

    async with running_notifier(cabinet.stack, settings, backend_transport=_AcksFail()) as doomed:
        await until(lambda: doomed.notifier.stats.sent >= 2)
    assert await received(cabinet.telegram, patient) == [1, 2]
    assert await unsent(cabinet.stack, [patient]) == 2

    async with running_notifier(cabinet.stack, settings) as survivor:
        cabinet.services.clock.advance(61)
        await survivor.sent(2)
        # Acknowledged now: another lease later, a marker event goes out and nothing else does.
        cabinet.services.clock.advance(61)
        await emit(cabinet.stack, [(other, 7)])
        await survivor.sent(3)
    # At-least-once: the message sent before the crash is repeated once, never again.
    assert await received(cabinet.telegram, patient) == [1, 2, 1, 2]
    assert await unsent(cabinet.stack, [patient]) == 0


class _FlakyTelegram:
    """Telegram's front answering `502 Bad Gateway` to the first sends, then passing everything through."""

    def __init__(self, upstream: str, failures: int) -> None:
        self.failures_left = failures
        self._upstream = httpx.AsyncClient(base_url=upstream)

    async def __call__(self, scope: dict[str, object], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        path = str(scope["path"])
        if path.endswith("/sendMessage") and self.failures_left > 0:
            self.failures_left -= 1
            status, headers, payload = (
                502,
                [(b"content-type", b"application/json")],
                (b'{"ok":false,"error_code":502,"description":"Bad Gateway"}'),
            )
        else:
            request_headers = [(k.decode(), v.decode()) for k, v in scope["headers"] if k.lower() != b"host"]  # type: ignore[union-attr]
            answer = await self._upstream.request(str(scope["method"]), path, content=body, headers=request_headers)
            status = answer.status_code
            headers = [(b"content-type", answer.headers.get("content-type", "application/json").encode())]
            payload = answer.content
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})

    async def aclose(self) -> None:
        await self._upstream.aclose()


async def test_telegram_server_errors_are_retried_and_the_message_arrives_once(cabinet: Cabinet) -> None:
    (patient,) = await open_chats(cabinet.telegram, cabinet.backend, 1)
    await emit(cabinet.stack, [(patient, 7)])
    flaky = _FlakyTelegram(str(cabinet.stack.telegram_url), failures=2)
    try:
        async with serving(flaky, bind_socket("127.0.0.1", 0)) as server:
            front = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
            async with running_notifier(cabinet.stack, fast_settings(), telegram_url=front) as running:
                await running.sent(1)
                assert running.notifier.stats.failed >= 2
    finally:
        await flaky.aclose()
    assert flaky.failures_left == 0
    assert await received(cabinet.telegram, patient) == [7]
    assert await unsent(cabinet.stack, [patient]) == 0
