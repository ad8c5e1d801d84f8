"""Doctor directory: a covering index in name order, and the rows whose surname has several words.

A one-word name search ("Анд") ranked every doctor with a word starting with it (1,500–4,600 of 100,000),
reading each one's row. It now walks the names that start with the word in order through
`ix_doctor_directory_name_order` (which replaces `ix_doctor_directory_sort_key` and covers the filters and
the surname), and reads apart the few rows a walk cannot reach: those whose surname has several words
(`ix_doctor_directory_compound_surname`, a partial index) and those where the word is a later word.

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NAME_ORDER = [
    "sort_key",
    "employee_id",
    "is_available",
    "speciality",
    "declaration_count",
    "declaration_limit",
    "surname_key",
]
_COMPOUND_SURNAME = "surname_key LIKE '% % % %'"


def upgrade() -> None:
    op.drop_index("ix_doctor_directory_sort_key", table_name="doctor_directory")
    op.create_index("ix_doctor_directory_name_order", "doctor_directory", _NAME_ORDER)
    op.create_index(
        "ix_doctor_directory_compound_surname",
        "doctor_directory",
        ["surname_key", "id"],
        sqlite_where=sa.text(_COMPOUND_SURNAME),
        postgresql_where=sa.text(_COMPOUND_SURNAME),
    )


def downgrade() -> None:
    op.drop_index("ix_doctor_directory_compound_surname", table_name="doctor_directory")
    op.drop_index("ix_doctor_directory_name_order", table_name="doctor_directory")
    op.create_index("ix_doctor_directory_sort_key", "doctor_directory", ["sort_key"])
