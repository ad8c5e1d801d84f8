"""The directory on PostgreSQL: name words are looked up through the pg_trgm GIN index on `name_key`.

`name_key` holds the name's words padded with spaces (" шевченко маряна петрівна "), so
`LIKE '% шевч%'` means "a word starts with шевч" and `LIKE '% шевченко %'` "a word is шевченко";
pg_trgm answers both from the index.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.dialects.postgresql import insert

from backend.directory.sql_index import SqlDoctorIndex
from backend.directory.statements import Fragment, WordMatch, word_params


class PostgresDoctorIndex(SqlDoctorIndex):
    insert = staticmethod(insert)

    def name_match(self, words: Sequence[WordMatch]) -> Fragment:
        per_word = (
            " OR ".join(
                [f"name_key LIKE :w{i}_start", *(f"name_key LIKE :w{i}_fix{j}" for j in range(len(match.corrections)))]
            )
            for i, match in enumerate(words)
        )
        return Fragment(" AND ".join(f"({alternatives})" for alternatives in per_word), word_params(words))
