"""Between `DoctorDocument` and a `doctor_directory` row, search keys included."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import Any

from backend.directory import keys
from backend.directory.documents import DoctorDocument
from backend.directory.spatial import cell_of, unit_vector

# The document's fields are columns of the same name.
DOCUMENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(DoctorDocument))


def name_words(document: DoctorDocument) -> tuple[str, ...]:
    """Name tokens in the registry's order: surname, first name, patronymic."""
    return keys.tokens(" ".join(filter(None, (document.last_name, document.first_name, document.second_name))))


def row_from_document(document: DoctorDocument, words: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The row of a document; `words`, its `name_words` when the caller has them already."""
    # The JSON columns take the document's tuples as they are (JSON writes a tuple as an array): copying
    # 100,000 documents' hours into lists took seconds of a first sync.
    row = {name: getattr(document, name) for name in DOCUMENT_COLUMNS}
    words = name_words(document) if words is None else words
    row["name_key"] = keys.padded(words)
    row["surname_key"] = keys.padded(keys.tokens(document.last_name))
    row["sort_key"] = keys.sort_key(words)
    row["settlement_key"] = keys.settlement_key(document.settlement or "")
    row["area_key"] = keys.area_key(document.area or "")
    row["is_available"] = document.is_available
    if document.latitude is not None and document.longitude is not None:
        row["geo_x"], row["geo_y"], row["geo_z"] = unit_vector(document.latitude, document.longitude)
        row["geo_cell"] = cell_of(document.latitude, document.longitude)
    else:
        row["geo_x"] = row["geo_y"] = row["geo_z"] = row["geo_cell"] = None
    return row


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
