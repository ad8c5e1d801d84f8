"""The directory's tables, declared on the backend's metadata so alembic sees them.

What SQLAlchemy cannot declare (the SQLite FTS5 table and its triggers, PostgreSQL's full-text
index) lives in `backend.directory.schema`.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    text,
)

from backend.db import Base
from backend.models import UTCDateTime

# SQLite's FTS5 table follows the row id, which only an INTEGER primary key is an alias of.
RowId = BigInteger().with_variant(Integer(), "sqlite")
# Keys compare byte-wise on both databases: prefix ranges and the alphabet-order sort key rely on it.
Key = Text().with_variant(Text(collation="C"), "postgresql")
# The employee id breaks ties in every ordering, so it too compares byte-wise everywhere.
EmployeeId = String(64).with_variant(String(64, collation="C"), "postgresql")

# After a place's key: the order of its doctors, then the filters a search by place applies.
PLACE_COVERED = (
    "sort_key",
    "employee_id",
    "is_available",
    "speciality",
    "declaration_count",
    "declaration_limit",
)

# `surname_key` is padded (" руденко лисенко "): three spaces or more mean two words or more.
COMPOUND_SURNAME = "surname_key LIKE '% % % %'"

doctor_directory = Table(
    "doctor_directory",
    Base.metadata,
    Column("id", RowId, primary_key=True, autoincrement=True),
    Column("employee_id", EmployeeId, nullable=False, unique=True),
    Column("party_id", String(64), nullable=False, index=True),
    Column("full_name", Text, nullable=False),
    Column("first_name", Text, nullable=False),
    Column("last_name", Text, nullable=False),
    Column("second_name", Text),
    Column("gender", String(16)),
    Column("speciality", String(32)),
    Column("position", String(16)),
    Column("status", String(16), nullable=False),
    Column("about", Text),
    Column("working_experience", Integer),
    Column("division_id", String(64), nullable=False),
    Column("division_name", Text, nullable=False),
    Column("division_type", String(32)),
    Column("address", Text),
    Column("area", Text),
    Column("settlement", Text),
    Column("settlement_type", String(32)),
    Column("phones", JSON, nullable=False),
    Column("working_hours", JSON, nullable=False),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("legal_entity_id", String(64), nullable=False, index=True),
    Column("legal_entity_name", Text, nullable=False),
    Column("legal_entity_status", String(16)),
    Column("declaration_limit", Integer),
    Column("declaration_count", Integer),
    Column("updated_at", UTCDateTime),
    # Search columns, derived from the ones above by `backend.directory.rows`.
    Column("name_key", Key, nullable=False),  # " шевченко маряна петрівна ": padded name tokens
    Column("surname_key", Key, nullable=False),  # " шевченко ": padded surname tokens
    Column("sort_key", Key, nullable=False),  # Ukrainian alphabetical order of the full name
    Column("settlement_key", Key, nullable=False),
    Column("area_key", Key, nullable=False),
    Column("is_available", Boolean, nullable=False),
    # The point on the unit sphere: squared chord length orders by great-circle distance exactly.
    Column("geo_x", Float),
    Column("geo_y", Float),
    Column("geo_z", Float),
    Column("geo_cell", Integer),  # `spatial.cell_of`: narrows a location search to the cells around it
    # A place's doctors in name order, with what a search by place also filters on: counting them and
    # finding a page read these indexes alone (at 100,000 doctors a region's count read ~300 table rows).
    Index("ix_doctor_directory_settlement", "settlement_key", "area_key", *PLACE_COVERED),
    Index("ix_doctor_directory_area", "area_key", *PLACE_COVERED),
    # Covers everything a location search filters and orders by, so finding the nearest rows reads the
    # index alone and only the page's rows come from the table.
    Index(
        "ix_doctor_directory_location",
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
    ),
    # The whole directory in name order, with the filters a search applies most: a search without a place
    # pages through it, and a one-word name search walks the names starting with the word from here
    # (`backend.directory.walk`), reading the index alone (the surname decides the word's bonus).
    Index("ix_doctor_directory_name_order", *PLACE_COVERED, "surname_key"),
    # The few rows whose surname has several words ("Руденко-Лисенко"): a word starting a later part of the
    # surname earns the surname bonus without starting the name, so the walk above reads these apart.
    Index(
        "ix_doctor_directory_compound_surname",
        "surname_key",
        "id",
        sqlite_where=text(COMPOUND_SURNAME),
        postgresql_where=text(COMPOUND_SURNAME),
    ),
)

# Every word of every indexed name, and each word's one-deletion variants (`keys.deletion_variants`):
# a query word nothing starts with is corrected to the terms sharing a variant with it.
doctor_name_term = Table(
    "doctor_name_term",
    Base.metadata,
    Column("term", Key, primary_key=True),
)

doctor_name_term_variant = Table(
    "doctor_name_term_variant",
    Base.metadata,
    Column("variant", Key, nullable=False),
    Column("term", Key, nullable=False),
    PrimaryKeyConstraint("variant", "term"),
    Index("ix_doctor_name_term_variant_term", "term"),  # forgetting a word's variants
)

# The registry's declaration limit and count per party (doctor), kept so a record that arrives
# after the limits were applied (a doctor's new employee record) starts with the right numbers.
doctor_party_limit = Table(
    "doctor_party_limit",
    Base.metadata,
    Column("party_id", String(64), primary_key=True),
    Column("declaration_limit", Integer, nullable=False),
    Column("declaration_count", Integer, nullable=False),
)
