"""Declaration request keys: an index on their age, for the housekeeper's hourly purge of old keys.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_declaration_request_keys_created_at", "declaration_request_keys", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_declaration_request_keys_created_at", table_name="declaration_request_keys")
