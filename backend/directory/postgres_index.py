"""The directory on PostgreSQL: name words are looked up in a GIN full-text index (`schema.POSTGRES_DDL`).

`name_key` holds the name's words (" шевченко маряна петрівна "); the index holds them as lexemes of
the 'simple' configuration, and a query asks for each word as a prefix (`шевч:*`) or one of its
corrections exactly (`олена`).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.dialects.postgresql import insert

from backend.directory.sql_index import SqlDoctorIndex
from backend.directory.statements import Fragment, WordMatch

# The indexed expression, written exactly as in the index definition.
NAME_WORDS = "to_tsvector('simple', name_key)"


def tsquery(words: Sequence[WordMatch]) -> str:
    """`('шевч':*) & ('олена' | 'олег')`: words are alphanumeric (`keys.tokens`), quoted all the same."""

    def quoted(term: str) -> str:
        return "'" + term.replace("'", "''") + "'"

    return " & ".join(
        "(" + " | ".join([quoted(match.word) + ":*", *map(quoted, match.corrections)]) + ")" for match in words
    )


class PostgresDoctorIndex(SqlDoctorIndex):
    insert = staticmethod(insert)
    statistics_statements = (
        "ANALYZE doctor_directory, doctor_name_term, doctor_name_term_variant, doctor_party_limit",
    )

    def name_match(self, words: Sequence[WordMatch]) -> Fragment:
        return Fragment(f"{NAME_WORDS} @@ to_tsquery('simple', :name_query)", {"name_query": tsquery(words)})
