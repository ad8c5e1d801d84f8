"""The directory on SQLite: name words are looked up in the FTS5 index (`schema.SQLITE_DDL`).

Each operation runs whole in a worker thread on a plain `sqlite3` connection of the same database
file. Through aiosqlite every cursor call is its own thread round trip (a search makes a dozen);
under load those hand-offs, not SQLite, dominated the latency. The event loop never blocks either way.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Concatenate, ParamSpec, TypeVar

import orjson
from sqlalchemy import Connection, Dialect, Insert, create_engine, event
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.directory.readers import Reader, SqlAlchemyReader, SqliteReader
from backend.directory.rows import ROW_COLUMNS
from backend.directory.sql_index import SqlDoctorIndex
from backend.directory.statements import Fragment, WordMatch
from backend.directory.tables import doctor_directory

P = ParamSpec("P")
# A name match of at most this many rows leads a search in a place (`SqliteDoctorIndex.leads`).
_LEADS = 1000
_MATCHES_UP_TO_LEADS = (
    "SELECT count(*) FROM (SELECT rowid FROM doctor_name_fts WHERE doctor_name_fts MATCH :q LIMIT :cap) AS capped"
)
T = TypeVar("T")


def fts_query(words: Sequence[WordMatch]) -> str:
    """An FTS5 expression: each word as a prefix, or one of its corrections exactly; all words required."""

    def quoted(term: str) -> str:
        return '"' + term.replace('"', '""') + '"'

    return " AND ".join(
        "(" + " OR ".join([quoted(match.word) + "*", *map(quoted, match.corrections)]) + ")" for match in words
    )


def later_word_query(word: str, *, whole: bool) -> str:
    """An FTS5 expression for a word of the name other than the first being `word` or starting with it:
    `^` anchors a phrase at the column's first token."""
    phrase = '"' + word.replace('"', '""') + '"' + ("" if whole else "*")
    return f"{phrase} NOT ^{phrase}"


@dataclass(frozen=True)
class _PositionalRows:
    """An upsert compiled once for sqlite3, and how a `ROW_COLUMNS` row becomes its parameters."""

    sql: str
    pick: Callable[[Sequence[Any]], tuple[Any, ...]]  # the row's values in the statement's order
    convert: tuple[tuple[int, Callable[[Any], Any]], ...]  # (position, bind processor) where a type has one

    def values(self, row: Sequence[Any]) -> list[Any]:
        values = list(self.pick(row))
        for i, convert in self.convert:
            values[i] = convert(values[i])
        return values


def _positional_rows(statement: Insert, dialect: Dialect) -> _PositionalRows:
    compiled = statement.compile(dialect=dialect, column_keys=list(ROW_COLUMNS))
    names = compiled.positiontup
    if names is None or sorted(names) != sorted(ROW_COLUMNS):
        raise RuntimeError("the directory's upsert no longer compiles to one positional parameter a column")
    processors = (doctor_directory.c[name].type.bind_processor(dialect) for name in names)
    return _PositionalRows(
        sql=compiled.string,
        pick=itemgetter(*(ROW_COLUMNS.index(name) for name in names)),
        convert=tuple((i, process) for i, process in enumerate(processors) if process is not None),
    )


def _json_text(value: Any) -> str:
    # A document's phones and hours as JSON: json.dumps took 2 s of a first sync's writes at 100,000 doctors.
    return orjson.dumps(value).decode()


def _prepare(dbapi_connection: Any, _record: Any) -> None:
    # Transactions are begun explicitly (see `_run`), not by the sqlite3 module's implicit BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=5000")  # wait for the app's other writers instead of failing
    cursor.execute("PRAGMA foreign_keys=ON")
    # The directory is a copy of the registry, rebuilt by the next sync: a commit need not reach the disk
    # before it returns (WAL keeps the file consistent either way), and batch writes stop waiting on fsync.
    cursor.execute("PRAGMA synchronous=NORMAL")
    # No memory map and SQLite's default 2 MB page cache per connection: the reads are served by the kernel's
    # page cache either way. A 512 MB map kept every page a full sync touched resident in the process (228 MB
    # RSS at 100,000 doctors) and 16 MB caches on each pooled connection added more; search p99 in
    # bench/search.py moved within noise (5.6 → 5.8 ms).
    cursor.execute("PRAGMA mmap_size=0")
    cursor.execute("PRAGMA cache_size=-2048")
    cursor.close()


class SqliteDoctorIndex(SqlDoctorIndex):
    insert = staticmethod(insert)
    # A sampled ANALYZE (a thousand rows an index) takes milliseconds and is as good for these tables.
    statistics_statements = ("PRAGMA analysis_limit=1000", "ANALYZE")

    def __init__(self, engine: AsyncEngine, *, batch_size: int = 1000) -> None:
        super().__init__(engine, batch_size=batch_size)
        database = engine.url.database
        self._threaded = None
        self._positional: _PositionalRows | None = None
        if database and database != ":memory:" and not database.startswith("file:"):
            # The same file through the standard library driver (the engine's pragmas made it WAL already).
            # The driver keeps prepared statements by their text; a search's shapes (filters, lengths of
            # lists) are a few hundred, more than its default 128.
            self._threaded = create_engine(
                engine.url.set(drivername="sqlite+pysqlite"),
                connect_args={"cached_statements": 1024},
                json_serializer=_json_text,
            )
            event.listen(self._threaded, "connect", _prepare)
            self._own_engines.append(self._threaded)

    async def _read(self, work: Callable[Concatenate[Connection, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        if self._threaded is None:  # an in-memory database exists only behind the engine's own connection
            return await super()._read(work, *args, **kwargs)
        return await asyncio.to_thread(self._run, "BEGIN", work, *args, **kwargs)

    async def _write(self, work: Callable[Concatenate[Connection, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        if self._threaded is None:
            return await super()._write(work, *args, **kwargs)
        return await asyncio.to_thread(self._run, "BEGIN IMMEDIATE", work, *args, **kwargs)

    def _run(self, begin: str, work: Callable[Concatenate[Connection, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
        """In the worker thread: `work` in one transaction, so a search reads one snapshot.

        A writer takes the write lock up front (BEGIN IMMEDIATE): a deferred transaction that reads first
        could not upgrade once another writer committed, and would fail instead of waiting.
        """
        assert self._threaded is not None
        with self._threaded.connect() as connection:
            connection.exec_driver_sql(begin)
            result = work(connection, *args, **kwargs)
            connection.commit()
            return result

    def _write_rows(self, connection: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
        if self._threaded is None:  # aiosqlite's connection under the engine: no sqlite3 cursor to hand
            super()._write_rows(connection, rows)
            return
        # The rows go to sqlite3's executemany as the compiled statement orders them, each value through its
        # column type's own bind processor: SQLAlchemy's per-row parameter handling took 5 of a first sync's
        # 14 s of writes at 100,000 doctors.
        if self._positional is None:
            self._positional = _positional_rows(self.upsert_statement(), connection.dialect)
        positional = self._positional
        dbapi = connection.connection.driver_connection
        assert dbapi is not None
        dbapi.cursor().executemany(positional.sql, map(positional.values, rows))

    def reader(self, connection: Connection) -> Reader:
        # The engine's own connection of an in-memory database is aiosqlite's, not a sqlite3 connection.
        return SqlAlchemyReader(connection) if self._threaded is None else SqliteReader(connection)

    def leads(self, reader: Reader, words: Sequence[WordMatch]) -> bool:
        # SQLite's statistics give a settlement its average number of doctors (36 at 100,000), so it walks the
        # whole of Kyiv's index (7,000 entries, 1.5 ms) rather than read a surname's 200 rows (0.3 ms). Reading
        # a match's row costs about what five index entries do: up to 1,000 matches lead, whatever the place.
        ((found,),) = reader.rows(_MATCHES_UP_TO_LEADS, {"q": fts_query(words), "cap": _LEADS + 1})
        return bool(found <= _LEADS)

    def name_match(self, words: Sequence[WordMatch]) -> Fragment:
        return Fragment(
            "id IN (SELECT rowid FROM doctor_name_fts WHERE doctor_name_fts MATCH :fts_query)",
            {"fts_query": fts_query(words)},
        )

    def later_word_ids(self, word: str, *, whole: bool) -> Fragment:
        return Fragment(
            "SELECT rowid FROM doctor_name_fts WHERE doctor_name_fts MATCH :later_query",
            {"later_query": later_word_query(word, whole=whole)},
        )
