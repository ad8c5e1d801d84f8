"""Erasing a user deletes our copy of everything; the audit log keeps only a pseudonym."""

from __future__ import annotations

import httpx
from sqlalchemy import func, select

from backend.models import (
    AuditEntry,
    AuthState,
    DeclarationRequestKey,
    OutboxEvent,
    PersonLink,
    SigningSession,
    TelegramAccount,
)
from backend.services.container import Services
from tests.backend.app.conftest import Cabinet, person


async def _rows(services: Services, tg: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    async with services.sessionmaker() as session:
        for table in (TelegramAccount, PersonLink, AuthState, SigningSession, DeclarationRequestKey, OutboxEvent):
            counts[table.__tablename__] = (
                await session.scalar(select(func.count()).select_from(table).where(table.telegram_user_id == tg)) or 0
            )
    return counts


async def test_erase_really_deletes(cabinet: Cabinet, api: httpx.AsyncClient, services: Services) -> None:
    who = person("adult_without_declaration")
    await cabinet.sign_in(9001, who)
    await api.post("/v1/users/9001/phone", json={"phone_number": "+380671112233"})
    await api.post("/v1/users/9001/me/changes", json={"email": "x@ukr.net"})
    await cabinet.sign_in_link(9001)
    before = await _rows(services, 9001)
    assert all(before[name] > 0 for name in ("telegram_accounts", "person_links", "auth_states", "signing_sessions"))
    assert before["outbox_events"] > 0

    assert (await api.delete("/v1/users/9001")).status_code == 204
    assert set((await _rows(services, 9001)).values()) == {0}
    assert (await api.get("/v1/users/9001")).json()["error"]["code"] == "not_linked"

    async with services.sessionmaker() as session:
        audit = list(await session.scalars(select(AuditEntry)))
    assert "account.erased" in [entry.action for entry in audit]
    pseudonym = services.cipher.pseudonym(9001)
    for entry in audit:
        assert entry.actor == pseudonym
        assert "9001" not in str(entry.details) and who.first_name not in str(entry.details)

    assert (await api.delete("/v1/users/9001")).status_code == 204  # idempotent


async def test_erase_leaves_other_users_alone(cabinet: Cabinet, api: httpx.AsyncClient, services: Services) -> None:
    await cabinet.sign_in(9002, person("adult_with_declaration"))
    await cabinet.sign_in(9003, person("adult_without_declaration"))
    await api.delete("/v1/users/9002")
    assert (await _rows(services, 9003))["person_links"] == 1
    assert (await api.get("/v1/users/9003/me")).status_code == 200
