"""Ukrainian words for registry codes on the pages and summaries the backend itself renders.

The words come from `backend.domain.dictionaries`, the one place where eHealth's codes become words (the
bot renders the same codes through its own texts). An unknown code gets the dictionary's neutral word,
never the code itself.
"""

from __future__ import annotations

from datetime import date

from backend.domain.dictionaries import (
    ADDRESS_TYPE,
    AUTHENTICATION_METHOD,
    DOCUMENT_TYPE,
    PHONE_TYPE,
    PREFERRED_WAY_COMMUNICATION,
    SPECIALITY_TYPE,
    Dictionary,
    address_line_uk,
)

__all__ = [
    "ADDRESS_TYPE",
    "AUTHENTICATION_METHOD",
    "COMMUNICATION",
    "DOCUMENT_TYPE",
    "PHONE_TYPE",
    "SPECIALITY",
    "address_line_uk",
    "date_uk",
    "label",
]

SPECIALITY = SPECIALITY_TYPE
COMMUNICATION = PREFERRED_WAY_COMMUNICATION


def label(dictionary: Dictionary, code: str | None) -> str:
    """The Ukrainian word; the dictionary's neutral word (or nothing) for a code it does not know."""
    return dictionary.word(code) or ""


def date_uk(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""
