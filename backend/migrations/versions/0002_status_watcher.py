"""Status watcher: when each linked person is polled next, and the last seen status of their registry objects.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "watch_schedule",
        sa.Column("person_id", sa.String(64), nullable=False),
        _timestamp("next_poll_at"),
        sa.Column("pending", sa.Boolean(), nullable=False),
        _timestamp("baseline_of", nullable=True),
        _timestamp("last_polled_at", nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("problem", sa.String(32), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person_links.person_id"],
            name="fk_watch_schedule_person_id_person_links",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name="pk_watch_schedule"),
    )
    op.create_index("ix_watch_schedule_due", "watch_schedule", ["next_poll_at", "pending"])
    op.create_table(
        "watch_state",
        sa.Column("person_id", sa.String(64), nullable=False),
        sa.Column("entity_kind", sa.String(16), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("reason", sa.String(64), nullable=True),
        sa.Column("reminded", sa.Boolean(), nullable=False),
        _timestamp("due_at", nullable=True),
        sa.Column("doctor_name", sa.String(200), nullable=True),
        _timestamp("seen_at"),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["watch_schedule.person_id"],
            name="fk_watch_state_person_id_watch_schedule",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", "entity_kind", "entity_id", name="pk_watch_state"),
    )


def downgrade() -> None:
    op.drop_table("watch_state")
    op.drop_index("ix_watch_schedule_due", table_name="watch_schedule")
    op.drop_table("watch_schedule")
