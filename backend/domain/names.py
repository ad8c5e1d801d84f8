"""How a Ukrainian text addresses a person by name: the vocative case («Олено», «Андрію», «В’ячеславе»).

The declension itself is `shevchenko-py` (a pure-Python port of shevchenko-js, the declension library of
Ukrainian anthroponyms): its rules and its dictionary of given names, not a table of our own. It is
imported on the first call, so a process that never greets anybody never loads it (about 1.5 MB).
"""

from __future__ import annotations

import re
from functools import cache
from types import ModuleType

from backend.domain.text import APOSTROPHES

# eHealth's GENDER dictionary → the library's grammatical gender.
_GENDERS = {"MALE": "masculine", "FEMALE": "feminine"}
# A word the library may decline: Ukrainian letters, joined by apostrophes or hyphens (Анна-Марія).
_UKRAINIAN_LETTER = "А-ЩЬЮЯҐЄІЇа-щьюяґєії"
_DECLINABLE_WORD = re.compile(rf"[{_UKRAINIAN_LETTER}]+(?:[-{re.escape(APOSTROPHES)}][{_UKRAINIAN_LETTER}]+)*")
_WORD = re.compile(r"\S+")


@cache
def _shevchenko() -> ModuleType:
    import shevchenko

    return shevchenko


def _vocative_word(word: str, gender: str | None) -> str:
    if not _DECLINABLE_WORD.fullmatch(word):
        return word  # a name in Latin letters or with anything else in it stays as it is written
    library = _shevchenko()
    try:
        declined = library.in_vocative(given_name=word, **({"gender": gender} if gender else {}))["given_name"]
    except library.InputValidationError:
        return word  # the library could not tell the gender: the nominative is the polite fallback
    return declined if isinstance(declined, str) and declined.strip() else word


def vocative(first_name: str, gender: str | None = None) -> str:
    """The given name as a Ukrainian letter addresses its bearer: «Олена» → «Олено», «Андрій» → «Андрію».

    `gender` is eHealth's MALE/FEMALE when known (it settles names like «Саша»); without it the library tells
    the gender from the name. A name it cannot decline comes back unchanged, so the result is never empty
    unless the name is, and this never raises: an address must never cost the patient the message.
    Each word of a double name is declined («Анна Марія» → «Анно Маріє»); spacing is kept as given.
    """
    library_gender = _GENDERS.get(gender or "")
    return _WORD.sub(lambda match: _vocative_word(match.group(0), library_gender), first_name)
