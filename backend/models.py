"""The backend's own tables (the doctor directory declares its tables in `backend.directory`).

What we keep is the minimum the cabinet needs: the Telegram account, its link to a verified person
(first name and birth date for greetings and age rules, tokens encrypted), single-use sign-in and
signing links (only their hashes), idempotency keys, the outbox and an audit log without personal data.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from backend.db import Base
from backend.domain.events import default_preferences

# Telegram ids exceed 32 bits; SQLite only auto-increments an INTEGER primary key.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, on both SQLite (which keeps no zone) and PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; the backend stores aware UTC datetimes only")
        value = value.astimezone(UTC)
        # SQLite compares datetimes as text, so every stored value must have the same (naive) form.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class TelegramAccount(Base):
    __tablename__ = "telegram_accounts"

    telegram_user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    language: Mapped[str] = mapped_column(String(2), default="uk")
    # The phone the patient shared in Telegram, encrypted (TokenCipher); never logged.
    phone_encrypted: Mapped[str | None] = mapped_column(Text, nullable=True)
    consent_version: Mapped[str | None] = mapped_column(String(32), nullable=True)
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    notification_prefs: Mapped[dict[str, bool]] = mapped_column(JSON, default=default_preferences)
    unreachable: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PersonLink(Base):
    """One Telegram account ↔ one verified person, with that person's registry session."""

    __tablename__ = "person_links"

    telegram_user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("telegram_accounts.telegram_user_id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[str] = mapped_column(String(64), unique=True)
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_name: Mapped[str] = mapped_column(String(100))  # for greetings only
    birth_date: Mapped[date] = mapped_column(Date)  # for the age rules
    legal_capacity_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    access_level: Mapped[str] = mapped_column(String(16))  # AccessLevel at the last sign-in
    access_token_encrypted: Mapped[str] = mapped_column(Text)
    refresh_token_encrypted: Mapped[str] = mapped_column(Text)
    access_expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    token_scope: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuthState(Base):
    """A single-use sign-in link; only the SHA-256 of the state travels back to us and is stored."""

    __tablename__ = "auth_states"

    state_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("telegram_accounts.telegram_user_id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(16))  # sign_in | sign_up
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class SigningSession(Base):
    """A single-use link to the signing page for one object (a declaration request or a data change)."""

    __tablename__ = "signing_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("telegram_accounts.telegram_user_id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))  # declaration_request | person_update
    object_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    payload_hash: Mapped[str] = mapped_column(String(64))  # SHA-256 of the exact bytes to sign
    # The bytes to sign and the readable summary hold personal data: encrypted (TokenCipher).
    payload_encrypted: Mapped[str] = mapped_column(Text)
    summary_encrypted: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[str | None] = mapped_column(String(32), nullable=True)  # signed | failed code


class DeclarationRequestKey(Base):
    """Idempotency: one client key (a dialog step in the bot) → one registry declaration request."""

    __tablename__ = "declaration_request_keys"
    __table_args__ = (
        UniqueConstraint("telegram_user_id", "client_key", name="uq_declaration_request_keys_client_key"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    telegram_user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("telegram_accounts.telegram_user_id", ondelete="CASCADE")
    )
    client_key: Mapped[str] = mapped_column(String(64))
    # NULL while the registry call is in flight: a concurrent duplicate sees the claim and waits.
    request_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)  # the housekeeper purges by age


class OutboxEvent(Base):
    """A notification for the bot; claimed with a lease so a killed notifier's events come back."""

    __tablename__ = "outbox_events"
    __table_args__ = (Index("ix_outbox_events_pending", "sent_at", "available_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    telegram_user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("telegram_accounts.telegram_user_id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    available_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    claim_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AuditEntry(Base):
    """Who did what when, for security review. `actor` is a keyed pseudonym, never a raw id."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    request_id: Mapped[str | None] = mapped_column(String(64), nullable=True)


class WatchSchedule(Base):
    """When the status watcher next looks at a linked person, and what it knows about that person's polling.

    `baseline_of` is the link (its `linked_at`) whose state was recorded: a new link starts a silent baseline.
    """

    __tablename__ = "watch_schedule"
    __table_args__ = (
        Index("ix_watch_schedule_due", "next_poll_at", "pending"),
        Index("ix_watch_schedule_lane_due", "lane", "next_poll_at", "person_id"),
    )

    person_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("person_links.person_id", ondelete="CASCADE"), primary_key=True
    )
    next_poll_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Something is waiting for the registry (an unsigned request, a declaration under verification):
    # such persons are polled often and go first when the call budget is short.
    pending: Mapped[bool] = mapped_column(Boolean, default=False)
    # Which lane the watcher's rounds take the person in (`backend.events.watch_budget.WatchLane`): urgent (an
    # unsigned request: polled often, first), timed (a reminder falls due at `next_poll_at`) or the sweep.
    lane: Mapped[int] = mapped_column(SmallInteger, default=2, server_default="2")
    baseline_of: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    problem: Mapped[str | None] = mapped_column(String(32), nullable=True)  # the last failure's code


class WatchState(Base):
    """The last seen status of one registry object of a linked person (a request, a declaration, an access)."""

    __tablename__ = "watch_state"

    person_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("watch_schedule.person_id", ondelete="CASCADE"), primary_key=True
    )
    entity_kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # request | declaration | access
    entity_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reminded: Mapped[bool] = mapped_column(Boolean, default=False)  # its one reminder was queued
    # An unsigned request's expiry, looked up once (registry lists may not carry it).
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The request's doctor, for the message when it expires (the registry wipes an expired request's details).
    doctor_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
