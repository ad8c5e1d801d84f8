"""Free text a patient types to find a doctor ("педіатр Львів", "simeinyi likar", "Коваленко"):
speciality words are picked out; the other words are a name or a settlement, which the caller resolves.

The word lists are search vocabulary (what people type), not texts the bot shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.domain.text import fold

# Word beginnings (folded) → the speciality; Ukrainian, Russian spellings people still type, Latin.
_SPECIALITY_STEMS: dict[str, tuple[str, ...]] = {
    "PEDIATRICIAN": ("педіатр", "педиатр", "pediatr", "paediatr", "pediatrician", "paediatrician"),
    "THERAPIST": ("терапевт", "therapist", "terapevt", "therapeut"),
    "FAMILY_DOCTOR": ("сімейн", "семейн", "simein", "simeyn", "simejn", "family"),
}
# Whole words only: as beginnings they would also catch surnames (Дитяченко).
_SPECIALITY_WORDS: dict[str, str] = {
    "дитячий": "PEDIATRICIAN",
    "дитячого": "PEDIATRICIAN",
    "дитяча": "PEDIATRICIAN",
    "дитячої": "PEDIATRICIAN",
    "children": "PEDIATRICIAN",
    "child": "PEDIATRICIAN",
}
# A stem plus at most this many letters is still the speciality word ("педіатра", "сімейного").
_MAX_ENDING = 4
# Words that only say "a doctor": dropped so "сімейний лікар" is just the speciality.
_FILLER_WORDS = frozenset({"лікар", "лікаря", "лікарі", "лікарів", "доктор", "врач", "likar", "doctor", "dr"})
_MIN_PREFIX = 4  # "пед" is not yet a speciality (Педан, Педенко); "педі" is


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    speciality: str | None
    words: tuple[str, ...]  # the rest, as typed (not folded): a name, a settlement, or both

    @property
    def rest(self) -> str:
        return " ".join(self.words)


def speciality_of(word: str) -> str | None:
    """The speciality a word names: a whole word, a stem with an ending, or the start of a stem ("педі")."""
    folded = fold(word).strip(".,;:!?")
    if folded in _SPECIALITY_WORDS:
        return _SPECIALITY_WORDS[folded]
    if len(folded) < _MIN_PREFIX:
        return None
    for speciality, stems in _SPECIALITY_STEMS.items():
        for stem in stems:
            if stem.startswith(folded) or (folded.startswith(stem) and len(folded) - len(stem) <= _MAX_ENDING):
                return speciality
    return None


def parse_query(text: str) -> ParsedQuery:
    """The first speciality word wins; filler words go; everything else is kept in order."""
    speciality: str | None = None
    words: list[str] = []
    for word in text.split():
        if fold(word).strip(".,;:!?") in _FILLER_WORDS:
            continue
        found = speciality_of(word) if speciality is None else None
        if found is not None:
            speciality = found
            continue
        words.append(word)
    return ParsedQuery(speciality=speciality, words=tuple(words))


def settlement_candidates(words: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
    """(settlement, the other words) to try in order: all the words, then the last word, then the first."""
    if not words:
        return []
    candidates: list[tuple[str, tuple[str, ...]]] = [(" ".join(words), ())]
    if len(words) > 1:
        candidates.append((words[-1], words[:-1]))
        candidates.append((words[0], words[1:]))
    return candidates
