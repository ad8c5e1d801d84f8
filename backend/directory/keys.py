"""Search keys: how names and places are normalised before they are indexed AND before they are queried.

Both index implementations store and compare only these keys, so SQLite and PostgreSQL agree on what
matches. A key is folded text (`backend.domain.text.fold`) without apostrophes, split into
alphanumeric tokens: "Мар’яна", "Мар'яна", "Марʼяна" and a hurried "Маряна" are all `маряна`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from backend.domain.text import FOLDED_APOSTROPHE, fold, has_latin, latin_to_cyrillic

# Everything that is not a letter or a digit separates tokens ("_" is a word character for `re`).
_SEPARATORS = re.compile(r"[\W_]+")

# Query tokens beyond this many add cost and no precision (a full name has three words).
MAX_QUERY_TOKENS = 6
# No name word is this long; cutting longer query words keeps lookups small (a cut word still matches as a prefix).
MAX_WORD_LENGTH = 32
# Shorter words have too many one-letter neighbours for a typo correction to mean anything.
MIN_FUZZY_LENGTH = 4

_SETTLEMENT_TYPE_WORDS = frozenset({"м", "місто", "с", "село", "смт", "селище", "сел", "сщ"})
_AREA_WORDS = frozenset({"область", "обл"})

# Ukrainian alphabetical order; code-point order puts є, і, ї, ґ after я.
_UKRAINIAN_ALPHABET = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
# Letters map onto consecutive code points in alphabet order, so a plain byte comparison (SQLite BINARY,
# PostgreSQL COLLATE "C") sorts names the Ukrainian way on both databases. The upper-case Cyrillic block
# is free (keys are folded to lower case) and, like Cyrillic itself, takes two bytes a letter in UTF-8.
_ALPHABET_ORDER = str.maketrans({letter: chr(0x0410 + i) for i, letter in enumerate(_UKRAINIAN_ALPHABET)})


# Names repeat a lot (first names, patronymics, settlements) and folding is not cheap. A few thousand entries
# hold the repeating ones; 65,536 held mostly full names seen once by a sync (37 MB resident at 100,000 doctors).
@lru_cache(maxsize=1 << 12)
def tokens(text: str) -> tuple[str, ...]:
    """Folded, apostrophe-free alphanumeric tokens of `text`."""
    folded = fold(text).replace(FOLDED_APOSTROPHE, "")
    return tuple(_SEPARATORS.sub(" ", folded).split())


def padded(words: tuple[str, ...]) -> str:
    """Tokens joined with a space before and after each, so `LIKE '% tok%'` means "a word starts with tok"."""
    return f" {' '.join(words)} " if words else " "


def query_tokens(text: str) -> tuple[str, ...]:
    """Tokens of what a patient typed; a Latin transliteration ("shevchenko") is read as Cyrillic."""
    if has_latin(text):
        text = latin_to_cyrillic(text)
    return tuple(word[:MAX_WORD_LENGTH] for word in tokens(text)[:MAX_QUERY_TOKENS])


def sort_key(words: tuple[str, ...]) -> str:
    """A key that sorts names in Ukrainian alphabetical order under a byte-wise collation."""
    return " ".join(words).translate(_ALPHABET_ORDER)


# Places repeat with every doctor of a division (a first sync keys 100,000 documents' settlements and areas).
@lru_cache(maxsize=1 << 12)
def settlement_key(name: str) -> str:
    """ "м. Кам’янець-Подільський" → "камянець подільський": the settlement type prefix is not part of the name."""
    words = tokens(latin_to_cyrillic(name) if has_latin(name) else name)
    while words and words[0] in _SETTLEMENT_TYPE_WORDS:
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=1 << 8)
def area_key(name: str) -> str:
    """ "Львівська обл." and "ЛЬВІВСЬКА" → "львівська"."""
    words = tokens(latin_to_cyrillic(name) if has_latin(name) else name)
    return " ".join(word for word in words if word not in _AREA_WORDS)


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string above every string starting with `prefix` (for a btree range scan)."""
    return prefix + "\U0010ffff"


def deletion_variants(term: str) -> frozenset[str]:
    """The term and every string one deletion away from it.

    Two words within one edit (insertion, deletion, substitution, adjacent swap) always share a
    variant, so indexing each name term's variants finds typo corrections by exact lookups
    (the symmetric-delete idea of SymSpell) instead of scanning the vocabulary.
    """
    return frozenset({term, *(term[:i] + term[i + 1 :] for i in range(len(term)))})


def within_one_edit(a: str, b: str) -> bool:
    """Whether `a` becomes `b` by at most one insertion, deletion, substitution or adjacent swap."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    start = 0
    shortest = min(len(a), len(b))
    while start < shortest and a[start] == b[start]:
        start += 1
    if len(a) == len(b):
        if a[start + 1 :] == b[start + 1 :]:
            return True  # one substitution
        swapped = start + 1 < len(a) and a[start] == b[start + 1] and a[start + 1] == b[start]
        return swapped and a[start + 2 :] == b[start + 2 :]
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[start + 1 :] == shorter[start:]
