"""How a search's statements reach the database: through SQLAlchemy, or straight to SQLite's driver.

A search is a handful of small statements over bound SQL text (`statements`). Through SQLAlchemy each
costs about 0.1 ms of Python on top of the database's own work (execution context, result metadata,
typed rows): on SQLite, where the work itself is a few hundredths of a millisecond, that overhead was
most of a search. `SqliteReader` runs the same SQL on the sqlite3 connection underneath (the driver
caches each prepared statement by its text) and decodes the document columns with the very processors
SQLAlchemy would apply, so both readers return the same values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy import Connection, TextClause, bindparam, text
from sqlalchemy.engine import Dialect

from backend.directory import statements
from backend.directory.documents import DoctorDocument
from backend.directory.rows import DOCUMENT_COLUMNS, document_from_row, document_from_values
from backend.directory.tables import doctor_directory

# Ids per document fetch stay well under SQLite's and asyncpg's bound-parameter limits (a page is ≤ 51 rows).
_IDS_CHUNK = 500


class Reader(Protocol):
    def rows(self, sql: str, params: Mapping[str, Any], expanding: tuple[str, ...] = ()) -> list[tuple[Any, ...]]:
        """Plain values (ids, distances, counts, terms): nothing a column type would convert."""
        ...

    def documents(self, ids: Sequence[int]) -> dict[int, DoctorDocument]:
        """The documents of these rows, by row id."""
        ...


@lru_cache(maxsize=512)
def _text(sql: str, expanding: tuple[str, ...]) -> TextClause:
    return text(sql).bindparams(*(bindparam(name, expanding=True) for name in expanding))


class SqlAlchemyReader:
    """Any dialect, through SQLAlchemy's `Connection`."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def rows(self, sql: str, params: Mapping[str, Any], expanding: tuple[str, ...] = ()) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self._connection.execute(_text(sql, expanding), dict(params))]

    def documents(self, ids: Sequence[int]) -> dict[int, DoctorDocument]:
        found: dict[int, DoctorDocument] = {}
        for start in range(0, len(ids), _IDS_CHUNK):
            chunk = list(ids[start : start + _IDS_CHUNK])
            for row in self._connection.execute(statements.BY_ID, {"ids": chunk}):
                found[row.id] = document_from_row(row._mapping)
        return found


@lru_cache(maxsize=1024)
def _expanded(sql: str, expanding: tuple[str, ...], sizes: tuple[int, ...]) -> str:
    """`IN :name` → `IN (:name_0, :name_1, …)` for lists of these sizes (sqlite3 binds no lists)."""
    for name, size in zip(expanding, sizes, strict=True):
        marks = ", ".join(f":{name}_{i}" for i in range(size)) if size else "NULL"
        sql = sql.replace(f"IN :{name}", f"IN ({marks})")
    return sql


def _bound(sql: str, params: Mapping[str, Any], expanding: tuple[str, ...]) -> tuple[str, dict[str, Any]]:
    if not expanding:
        return sql, dict(params)
    values = {name: value for name, value in params.items() if name not in expanding}
    for name in expanding:
        values.update({f"{name}_{i}": item for i, item in enumerate(params[name])})
    return _expanded(sql, expanding, tuple(len(params[name]) for name in expanding)), values


@lru_cache(maxsize=4)
def _decoders(dialect: Dialect) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
    """What SQLAlchemy does to the document columns read from this dialect (JSON, aware datetimes): (position in
    `DOCUMENT_COLUMNS`, processor) for the few columns that have one."""
    processors = (doctor_directory.c[name].type._cached_result_processor(dialect, None) for name in DOCUMENT_COLUMNS)
    return tuple((i, process) for i, process in enumerate(processors) if process is not None)


_BY_ID_SQL = f"SELECT id, {', '.join(DOCUMENT_COLUMNS)} FROM doctor_directory WHERE id IN :ids"  # noqa: S608 - constant


class SqliteReader:
    """SQLite: the sqlite3 connection under a pooled SQLAlchemy connection, in that connection's transaction."""

    def __init__(self, connection: Connection) -> None:
        dbapi = connection.connection.driver_connection
        assert dbapi is not None
        self._cursor = dbapi.cursor()
        self._decoders = _decoders(connection.dialect)

    def rows(self, sql: str, params: Mapping[str, Any], expanding: tuple[str, ...] = ()) -> list[tuple[Any, ...]]:
        statement, values = _bound(sql, params, expanding)
        return self._cursor.execute(statement, values).fetchall()

    def documents(self, ids: Sequence[int]) -> dict[int, DoctorDocument]:
        found: dict[int, DoctorDocument] = {}
        for start in range(0, len(ids), _IDS_CHUNK):
            for row in self.rows(_BY_ID_SQL, {"ids": list(ids[start : start + _IDS_CHUNK])}, ("ids",)):
                found[row[0]] = document_from_values(_decode(row[1:], self._decoders))
        return found


def _decode(values: Sequence[Any], decoders: Iterable[tuple[int, Callable[[Any], Any]]]) -> list[Any]:
    decoded = list(values)
    for i, decode in decoders:
        decoded[i] = decode(decoded[i])
    return decoded
