"""The webhook receiver: the secret is checked first, each update is handled once, and answers come fast."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram import Bot, Dispatcher, Router
from aiogram.types import Message
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import given
from hypothesis import strategies as st
from redis.asyncio import Redis

from bot.config import BotSettings
from bot.dedupe import MemoryDeduplicator, RedisDeduplicator, UpdateDeduplicator
from bot.webhook import SECRET_HEADER, WebhookReceiver, create_web_app, secret_matches

SECRET = "s3cret_token-for-tests"
PATH = "/telegram/webhook"
BOT_TOKEN = "7100000002:AAH-webhook_unit_token"


class Recorder:
    """A real dispatcher whose one handler notes the update it saw; `gate` can hold handlers back."""

    def __init__(self) -> None:
        self.handled: list[int] = []
        self.gate = asyncio.Event()
        self.gate.set()
        self.dispatcher = Dispatcher()
        router = Router()

        @router.message()
        async def note(message: Message) -> None:
            await self.gate.wait()
            self.handled.append(message.message_id)

        self.dispatcher.include_router(router)

    async def settled(self) -> None:
        """Until every accepted update has run its handler."""
        for _ in range(200):
            await asyncio.sleep(0.01)
            if not any(task.get_name().startswith("update-") for task in asyncio.all_tasks()):
                return


def update(update_id: int, text: str = "привіт") -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1_700_000_000,
            "chat": {"id": 42, "type": "private"},
            "from": {"id": 42, "is_bot": False, "first_name": "Олена"},
            "text": text,
        },
    }


@pytest.fixture
async def bot() -> AsyncIterator[Bot]:
    bot = Bot(BOT_TOKEN)
    yield bot
    await bot.session.close()


async def client_for(receiver: WebhookReceiver) -> TestClient[Any, Any]:
    client: TestClient[Any, Any] = TestClient(TestServer(create_web_app(receiver, PATH)))
    await client.start_server()
    return client


async def post(client: TestClient[Any, Any], body: dict[str, Any] | str, secret: str | None = SECRET) -> int:
    headers = {"content-type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    payload = body if isinstance(body, str) else json.dumps(body)
    response = await client.post(PATH, data=payload, headers=headers)
    return response.status


def receiver_for(recorder: Recorder, bot: Bot, deduplicator: UpdateDeduplicator, **options: Any) -> WebhookReceiver:
    return WebhookReceiver(
        recorder.dispatcher,
        bot,
        secret=SECRET,
        deduplicator=deduplicator,
        concurrency=options.pop("concurrency", 8),
        **options,
    )


@pytest.mark.parametrize(
    "presented", [None, "", "wrong", SECRET[:-1], SECRET + "x", SECRET.upper(), "секрет"], ids=repr
)
async def test_a_forged_or_missing_secret_is_refused_and_nothing_is_handled(bot: Bot, presented: str | None) -> None:
    recorder = Recorder()
    deduplicator = MemoryDeduplicator(ttl=60)
    client = await client_for(receiver_for(recorder, bot, deduplicator))
    try:
        assert await post(client, update(1), secret=presented) == 401
        await recorder.settled()
        assert recorder.handled == []
        assert len(deduplicator) == 0  # a refused request does not even reserve its update_id
        assert await post(client, update(1)) == 200  # so the genuine delivery is still handled
        await recorder.settled()
        assert recorder.handled == [1]
    finally:
        await client.close()


@given(st.text(max_size=300))
def test_only_the_exact_secret_matches(presented: str) -> None:
    assert secret_matches(presented, SECRET) is (presented == SECRET)
    assert not secret_matches(presented, "")


async def test_a_redelivered_update_is_handled_once(bot: Bot) -> None:
    recorder = Recorder()
    client = await client_for(receiver_for(recorder, bot, MemoryDeduplicator(ttl=60)))
    try:
        statuses = [await post(client, update(update_id)) for update_id in (5, 6, 5, 5, 7, 6)]
        await recorder.settled()
    finally:
        await client.close()
    assert statuses == [200] * 6  # a copy is acknowledged too, or Telegram would keep sending it
    assert sorted(recorder.handled) == [5, 6, 7]


async def test_garbage_from_the_right_sender_is_a_bad_request(bot: Bot) -> None:
    recorder = Recorder()
    client = await client_for(receiver_for(recorder, bot, MemoryDeduplicator(ttl=60)))
    try:
        assert await post(client, "{not json") == 400
        assert await post(client, {"no_update_id": True}) == 400
        await recorder.settled()
    finally:
        await client.close()
    assert recorder.handled == []


async def test_the_answer_does_not_wait_for_the_handler_and_a_full_worker_says_503(bot: Bot) -> None:
    recorder = Recorder()
    recorder.gate.clear()  # handlers hang until released
    deduplicator = MemoryDeduplicator(ttl=60)
    receiver = receiver_for(recorder, bot, deduplicator, concurrency=2, slot_wait=0.05)
    client = await client_for(receiver)
    try:
        async with asyncio.timeout(2):
            assert [await post(client, update(update_id)) for update_id in (1, 2)] == [200, 200]
        assert receiver.in_flight == 2
        assert await post(client, update(3)) == 503  # both slots busy
        assert len(deduplicator) == 2  # the refused update stays unclaimed: its redelivery is handled
        recorder.gate.set()
        await recorder.settled()
        assert await post(client, update(3)) == 200
        await recorder.settled()
    finally:
        await client.close()
    assert sorted(recorder.handled) == [1, 2, 3]


async def test_closing_lets_accepted_updates_finish(bot: Bot) -> None:
    recorder = Recorder()
    recorder.gate.clear()
    receiver = receiver_for(recorder, bot, MemoryDeduplicator(ttl=60))
    client = await client_for(receiver)
    try:
        assert await post(client, update(9)) == 200
    finally:
        await client.close()
    asyncio.get_running_loop().call_later(0.05, recorder.gate.set)
    await receiver.close(grace=5)
    assert recorder.handled == [9]


async def test_a_failing_handler_is_logged_without_what_the_patient_wrote(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recorder()
    router = Router()

    @router.message()
    async def explode(message: Message) -> None:
        raise RuntimeError(f"could not parse {message.text}")

    recorder.dispatcher = Dispatcher()
    recorder.dispatcher.include_router(router)
    client = await client_for(receiver_for(recorder, bot, MemoryDeduplicator(ttl=60)))
    try:
        assert await post(client, update(11, text="РНОКПП 3012345678")) == 200
        await recorder.settled()
    finally:
        await client.close()
    failures = [record.getMessage() for record in caplog.records if record.name == "bot.webhook"]
    assert any("update 11 failed: RuntimeError" in line for line in failures), failures
    assert not any("3012345678" in record.getMessage() for record in caplog.records)


@pytest.mark.redis
async def test_two_workers_sharing_redis_handle_a_redelivered_update_once(
    bot: Bot, redis_url: str, redis_prefix: str
) -> None:
    recorder = Recorder()  # one dispatcher's handler counts for both workers' dispatch
    connections = [Redis.from_url(redis_url), Redis.from_url(redis_url)]
    clients = [
        await client_for(receiver_for(recorder, bot, RedisDeduplicator(connection, ttl=60, prefix=redis_prefix)))
        for connection in connections
    ]
    try:
        for update_id in range(100, 110):  # each update goes to both workers, as after a lost answer
            statuses = await asyncio.gather(*(post(client, update(update_id)) for client in clients))
            assert statuses == [200, 200]
        await recorder.settled()
    finally:
        for client in clients:
            await client.close()
        for connection in connections:
            await connection.aclose()
    assert sorted(recorder.handled) == list(range(100, 110))


def test_the_secret_setting_takes_only_what_telegram_accepts() -> None:
    assert BotSettings(_env_file=None, webhook_secret="A-z_0-9").webhook_secret.get_secret_value() == "A-z_0-9"  # type: ignore[call-arg]
    for bad in ("with space", "x" * 257, "ключ", "semi;colon"):
        with pytest.raises(ValueError, match="A-Za-z0-9_-"):
            BotSettings(_env_file=None, webhook_secret=bad)  # type: ignore[call-arg]
