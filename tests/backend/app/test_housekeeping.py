"""The housekeeper's retention of audit entries and declaration-request idempotency keys, with time moved
by the injected Clock (on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import select

from backend.audit import record
from backend.clock import Clock
from backend.config import BackendSettings
from backend.maintenance import Retention, purge
from backend.models import AuditEntry, DeclarationRequestKey
from backend.services.container import Services
from tests.backend.app.conftest import Cabinet

TG = 71001
DAY = timedelta(days=1).total_seconds()


async def _write_audit_entry_and_request_key(services: Services, client_key: str) -> None:
    async with services.sessionmaker() as session:
        await record(session, services.cipher, TG, "test.retention", now=services.clock.now())
        session.add(DeclarationRequestKey(telegram_user_id=TG, client_key=client_key, created_at=services.clock.now()))
        await session.commit()


async def _purge_and_read(services: Services) -> tuple[list[str], list[str]]:
    async with services.sessionmaker() as session:
        await purge(session, services.clock, Retention.from_settings(services.settings))
        audit_times = (await session.scalars(select(AuditEntry.at).where(AuditEntry.action == "test.retention"))).all()
        keys = (await session.scalars(select(DeclarationRequestKey.client_key).order_by("client_key"))).all()
    return [at.date().isoformat() for at in audit_times], list(keys)


async def test_defaults_keep_the_audit_log_a_year_and_request_keys_a_month(services: Services) -> None:
    assert services.settings.audit_retention_days == 365
    assert services.settings.declaration_request_key_retention_days == 30
    retention = Retention.from_settings(services.settings)
    assert retention == Retention(audit_log=timedelta(days=365), declaration_request_keys=timedelta(days=30))


async def test_request_keys_older_than_their_retention_are_deleted_younger_kept(
    cabinet: Cabinet, services: Services, clock: Clock
) -> None:
    await cabinet.start(TG)
    await _write_audit_entry_and_request_key(services, "old-step")
    clock.advance(20 * DAY)
    await _write_audit_entry_and_request_key(services, "young-step")

    clock.advance(9 * DAY)  # the old key is 29 days old: still kept
    assert (await _purge_and_read(services))[1] == ["old-step", "young-step"]

    clock.advance(2 * DAY)  # 31 days and 11 days
    audit, keys = await _purge_and_read(services)
    assert keys == ["young-step"]
    assert len(audit) == 2  # the audit log keeps both a year


async def test_audit_entries_older_than_their_retention_are_deleted_younger_kept(
    cabinet: Cabinet, services: Services, clock: Clock
) -> None:
    await cabinet.start(TG)
    await _write_audit_entry_and_request_key(services, "old-step")
    old_day = clock.now().date().isoformat()
    clock.advance(300 * DAY)
    await _write_audit_entry_and_request_key(services, "young-step")
    young_day = clock.now().date().isoformat()

    clock.advance(64 * DAY)  # 364 days: still kept
    audit, _ = await _purge_and_read(services)
    assert sorted(audit) == [old_day, young_day]

    clock.advance(2 * DAY)  # 366 days and 66 days
    audit, _ = await _purge_and_read(services)
    assert audit == [young_day]


def test_the_retention_settings_have_floors() -> None:
    with pytest.raises(ValidationError):
        BackendSettings(audit_retention_days=29, _env_file=None)
    with pytest.raises(ValidationError):
        BackendSettings(declaration_request_key_retention_days=6, _env_file=None)
    settings = BackendSettings(audit_retention_days=30, declaration_request_key_retention_days=7, _env_file=None)
    assert Retention.from_settings(settings) == Retention(timedelta(days=30), timedelta(days=7))
