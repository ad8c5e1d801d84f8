"""The outbox over HTTP: claim, ack, lease expiry, hold-back of unreachable chats, preferences."""

from __future__ import annotations

import httpx

from backend.domain.events import EventKind
from backend.events import outbox
from backend.models import TelegramAccount
from backend.services.container import Services
from tests.backend.app.conftest import Cabinet


async def _emit(services: Services, tg: int, kind: str, payload: dict[str, object], dedupe: str | None = None) -> bool:
    async with services.sessionmaker() as session:
        account = await session.get(TelegramAccount, tg)
        assert account is not None
        queued = await outbox.emit(session, account, kind, payload, now=services.clock.now(), dedupe_key=dedupe)
        await session.commit()
    return queued


async def _claim(api: httpx.AsyncClient, worker: str, lease: int = 30, limit: int = 10) -> list[dict[str, object]]:
    response = await api.post("/v1/events/claim", json={"worker_id": worker, "limit": limit, "lease_seconds": lease})
    assert response.status_code == 200
    return response.json()["events"]


async def test_claim_hands_each_event_to_one_worker_until_acked(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.start(8001)
    await api.patch("/v1/users/8001/settings", json={"language": "en"})
    for number in range(3):
        await _emit(cabinet.services, 8001, EventKind.REMINDER, {"n": number})
    first = await _claim(api, "worker-a", limit=2)
    second = await _claim(api, "worker-b", limit=10)
    assert [event["payload"]["n"] for event in first] == [0, 1]
    assert [event["payload"]["n"] for event in second] == [2]
    assert first[0]["chat_id"] == 80010 and first[0]["language"] == "en" and first[0]["attempts"] == 1
    assert await _claim(api, "worker-c") == []

    acked = await api.post("/v1/events/ack", json={"ids": [event["id"] for event in first + second]})
    assert acked.json() == {"acknowledged": 3}
    assert (await api.post("/v1/events/ack", json={"ids": [first[0]["id"]]})).json() == {"acknowledged": 0}
    cabinet.services.clock.advance(3600)
    assert await _claim(api, "worker-c") == []


async def test_an_expired_lease_hands_the_event_out_again(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.start(8002)
    await _emit(cabinet.services, 8002, EventKind.REMINDER, {"topic": "x"})
    claimed = await _claim(api, "killed-worker", lease=20)
    assert len(claimed) == 1
    cabinet.services.clock.advance(19)
    assert await _claim(api, "other") == []
    cabinet.services.clock.advance(2)
    again = await _claim(api, "other")
    assert [event["id"] for event in again] == [claimed[0]["id"]]
    assert again[0]["attempts"] == 2


async def test_the_lease_is_capped(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.start(8003)
    await _emit(cabinet.services, 8003, EventKind.REMINDER, {})
    await _claim(api, "greedy", lease=10**6)
    cabinet.services.clock.advance(cabinet.services.settings.event_lease_max + 1)
    assert len(await _claim(api, "other")) == 1


async def test_unreachable_chats_are_held_back(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.start(8004)
    await _emit(cabinet.services, 8004, EventKind.REMINDER, {})
    await api.post("/v1/users/8004/unreachable")
    assert await _claim(api, "w") == []
    await api.put("/v1/users/8004", json={"chat_id": 80040})
    assert len(await _claim(api, "w")) == 1


async def test_muted_kinds_are_not_queued_but_replies_are(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.start(8005)
    await api.patch("/v1/users/8005/settings", json={"notifications": {"reminders": False}})
    assert await _emit(cabinet.services, 8005, EventKind.REMINDER, {}) is False
    assert await _emit(cabinet.services, 8005, EventKind.REQUEST_SIGNED, {}) is True
    assert [event["kind"] for event in await _claim(api, "w")] == ["request.signed"]


async def test_a_dedupe_key_queues_one_event(cabinet: Cabinet, api: httpx.AsyncClient) -> None:
    await cabinet.start(8006)
    assert await _emit(cabinet.services, 8006, EventKind.DECLARATION_STATUS, {}, dedupe="decl-1:active") is True
    assert await _emit(cabinet.services, 8006, EventKind.DECLARATION_STATUS, {}, dedupe="decl-1:active") is False
    assert len(await _claim(api, "w")) == 1


async def test_claim_and_ack_inputs_are_bounded(api: httpx.AsyncClient) -> None:
    for body in ({"worker_id": "", "limit": 1}, {"worker_id": "w", "limit": 0}, {"worker_id": "w x"}):
        assert (await api.post("/v1/events/claim", json=body)).status_code == 422
    assert (await api.post("/v1/events/ack", json={"ids": [0]})).status_code == 422
    assert (await api.post("/v1/events/ack", json={"ids": [2**63]})).status_code == 422


async def test_prescription_notices_are_on_for_accounts_stored_before_they_existed(
    cabinet: Cabinet, api: httpx.AsyncClient
) -> None:
    await cabinet.start(8007)
    async with cabinet.services.sessionmaker() as session:
        account = await session.get(TelegramAccount, 8007)
        assert account is not None
        # The preferences as an account created before prescriptions stored them: no key for them.
        account.notification_prefs = {
            "declaration_status": True,
            "request_status": True,
            "security": True,
            "reminders": False,
        }
        await session.commit()
    assert (await api.get("/v1/users/8007")).json()["notifications"]["prescriptions"] is True
    assert await _emit(cabinet.services, 8007, EventKind.PRESCRIPTION_ISSUED, {}) is True

    state = (await api.patch("/v1/users/8007/settings", json={"notifications": {"prescriptions": False}})).json()
    assert state["notifications"]["prescriptions"] is False
    assert state["notifications"]["reminders"] is False  # the other switches stay as they were
    for kind in (
        EventKind.PRESCRIPTION_ISSUED,
        EventKind.PRESCRIPTION_DISPENSED,
        EventKind.PRESCRIPTION_REJECTED,
        EventKind.PRESCRIPTION_EXPIRING,
    ):
        assert await _emit(cabinet.services, 8007, kind, {}) is False
    assert await _emit(cabinet.services, 8007, EventKind.DECLARATION_STATUS, {}) is True


async def test_medical_record_notices_are_on_for_accounts_stored_before_they_existed(
    cabinet: Cabinet, api: httpx.AsyncClient
) -> None:
    await cabinet.start(8008)
    async with cabinet.services.sessionmaker() as session:
        account = await session.get(TelegramAccount, 8008)
        assert account is not None
        # The preferences as an account created before the medical record's switch stored them.
        account.notification_prefs = {
            "declaration_status": True,
            "request_status": True,
            "security": True,
            "reminders": True,
            "prescriptions": False,
        }
        await session.commit()
    assert (await api.get("/v1/users/8008")).json()["notifications"]["medical_record"] is True
    assert await _emit(cabinet.services, 8008, EventKind.LAB_RESULT_ADDED, {}) is True

    state = (await api.patch("/v1/users/8008/settings", json={"notifications": {"medical_record": False}})).json()
    assert state["notifications"]["medical_record"] is False
    assert state["notifications"]["prescriptions"] is False  # the other switches stay as they were
    for kind in (EventKind.LAB_RESULT_ADDED, EventKind.REFERRAL_ISSUED):
        assert await _emit(cabinet.services, 8008, kind, {}) is False
    assert await _emit(cabinet.services, 8008, EventKind.DECLARATION_STATUS, {}) is True
