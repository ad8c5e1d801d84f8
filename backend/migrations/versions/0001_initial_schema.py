"""Initial schema: accounts, links, sign-in and signing links, idempotency keys, outbox, audit log,
and the doctor directory (its tables, then the search DDL `backend.directory.schema` owns: SQLite FTS5
with triggers, PostgreSQL a GIN full-text index over name words).

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
# Search keys compare byte-wise on PostgreSQL (prefix ranges, alphabetical sort keys).
KEY = sa.Text().with_variant(sa.Text(collation="C"), "postgresql")
# Employee ids compare byte-wise on both databases (the directory pages by them).
EMPLOYEE_ID = sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")


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
    _create_directory()


def _create_directory() -> None:
    op.create_table(
        "doctor_directory",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("employee_id", EMPLOYEE_ID, nullable=False),
        sa.Column("party_id", sa.String(64), nullable=False),
        sa.Column("full_name", sa.Text(), nullable=False),
        sa.Column("first_name", sa.Text(), nullable=False),
        sa.Column("last_name", sa.Text(), nullable=False),
        sa.Column("second_name", sa.Text(), nullable=True),
        sa.Column("gender", sa.String(16), nullable=True),
        sa.Column("speciality", sa.String(32), nullable=True),
        sa.Column("position", sa.String(16), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("about", sa.Text(), nullable=True),
        sa.Column("working_experience", sa.Integer(), nullable=True),
        sa.Column("division_id", sa.String(64), nullable=False),
        sa.Column("division_name", sa.Text(), nullable=False),
        sa.Column("division_type", sa.String(32), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("area", sa.Text(), nullable=True),
        sa.Column("settlement", sa.Text(), nullable=True),
        sa.Column("settlement_type", sa.String(32), nullable=True),
        sa.Column("phones", sa.JSON(), nullable=False),
        sa.Column("working_hours", sa.JSON(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("legal_entity_id", sa.String(64), nullable=False),
        sa.Column("legal_entity_name", sa.Text(), nullable=False),
        sa.Column("legal_entity_status", sa.String(16), nullable=True),
        sa.Column("declaration_limit", sa.Integer(), nullable=True),
        sa.Column("declaration_count", sa.Integer(), nullable=True),
        _timestamp("updated_at", nullable=True),
        sa.Column("name_key", KEY, nullable=False),
        sa.Column("surname_key", KEY, nullable=False),
        sa.Column("sort_key", KEY, nullable=False),
        sa.Column("settlement_key", KEY, nullable=False),
        sa.Column("area_key", KEY, nullable=False),
        sa.Column("is_available", sa.Boolean(), nullable=False),
        sa.Column("geo_x", sa.Float(), nullable=True),
        sa.Column("geo_y", sa.Float(), nullable=True),
        sa.Column("geo_z", sa.Float(), nullable=True),
        sa.Column("geo_cell", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_doctor_directory"),
        sa.UniqueConstraint("employee_id", name="uq_doctor_directory_employee_id"),
    )
    op.create_index("ix_doctor_directory_area", "doctor_directory", ["area_key", "sort_key"])
    op.create_index("ix_doctor_directory_legal_entity_id", "doctor_directory", ["legal_entity_id"])
    op.create_index(
        "ix_doctor_directory_location",
        "doctor_directory",
        [
            "geo_cell",
            "latitude",
            "longitude",
            "geo_x",
            "geo_y",
            "geo_z",
            "is_available",
            "speciality",
            "sort_key",
            "employee_id",
        ],
    )
    op.create_index("ix_doctor_directory_party_id", "doctor_directory", ["party_id"])
    op.create_index("ix_doctor_directory_settlement", "doctor_directory", ["settlement_key", "area_key", "sort_key"])
    op.create_index("ix_doctor_directory_sort_key", "doctor_directory", ["sort_key"])
    op.create_table(
        "doctor_name_term",
        sa.Column("term", KEY, nullable=False),
        sa.PrimaryKeyConstraint("term", name="pk_doctor_name_term"),
    )
    op.create_table(
        "doctor_name_term_variant",
        sa.Column("variant", KEY, nullable=False),
        sa.Column("term", KEY, nullable=False),
        sa.PrimaryKeyConstraint("variant", "term", name="pk_doctor_name_term_variant"),
    )
    op.create_index("ix_doctor_name_term_variant_term", "doctor_name_term_variant", ["term"])
    op.create_table(
        "doctor_party_limit",
        sa.Column("party_id", sa.String(64), nullable=False),
        sa.Column("declaration_limit", sa.Integer(), nullable=False),
        sa.Column("declaration_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("party_id", name="pk_doctor_party_limit"),
    )
    # The search extras that SQLAlchemy cannot declare; the directory module owns their definition.
    from backend.directory.schema import install_sync

    install_sync(op.get_bind())


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("doctor_directory_fts_insert", "doctor_directory_fts_delete", "doctor_directory_fts_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS doctor_name_fts")
    for table in (
        "doctor_party_limit",
        "doctor_name_term_variant",
        "doctor_name_term",
        "doctor_directory",
        "audit_log",
        "outbox_events",
        "declaration_request_keys",
        "signing_sessions",
        "auth_states",
        "person_links",
        "telegram_accounts",
    ):
        op.drop_table(table)
