"""Initial schema: accounts, links, sign-in and signing links, idempotency keys, outbox, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _timestamp(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _account_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["telegram_user_id"],
        ["telegram_accounts.telegram_user_id"],
        name=f"fk_{table}_telegram_user_id_telegram_accounts",
        ondelete="CASCADE",
    )


def upgrade() -> None:
    op.create_table(
        "telegram_accounts",
        sa.Column("telegram_user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("phone_encrypted", sa.Text(), nullable=True),
        sa.Column("consent_version", sa.String(32), nullable=True),
        _timestamp("consent_at", nullable=True),
        sa.Column("notification_prefs", sa.JSON(), nullable=False),
        sa.Column("unreachable", sa.Boolean(), nullable=False),
        _timestamp("created_at"),
        _timestamp("updated_at"),
        sa.PrimaryKeyConstraint("telegram_user_id", name="pk_telegram_accounts"),
    )
    op.create_table(
        "person_links",
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("person_id", sa.String(64), nullable=False),
        _timestamp("linked_at"),
        sa.Column("first_name", sa.String(100), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("legal_capacity_confirmed", sa.Boolean(), nullable=False),
        sa.Column("access_level", sa.String(16), nullable=False),
        sa.Column("access_token_encrypted", sa.Text(), nullable=False),
        sa.Column("refresh_token_encrypted", sa.Text(), nullable=False),
        _timestamp("access_expires_at"),
        sa.Column("token_scope", sa.Text(), nullable=False),
        _timestamp("updated_at"),
        _account_fk("person_links"),
        sa.PrimaryKeyConstraint("telegram_user_id", name="pk_person_links"),
        sa.UniqueConstraint("person_id", name="uq_person_links_person_id"),
    )
    op.create_table(
        "auth_states",
        sa.Column("state_hash", sa.String(64), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("purpose", sa.String(16), nullable=False),
        _timestamp("created_at"),
        _timestamp("expires_at"),
        _timestamp("used_at", nullable=True),
        _account_fk("auth_states"),
        sa.PrimaryKeyConstraint("state_hash", name="pk_auth_states"),
    )
    op.create_index("ix_auth_states_telegram_user_id", "auth_states", ["telegram_user_id"])
    op.create_table(
        "signing_sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("object_id", sa.String(64), nullable=True),
        sa.Column("payload_hash", sa.String(64), nullable=False),
        sa.Column("payload_encrypted", sa.Text(), nullable=False),
        sa.Column("summary_encrypted", sa.Text(), nullable=False),
        _timestamp("created_at"),
        _timestamp("expires_at"),
        _timestamp("used_at", nullable=True),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("result", sa.String(32), nullable=True),
        _account_fk("signing_sessions"),
        sa.PrimaryKeyConstraint("token_hash", name="pk_signing_sessions"),
    )
    op.create_index("ix_signing_sessions_telegram_user_id", "signing_sessions", ["telegram_user_id"])
    op.create_table(
        "declaration_request_keys",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("client_key", sa.String(64), nullable=False),
        sa.Column("request_id", sa.String(64), nullable=True),
        _timestamp("created_at"),
        _account_fk("declaration_request_keys"),
        sa.PrimaryKeyConstraint("id", name="pk_declaration_request_keys"),
        sa.UniqueConstraint("telegram_user_id", "client_key", name="uq_declaration_request_keys_client_key"),
    )
    op.create_table(
        "outbox_events",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("dedupe_key", sa.String(200), nullable=True),
        _timestamp("created_at"),
        _timestamp("available_at"),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        _timestamp("claim_expires_at", nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _timestamp("sent_at", nullable=True),
        _account_fk("outbox_events"),
        sa.PrimaryKeyConstraint("id", name="pk_outbox_events"),
        sa.UniqueConstraint("dedupe_key", name="uq_outbox_events_dedupe_key"),
    )
    op.create_index("ix_outbox_events_pending", "outbox_events", ["sent_at", "available_at"])
    op.create_index("ix_outbox_events_telegram_user_id", "outbox_events", ["telegram_user_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        _timestamp("at"),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("request_id", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_actor", "audit_log", ["actor"])
    op.create_index("ix_audit_log_at", "audit_log", ["at"])


def downgrade() -> None:
    for table in (
        "audit_log",
        "outbox_events",
        "declaration_request_keys",
        "signing_sessions",
        "auth_states",
        "person_links",
        "telegram_accounts",
    ):
        op.drop_table(table)
