"""The directory on SQLite: name words are looked up in the FTS5 index (`schema.SQLITE_DDL`)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, bindparam, column, select, table, text
from sqlalchemy.dialects.sqlite import insert

from backend.directory.schema import FTS_TABLE
from backend.directory.sql_index import SqlDoctorIndex, WordMatch, doc

_fts = table(FTS_TABLE, column("rowid"))


def fts_query(words: Sequence[WordMatch]) -> str:
    """An FTS5 expression: each word as a prefix, or one of its corrections exactly; all words required."""

    def quoted(term: str) -> str:
        return '"' + term.replace('"', '""') + '"'

    return " AND ".join(
        "(" + " OR ".join([quoted(match.word) + "*", *map(quoted, match.corrections)]) + ")" for match in words
    )


class SqliteDoctorIndex(SqlDoctorIndex):
    insert = staticmethod(insert)

    def name_match(self, words: Sequence[WordMatch]) -> ColumnElement[bool]:
        matching = select(_fts.c.rowid).where(
            text(f"{FTS_TABLE} MATCH :fts_query").bindparams(bindparam("fts_query", fts_query(words)))
        )
        return doc.id.in_(matching)
