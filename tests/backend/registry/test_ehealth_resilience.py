"""Retries only where repeating is harmless, and a circuit breaker that stops hammering a dead registry."""

from __future__ import annotations

import asyncio
import gc
import weakref

import httpx
import pytest

from backend.registry.ehealth import EHealthRegistry
from backend.registry.errors import RegistryNotFound, RegistryRateLimited, RegistryUnavailable

from .conftest import ACCESS_TOKEN
from .fake_ehealth import FakeEHealth, Hang, ManualClock, RecordingSleep

PERSON = "/api/pis/person"
CREATE = "/api/pis/declaration_requests"
SIGN = "/api/pis/declaration_requests/req-1/actions/sign"
REVOKE = "/api/pis/apps/app-1"


# --- retries -------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [502, 503, 504])
async def test_a_get_is_retried_after_a_gateway_error_and_succeeds(
    registry: EHealthRegistry, fake: FakeEHealth, sleeper: RecordingSleep, status: int
) -> None:
    fake.reply("GET", PERSON, status, body=b"bad gateway").reply("GET", PERSON, file="pis_person.json")

    person = await registry.get_person(ACCESS_TOKEN)

    assert person.first_name == "Петро"
    assert len(fake.calls("GET", PERSON)) == 2
    (delay,) = sleeper.delays
    assert 0 <= delay <= 0.2  # the first backoff is at most retry_backoff_base


async def test_a_get_gives_up_after_the_allowed_retries(
    registry: EHealthRegistry, fake: FakeEHealth, sleeper: RecordingSleep
) -> None:
    fake.reply("GET", PERSON, 503, body=b"")

    with pytest.raises(RegistryUnavailable):
        await registry.get_person(ACCESS_TOKEN)

    assert len(fake.calls("GET", PERSON)) == 3  # one try and max_retries=2
    assert len(sleeper.delays) == 2
    assert sleeper.delays[1] <= 0.4  # exponential: base * 2 at the second retry


@pytest.mark.parametrize(
    "failure", [httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), Hang(seconds=30)], ids=repr
)
async def test_a_get_is_retried_after_connection_failures_and_timeouts(
    registry: EHealthRegistry, fake: FakeEHealth, failure: Exception | Hang
) -> None:
    fake.fail("GET", PERSON, failure)
    fake.reply("GET", PERSON, file="pis_person.json")

    person = await registry.get_person(ACCESS_TOKEN)

    assert person.id == "7e9cffd9-c75f-45fb-badf-6e8d20b6a8a8"
    assert len(fake.calls("GET", PERSON)) == 2


@pytest.mark.parametrize(
    ("method", "path", "call"),
    [
        ("POST", CREATE, lambda r: r.create_declaration_request(ACCESS_TOKEN, "emp-1", "div-1")),
        ("PATCH", SIGN, lambda r: r.sign_declaration_request(ACCESS_TOKEN, "req-1", "c2ln")),
        ("PATCH", "/api/cabinet/persons/p-1", lambda r: r.update_person(ACCESS_TOKEN, "p-1", "c2ln")),
        ("DELETE", REVOKE, lambda r: r.revoke_access(ACCESS_TOKEN, "app-1")),
        ("POST", "/oauth/tokens", lambda r: r.exchange_code("code")),
    ],
)
@pytest.mark.parametrize(
    "failure", [httpx.ReadTimeout("slow"), httpx.ConnectError("refused"), Hang(seconds=30), 502, 503], ids=repr
)
async def test_writes_are_never_retried(
    registry: EHealthRegistry, fake: FakeEHealth, method: str, path: str, call: object, failure: object
) -> None:
    if isinstance(failure, int):
        fake.reply(method, path, failure, body=b"")
    else:
        fake.fail(method, path, failure)  # type: ignore[arg-type]

    with pytest.raises(RegistryUnavailable):
        await call(registry)  # type: ignore[operator]

    assert len(fake.calls(method, path)) == 1


async def test_refusals_are_not_retried(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply("GET", PERSON, 404, file="error_404.json")

    with pytest.raises(RegistryNotFound):
        await registry.get_person(ACCESS_TOKEN)

    assert len(fake.calls("GET", PERSON)) == 1


async def test_an_internal_error_is_not_retried(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply("GET", PERSON, 500, file="error_500.json")

    with pytest.raises(RegistryUnavailable):
        await registry.get_person(ACCESS_TOKEN)

    assert len(fake.calls("GET", PERSON)) == 1


async def test_rate_limited_get_waits_as_told_then_retries(
    registry: EHealthRegistry, fake: FakeEHealth, sleeper: RecordingSleep
) -> None:
    fake.reply("GET", PERSON, 429, body=b"", headers={"Retry-After": "1.5"})
    fake.reply("GET", PERSON, file="pis_person.json")

    await registry.get_person(ACCESS_TOKEN)

    assert sleeper.delays == [1.5]
    assert len(fake.calls("GET", PERSON)) == 2


async def test_a_retry_after_beyond_the_cap_fails_at_once(
    registry: EHealthRegistry, fake: FakeEHealth, sleeper: RecordingSleep
) -> None:
    fake.reply("GET", PERSON, 429, body=b"", headers={"Retry-After": "120"})

    with pytest.raises(RegistryRateLimited) as caught:
        await registry.get_person(ACCESS_TOKEN)

    assert caught.value.retry_after == 120.0
    assert sleeper.delays == []
    assert len(fake.calls("GET", PERSON)) == 1


async def test_rate_limits_do_not_open_the_circuit(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply("POST", CREATE, 429, body=b"", headers={"Retry-After": "600"})
    fake.reply("GET", PERSON, file="pis_person.json")

    for _ in range(5):
        with pytest.raises(RegistryRateLimited):
            await registry.create_declaration_request(ACCESS_TOKEN, "emp-1", "div-1")

    await registry.get_person(ACCESS_TOKEN)  # still allowed through


# --- the circuit breaker (threshold 3, reset 30 s in these tests) ---------------------------------


async def _fail_creates(registry: EHealthRegistry, times: int) -> None:
    for _ in range(times):
        with pytest.raises(RegistryUnavailable):
            await registry.create_declaration_request(ACCESS_TOKEN, "emp-1", "div-1")


async def test_the_circuit_opens_after_consecutive_failures_and_refuses_fast(
    registry: EHealthRegistry, fake: FakeEHealth
) -> None:
    fake.reply("POST", CREATE, 500, file="error_500.json")
    fake.reply("GET", PERSON, file="pis_person.json")
    await _fail_creates(registry, 3)

    with pytest.raises(RegistryUnavailable) as caught:
        await registry.get_person(ACCESS_TOKEN)

    assert caught.value.code == "circuit_open"
    assert fake.calls("GET", PERSON) == []  # refused without touching the network
    assert len(fake.calls("POST", CREATE)) == 3


async def test_the_circuit_half_opens_after_the_reset_time_and_closes_on_success(
    registry: EHealthRegistry, fake: FakeEHealth, clock: ManualClock
) -> None:
    fake.reply("POST", CREATE, 500, file="error_500.json")
    fake.reply("GET", PERSON, file="pis_person.json")
    await _fail_creates(registry, 3)

    clock.advance(29.9)
    with pytest.raises(RegistryUnavailable, match="circuit_open"):
        await registry.get_person(ACCESS_TOKEN)
    clock.advance(0.1)
    await registry.get_person(ACCESS_TOKEN)  # the trial call goes out and succeeds
    await registry.get_person(ACCESS_TOKEN)  # closed again

    assert len(fake.calls("GET", PERSON)) == 2


async def test_a_failed_trial_opens_the_circuit_again(
    registry: EHealthRegistry, fake: FakeEHealth, clock: ManualClock
) -> None:
    fake.reply("POST", CREATE, 500, file="error_500.json")
    await _fail_creates(registry, 3)
    clock.advance(30)

    await _fail_creates(registry, 1)  # the trial

    with pytest.raises(RegistryUnavailable, match="circuit_open"):
        await registry.create_declaration_request(ACCESS_TOKEN, "emp-1", "div-1")
    assert len(fake.calls("POST", CREATE)) == 4


async def test_only_one_trial_call_probes_a_half_open_circuit(
    registry: EHealthRegistry, fake: FakeEHealth, clock: ManualClock
) -> None:
    fake.reply("POST", CREATE, 500, file="error_500.json")
    await _fail_creates(registry, 3)
    clock.advance(30)
    fake.fail("GET", PERSON, Hang(seconds=30))

    trial = asyncio.create_task(registry.get_person(ACCESS_TOKEN))
    fake.request_arrived.clear()
    await fake.request_arrived.wait()
    with pytest.raises(RegistryUnavailable, match="circuit_open"):
        await registry.get_person(ACCESS_TOKEN)
    with pytest.raises(RegistryUnavailable):
        await trial

    assert len(fake.calls("GET", PERSON)) == 3  # the trial alone, with its retries


async def test_refusals_count_as_a_working_registry(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply("POST", CREATE, 500, file="error_500.json")
    fake.reply("GET", PERSON, 404, file="error_404.json")

    await _fail_creates(registry, 2)
    with pytest.raises(RegistryNotFound):
        await registry.get_person(ACCESS_TOKEN)
    await _fail_creates(registry, 2)

    assert len(fake.calls("POST", CREATE)) == 4  # never refused by the breaker


async def test_each_host_has_its_own_circuit(registry: EHealthRegistry, fake: FakeEHealth) -> None:
    fake.reply("POST", "/oauth/tokens", 503, body=b"")
    fake.reply("GET", PERSON, file="pis_person.json")
    for _ in range(3):
        with pytest.raises(RegistryUnavailable):
            await registry.refresh("refresh-token")

    with pytest.raises(RegistryUnavailable, match="circuit_open"):
        await registry.refresh("refresh-token")
    await registry.get_person(ACCESS_TOKEN)  # the API host is fine


async def test_a_read_answer_is_freed_at_once_not_by_the_cyclic_gc(
    registry: EHealthRegistry, fake: FakeEHealth
) -> None:
    """httpx ties a response and its stream in a cycle; the adapter breaks it once the body is read, so a walk's
    pages (MBs each in a directory export) are freed as soon as they are used, not whenever the cyclic GC runs."""
    fake.reply("GET", "/api/pis/bulk/declarations_limit", file="declarations_limit_bulk.json")
    answers: list[weakref.ref[httpx.Response]] = []

    async def remember(response: httpx.Response) -> None:
        answers.append(weakref.ref(response))

    registry._client.event_hooks["response"].append(remember)
    gc.collect()
    gc.disable()
    try:
        limits = [limit async for limit in registry.declarations_limits()]
        assert len(limits) == 1 and len(answers) == 1
        assert answers[0]() is None
    finally:
        gc.enable()
