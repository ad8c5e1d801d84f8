"""Status watcher: each person's lane (urgent, timed, sweep), and the index its rounds read the due persons by.

A person with an unsigned declaration request is polled first and often (0, urgent), one with a reminder
falling due at a known moment is polled then, before the sweep (1, timed), and everyone else is swept in turn
(2). The rounds read the due persons lane by lane, longest waiting first, through
`ix_watch_schedule_lane_due`. Existing rows start in the sweep; their next poll puts them in their lane.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("watch_schedule") as batch:
        batch.add_column(sa.Column("lane", sa.SmallInteger(), nullable=False, server_default="2"))
    op.create_index("ix_watch_schedule_lane_due", "watch_schedule", ["lane", "next_poll_at", "person_id"])


def downgrade() -> None:
    op.drop_index("ix_watch_schedule_lane_due", table_name="watch_schedule")
    with op.batch_alter_table("watch_schedule") as batch:
        batch.drop_column("lane")
