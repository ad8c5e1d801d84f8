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


def quoted(term: str) -> str:
    return "'" + term.replace("'", "''") + "'"


def tsquery(words: Sequence[WordMatch]) -> str:
    """`('шевч':*) & ('олена' | 'олег')`: words are alphanumeric (`keys.tokens`), quoted all the same."""
    return " & ".join(
        "(" + " | ".join([quoted(match.word) + ":*", *map(quoted, match.corrections)]) + ")" for match in words
    )


class PostgresDoctorIndex(SqlDoctorIndex):
    insert = staticmethod(insert)
    statistics_statements = (
        "ANALYZE doctor_directory, doctor_name_term, doctor_name_term_variant, doctor_party_limit",
    )
    # At 20,000 doctors a walk's extra statements cost more client CPU than ranking every match (prefix mean
    # 1.99 against 1.34 ms, bench/search.py's queries); the walk stays available and tested here.
    walks = False

    def name_match(self, words: Sequence[WordMatch]) -> Fragment:
        return Fragment(f"{NAME_WORDS} @@ to_tsquery('simple', :name_query)", {"name_query": tsquery(words)})

    def later_word_ids(self, word: str, *, whole: bool) -> Fragment:
        # Words are alphanumeric (`keys.tokens`): nothing in them is a LIKE wildcard.
        return Fragment(
            f"SELECT id FROM doctor_directory WHERE {NAME_WORDS} @@ to_tsquery('simple', :later_query) "  # noqa: S608
            "AND name_key NOT LIKE :later_first",
            {
                "later_query": quoted(word) + ("" if whole else ":*"),
                "later_first": f" {word} %" if whole else f" {word}%",
            },
        )
