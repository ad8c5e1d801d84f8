"""Database objects of the directory that SQLAlchemy cannot declare, per dialect; every statement is idempotent.

SQLite: an FTS5 index over `doctor_directory.name_key` (external content, kept in step by triggers,
so every write to the table updates it in the same transaction). PostgreSQL: a GIN full-text index
over the same column's words (`to_tsvector('simple', …)`: no stemming, no stop words), which answers
"a word starts with …" (`word:*`). A pg_trgm index on the column was measured first and dropped: for
`LIKE '% word%'` it intersects the posting lists of common trigrams ("енк", "нко"), 8 ms for a
two-word name in 100,000 doctors against 0.4 ms for the word index; and no extension is needed.

Alembic's autogenerate must not try to drop these: `is_schema_extra(name)` tells its
`include_object` hook which names are ours.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from backend.db import Base
from backend.directory.tables import doctor_directory, doctor_name_term, doctor_name_term_variant, doctor_party_limit

FTS_TABLE = "doctor_name_fts"
WORD_INDEX = "ix_doctor_directory_name_words"
DIRECTORY_TABLES = (doctor_directory, doctor_name_term, doctor_name_term_variant, doctor_party_limit)

# Tokens are split on spaces only: `keys` already reduced names to alphanumeric words, and
# `remove_diacritics 0` keeps й/ї apart from и/і. Prefix indexes make "ш*", "ше*", "шев*" cheap.
SQLITE_DDL: list[str] = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS doctor_name_fts USING fts5(
        name_key, content='doctor_directory', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0', prefix='1 2 3')""",
    """CREATE TRIGGER IF NOT EXISTS doctor_directory_fts_insert AFTER INSERT ON doctor_directory BEGIN
        INSERT INTO doctor_name_fts(rowid, name_key) VALUES (new.id, new.name_key);
    END""",
    """CREATE TRIGGER IF NOT EXISTS doctor_directory_fts_delete AFTER DELETE ON doctor_directory BEGIN
        INSERT INTO doctor_name_fts(doctor_name_fts, rowid, name_key) VALUES ('delete', old.id, old.name_key);
    END""",
    """CREATE TRIGGER IF NOT EXISTS doctor_directory_fts_update AFTER UPDATE OF name_key ON doctor_directory
    WHEN old.name_key IS NOT new.name_key BEGIN
        INSERT INTO doctor_name_fts(doctor_name_fts, rowid, name_key) VALUES ('delete', old.id, old.name_key);
        INSERT INTO doctor_name_fts(rowid, name_key) VALUES (new.id, new.name_key);
    END""",
]
# Filling the FTS index from rows that exist already (run once, when the FTS table is created).
SQLITE_REBUILD = "INSERT INTO doctor_name_fts(doctor_name_fts) VALUES ('rebuild')"

# Queries must use the very same expression (`postgres_index.NAME_WORDS`) for the index to serve them.
# Without `fastupdate = off`, a sync's inserts wait in the GIN pending list, which every search then
# scans whole until a vacuum merges it: 5 ms a name search after loading 100,000 doctors, not 0.3 ms.
POSTGRES_DDL: list[str] = [
    "CREATE INDEX IF NOT EXISTS ix_doctor_directory_name_words ON doctor_directory "
    "USING gin (to_tsvector('simple', name_key)) WITH (fastupdate = off)",
]

_SQLITE_TRIGGERS = ("doctor_directory_fts_insert", "doctor_directory_fts_delete", "doctor_directory_fts_update")


def is_schema_extra(name: str | None) -> bool:
    """Whether a table, index or trigger name belongs to this module's DDL (FTS5 shadow tables included)."""
    return name is not None and (name == WORD_INDEX or name.startswith(FTS_TABLE) or name in _SQLITE_TRIGGERS)


def install_sync(connection: Connection) -> None:
    """Create the dialect's extras on an open (synchronous) connection; for alembic's `op.get_bind()`."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        existed = connection.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"), {"name": FTS_TABLE}
        ).first()
        for statement in SQLITE_DDL:
            connection.execute(text(statement))
        if existed is None:
            connection.execute(text(SQLITE_REBUILD))
    elif dialect == "postgresql":
        for statement in POSTGRES_DDL:
            connection.execute(text(statement))
        # The text search parser takes letters from the database's ctype; under "C" Cyrillic makes no words.
        if not connection.execute(text("SELECT length(to_tsvector('simple', 'шевченко')) = 1")).scalar_one():
            raise RuntimeError("PostgreSQL sees no Cyrillic words: the database needs a UTF-8 LC_CTYPE (e.g. C.UTF-8)")
    else:
        raise NotImplementedError(f"the doctor directory supports SQLite and PostgreSQL, not {dialect}")


# What a first load into an empty directory drops and builds once at the end (`SqlDoctorIndex.bulk_loading`):
# the table's B-tree indexes, and the name index (SQLite: the FTS5 insert trigger, the FTS table rebuilt from
# the rows after; PostgreSQL: the GIN index).
_SQLITE_INSERT_TRIGGER = "doctor_directory_fts_insert"


def drop_secondary_indexes_sync(connection: Connection) -> None:
    for index in doctor_directory.indexes:
        index.drop(connection, checkfirst=True)
    if connection.dialect.name == "sqlite":
        connection.execute(text(f"DROP TRIGGER IF EXISTS {_SQLITE_INSERT_TRIGGER}"))
    else:
        connection.execute(text(f"DROP INDEX IF EXISTS {WORD_INDEX}"))


def restore_secondary_indexes_sync(connection: Connection) -> None:
    """Build whatever `drop_secondary_indexes_sync` took away (a no-op when nothing is missing), so a load that
    stopped half-way leaves nothing missing once this has run."""
    for index in doctor_directory.indexes:
        index.create(connection, checkfirst=True)
    if connection.dialect.name != "sqlite":
        for statement in POSTGRES_DDL:
            connection.execute(text(statement))
        return
    trigger = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = :name"), {"name": _SQLITE_INSERT_TRIGGER}
    ).first()
    if trigger is None:
        for statement in SQLITE_DDL:
            connection.execute(text(statement))
        connection.execute(text(SQLITE_REBUILD))  # the rows inserted without the trigger get their FTS entries


async def install(connection: AsyncConnection) -> None:
    await connection.run_sync(install_sync)


async def ensure_directory_schema(engine: AsyncEngine) -> None:
    """Create the directory's tables and extras if missing (tests, benchmarks, a fresh development database)."""
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: Base.metadata.create_all(sync, tables=list(DIRECTORY_TABLES)))
        await install(connection)
