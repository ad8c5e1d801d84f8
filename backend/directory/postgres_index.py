"""The directory on PostgreSQL: name words are looked up through the pg_trgm GIN index on `name_key`.

`name_key` holds the name's words padded with spaces (" шевченко маряна петрівна "), so
`LIKE '% шевч%'` means "a word starts with шевч" and `LIKE '% шевченко %'` "a word is шевченко";
pg_trgm answers both from the index.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.dialects.postgresql import insert

from backend.directory.sql_index import SqlDoctorIndex, WordMatch, doc


class PostgresDoctorIndex(SqlDoctorIndex):
    insert = staticmethod(insert)

    def name_match(self, words: Sequence[WordMatch]) -> ColumnElement[bool]:
        return and_(
            *(
                or_(
                    doc.name_key.like(f"% {match.word}%"),
                    *(doc.name_key.like(f"% {correction} %") for correction in match.corrections),
                )
                for match in words
            )
        )
