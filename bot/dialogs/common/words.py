"""eHealth's dictionary codes as the patient reads them, in the patient's language.

Which code is which word is decided once, in `backend.domain.dictionaries`; here the bot picks its own
texts for them (`street-type-…`, `document-type-…`, …), so English reads English. An unknown code reads
as the dictionary's neutral word, or adds nothing; never as the code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backend.domain.dictionaries import SETTLEMENT_TYPE, STREET_TYPE, Dictionary, address_parts
from bot.i18n import Markup, Translator, join_markup


def dictionary_word(i18n: Translator, dictionary: Dictionary, code: str | None) -> Markup | None:
    """The code's word in the patient's language; the neutral word, or None, for a code we do not know."""
    key = dictionary.key(code)
    return i18n.get(key) if key is not None else None


def address_text(i18n: Translator, address: Mapping[str, Any]) -> Markup:
    """The address in one line: "вул. Городоцька, 118, кв. 5, м. Львів, Львівська, 79022" (or its English
    word order); every value escaped, every code a word."""
    parts = address_parts(address)
    street: Markup | None = None
    if parts.street:
        street_type = dictionary_word(i18n, STREET_TYPE, parts.street_type)
        street = (
            i18n.get("address-street", type=street_type, street=parts.street)
            if street_type
            else i18n.get("address-part", value=parts.street)
        )
    house: Markup | None = None
    if parts.building:
        house = i18n.get("address-part" if street else "address-house", value=parts.building)
    settlement: Markup | None = None
    if parts.settlement:
        settlement_type = dictionary_word(i18n, SETTLEMENT_TYPE, parts.settlement_type)
        settlement = (
            i18n.get("address-settlement", type=settlement_type, settlement=parts.settlement)
            if settlement_type
            else i18n.get("address-part", value=parts.settlement)
        )
    pieces = [
        street,
        house,
        i18n.get("address-apartment", value=parts.apartment) if parts.apartment else None,
        settlement,
        *(i18n.get("address-part", value=value) for value in (parts.region, parts.area, parts.zip) if value),
    ]
    return join_markup(", ", (piece for piece in pieces if piece))
