"""Comparing names the way DOMAIN §4 asks: apostrophe spellings are one, case is folded."""

from __future__ import annotations

import unicodedata

# ' (U+0027), ’ (U+2019), ʼ (U+02BC), and the look-alikes keyboards produce: ` ´ ‘ ʹ ′ ＇
APOSTROPHE_FORMS = "'\u2019\u02bc`\u00b4\u2018\u02b9\u2032\uff07"
_TO_PLAIN = str.maketrans(dict.fromkeys(APOSTROPHE_FORMS, "'"))


def with_apostrophe(text: str, apostrophe: str = "\u2019") -> str:
    """Every apostrophe form written as `apostrophe` (’ by default)."""
    return text.translate(_TO_PLAIN).replace("'", apostrophe)


def fold(text: str) -> str:
    """For search and comparison: apostrophes as ', NFKC, case folded, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text.translate(_TO_PLAIN)).casefold().translate(_TO_PLAIN)
    return " ".join(text.split())
