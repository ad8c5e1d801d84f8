"""Between `DoctorDocument` and a `doctor_directory` row, search keys included."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from operator import attrgetter
from typing import Any

from backend.directory import keys
from backend.directory.documents import DoctorDocument
from backend.directory.spatial import cell_of, unit_vector

# The document's fields are columns of the same name.
DOCUMENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(DoctorDocument))
# A row: the document's columns, then the search keys derived from them (`row_values`).
ROW_COLUMNS: tuple[str, ...] = (
    *DOCUMENT_COLUMNS,
    "name_key",
    "surname_key",
    "sort_key",
    "settlement_key",
    "area_key",
    "is_available",
    "geo_x",
    "geo_y",
    "geo_z",
    "geo_cell",
)
# The document's values in one call: a sync makes 100,000 rows, and a getattr a field took seconds.
_DOCUMENT_VALUES = attrgetter(*DOCUMENT_COLUMNS)
_NO_PLACE = (None, None, None, None)


def name_words(document: DoctorDocument) -> tuple[str, ...]:
    """Name tokens in the registry's order: surname, first name, patronymic.

    Each name is tokenised on its own: first names and patronymics repeat (the tokens' cache keeps them), full
    names hardly ever, and tokens never span two names."""
    return tuple(
        word
        for name in (document.last_name, document.first_name, document.second_name)
        if name
        for word in keys.tokens(name)
    )


def row_values(document: DoctorDocument, words: tuple[str, ...] | None = None) -> tuple[Any, ...]:
    """The row of a document in `ROW_COLUMNS` order; `words`, its `name_words` when the caller has them.

    The JSON columns take the document's tuples as they are (JSON writes a tuple as an array): copying
    100,000 documents' hours into lists took seconds of a first sync."""
    words = name_words(document) if words is None else words
    if document.latitude is not None and document.longitude is not None:
        place = (*unit_vector(document.latitude, document.longitude), cell_of(document.latitude, document.longitude))
    else:
        place = _NO_PLACE
    return (
        *_DOCUMENT_VALUES(document),
        keys.padded(words),
        keys.padded(keys.tokens(document.last_name)),
        keys.sort_key(words),
        keys.settlement_key(document.settlement or ""),
        keys.area_key(document.area or ""),
        document.is_available,
        *place,
    )


def row_by_column(values: Sequence[Any]) -> dict[str, Any]:
    """A row of `row_values` by column name."""
    return dict(zip(ROW_COLUMNS, values, strict=True))


def document_from_row(row: Mapping[str, Any]) -> DoctorDocument:
    values = {name: row[name] for name in DOCUMENT_COLUMNS}
    values["phones"] = tuple(row["phones"] or ())
    values["working_hours"] = {
        day: tuple((start, end) for start, end in hours) for day, hours in (row["working_hours"] or {}).items()
    }
    return DoctorDocument(**values)


def document_from_values(values: Sequence[Any]) -> DoctorDocument:
    """`document_from_row` for decoded column values in `DOCUMENT_COLUMNS` order (one dict, not two: a page
    of fifty documents is read on the search's hot path)."""
    fields = dict(zip(DOCUMENT_COLUMNS, values, strict=True))
    fields["phones"] = tuple(fields["phones"] or ())
    fields["working_hours"] = {
        day: tuple((start, end) for start, end in hours) for day, hours in (fields["working_hours"] or {}).items()
    }
    return DoctorDocument(**fields)
