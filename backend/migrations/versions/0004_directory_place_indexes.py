"""Doctor directory: the settlement and area indexes cover what a search by place filters and orders by.

A search by settlement or region (with a speciality, free places) counted and paged its doctors through
these indexes but read every candidate's table row for the filters; now the indexes alone answer both.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COVERED = ["sort_key", "employee_id", "is_available", "speciality", "declaration_count", "declaration_limit"]


def upgrade() -> None:
    op.drop_index("ix_doctor_directory_settlement", table_name="doctor_directory")
    op.drop_index("ix_doctor_directory_area", table_name="doctor_directory")
    op.create_index("ix_doctor_directory_settlement", "doctor_directory", ["settlement_key", "area_key", *_COVERED])
    op.create_index("ix_doctor_directory_area", "doctor_directory", ["area_key", *_COVERED])


def downgrade() -> None:
    op.drop_index("ix_doctor_directory_settlement", table_name="doctor_directory")
    op.drop_index("ix_doctor_directory_area", table_name="doctor_directory")
    op.create_index("ix_doctor_directory_settlement", "doctor_directory", ["settlement_key", "area_key", "sort_key"])
    op.create_index("ix_doctor_directory_area", "doctor_directory", ["area_key", "sort_key"])
