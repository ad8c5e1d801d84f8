"""Text helpers for search and comparison: folding, apostrophes, reverse transliteration."""

from __future__ import annotations

import re
import unicodedata

# Ukrainian writes the apostrophe in many ways; people type whichever their keyboard gives.
# U+0027 ' , U+2019 ’ , U+02BC ʼ , U+0060 ` , U+00B4 ´ , U+2018 ‘ , U+02B9 ʹ , U+2032 ′ ,
# U+02BB ʻ , U+02C8 ˈ , U+201B ‛ , U+FF07 ＇ , U+A78C ꞌ , U+02BD ʽ
APOSTROPHES: str = "'’ʼ`´‘ʹ′ʻˈ‛＇ꞌʽ"
FOLDED_APOSTROPHE = "'"
NAME_APOSTROPHE = "’"


def _apostrophes_to(apostrophe: str) -> dict[int, str]:
    return {ord(form): apostrophe for form in APOSTROPHES}


_APOSTROPHE_TO_FOLDED = _apostrophes_to(FOLDED_APOSTROPHE)
_APOSTROPHE_TO_NAME = _apostrophes_to(NAME_APOSTROPHE)


_ANY_APOSTROPHE = re.compile(f"[{re.escape(APOSTROPHES)}]")


def _has_apostrophe(text: str) -> bool:
    # Most text has none, and looking is ~15× cheaper than translating: a directory sync of 100,000 doctors
    # reads and folds millions of names and addresses.
    return _ANY_APOSTROPHE.search(text) is not None


def unify_apostrophes(text: str, apostrophe: str = NAME_APOSTROPHE) -> str:
    """Replace every apostrophe form with one (’ by default, the form names are stored with)."""
    if apostrophe == NAME_APOSTROPHE:
        return text.translate(_APOSTROPHE_TO_NAME) if _has_apostrophe(text) else text
    return text.translate(_apostrophes_to(apostrophe))


def _fold_once(text: str) -> str:
    # Apostrophes go first: NFKC turns "´" into a space plus a combining accent.
    if _has_apostrophe(text):
        text = text.translate(_APOSTROPHE_TO_FOLDED)
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    if _has_apostrophe(text):
        text = text.translate(_APOSTROPHE_TO_FOLDED)
    return " ".join(text.split())


def fold(text: str) -> str:
    """Normalise text for search and comparison.

    NFKC, every apostrophe form as "'", casefolded, whitespace collapsed and stripped.
    Idempotent: a few exotic characters change again under a second NFKC/casefold pass,
    so the steps repeat until nothing changes.
    """
    folded = _fold_once(text)
    for _ in range(4):
        again = _fold_once(folded)
        if again == folded:
            break
        folded = again
    return folded


_LATIN_RE = re.compile(r"[A-Za-z]")


def has_latin(text: str) -> bool:
    """Whether the text holds any basic Latin letter (a query typed in transliteration)."""
    return _LATIN_RE.search(text) is not None


# ---------------------------------------------------------------------------------------------
# Reverse of the official Ukrainian transliteration (Cabinet of Ministers resolution No. 55, 2010).
# The forward mapping loses information (й/і/ї all become "i", the soft sign is dropped), so the
# reverse is a best-effort search helper built on how Ukrainian words are actually spelled.
# ---------------------------------------------------------------------------------------------

_VOWELS = frozenset("aeiouy")
_LABIALS = frozenset("бпвмф")
_IOTATED_PAIRS = {"ia": "я", "iu": "ю", "ie": "є"}
_WORD_INITIAL_Y = {"ye": "є", "yi": "ї", "yu": "ю", "ya": "я"}
_DIGRAPHS = (
    ("shch", "щ"),
    ("zgh", "зг"),  # KMU writes зг as "zgh" to keep it apart from ж
    ("zh", "ж"),
    ("kh", "х"),
    ("ts", "ц"),
    ("ch", "ч"),
    ("sh", "ш"),
)
_SINGLE = {
    "a": "а", "b": "б", "v": "в", "h": "г", "d": "д", "e": "е", "z": "з", "k": "к", "l": "л",
    "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у", "f": "ф",
    # Officially "g" is ґ, but ґ is rare in names while an informal "g" for г is everywhere
    # (Sergiy, Igor, Oleg): г finds far more of what people mean.
    "g": "г",
    # Not in the official table, but common in informal spellings.
    "c": "ц", "x": "кс", "q": "к", "w": "в", "j": "й",
}  # fmt: skip
# Soft signs the letters cannot reveal, for a few very common words.
_WHOLE_WORDS = {
    "lviv": "львів",
    "olha": "ольга",
    "vasyl": "василь",
    "illia": "ілля",
    "khmelnytskyi": "хмельницький",
    "melnyk": "мельник",
    "mariupol": "маріуполь",
}
_PREFIXES = (("lviv", "львів"),)
# Stems whose ї the context rules would read as й, wherever they occur (Новоукраїнка).
_STEMS = (("ukrain", "україн"),)
# -ськ-/-цьк-/-зьк- (Луцьк, Донецька, Запорізький) at the end of a word or before an ending;
# an л before them is soft too (Подільськ, Могилів-Подільський).
_SOFT_SUFFIX_RE = re.compile(r"(?<=.)(l?)(ts|s|z)k(|a|e|yi|i|oho|omu|ym|ykh|u|oiu)$")
_SOFT_FINALS = (("pil", "піль"), ("pol", "поль"), ("ets", "ець"))

_LATIN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’ʼ`]*")


def _i_after_vowel(word: str, pos: int) -> str:
    """й or ї for an "i" that follows a vowel (both are "i" in KMU)."""
    rest = word[pos + 1 :]
    if not rest or rest[:2] in _IOTATED_PAIRS or rest[0] == "o":
        return "й"  # Андрій, Майя, Гайовий
    if rest[0] == "v" or rest[0] in _VOWELS:
        return "ї"  # Київ, Миколаїв, Олексіївка
    return "й"  # Бойко, Зайченко, Гайдамака


def _transliterate_word(word: str) -> str:
    """Map one lower-case Latin word (letters and apostrophes) to Cyrillic."""
    if word in _WHOLE_WORDS:
        return _WHOLE_WORDS[word]
    head = ""
    for latin, cyrillic in _PREFIXES:
        if word.startswith(latin) and len(word) > len(latin):
            head, word = cyrillic, word[len(latin) :]
            break
    tail = ""
    soft = _SOFT_SUFFIX_RE.search(word)
    if soft:
        soft_l = "ль" if soft.group(1) else ""
        consonant = {"ts": "ць", "s": "сь", "z": "зь"}[soft.group(2)]
        tail = soft_l + consonant + "к" + _transliterate_core(soft.group(3), initial=False)
        word = word[: soft.start()]
    else:
        for latin, cyrillic in _SOFT_FINALS:
            if word.endswith(latin) and len(word) > len(latin):
                tail, word = cyrillic, word[: -len(latin)]
                break
    return head + _transliterate_core(word, initial=not head) + tail


def _transliterate_core(word: str, *, initial: bool) -> str:
    out: list[str] = []
    pos = 0
    while pos < len(word):
        at_start = (pos == 0 and initial) or (pos > 0 and word[pos - 1] == "'")
        chunk = _match_chunk(word, pos, at_start)
        if chunk is None:
            char = word[pos]
            chunk = (_single_letter(word, pos, at_start), 1)
            if char == "'":
                chunk = ("'", 1)
        text, length = chunk
        # Ukrainian writes an apostrophe after a labial before я/ю/є/ї at the start of a syllable
        # (В'ячеслав, Кам'янське, П'ятихатки); KMU drops it.
        if text[:1] in "яюєї" and out and out[-1] in _LABIALS and (len(out) == 1 or out[-2] in "аеєиіїоуюя"):
            out.append("'")
        out.append(text)
        pos += length
    return "".join(out)


def _match_chunk(word: str, pos: int, at_start: bool) -> tuple[str, int] | None:
    for latin, cyrillic in _STEMS:
        if word.startswith(latin, pos):
            return cyrillic, len(latin)
    for latin, cyrillic in _DIGRAPHS:
        if word.startswith(latin, pos):
            return cyrillic, len(latin)
    pair = word[pos : pos + 2]
    if pair in _WORD_INITIAL_Y and (at_start or (pos > 0 and word[pos - 1] not in _VOWELS and pair != "yi")):
        # Informal spellings also put "ya"/"yu"/"ye" after consonants (Tatyana).
        return _WORD_INITIAL_Y[pair], 2
    if pair in _IOTATED_PAIRS and pos > 0:
        return _IOTATED_PAIRS[pair], 2
    return None


def _single_letter(word: str, pos: int, at_start: bool) -> str:
    char = word[pos]
    if char == "y":
        after = word[pos + 1 : pos + 2]
        if at_start and after in _VOWELS:
            return "й"  # Йосип
        if not at_start and pos > 0 and word[pos - 1] in _VOWELS and after not in _VOWELS:
            return "й"  # informal Бойко as "Boyko", Сергій as "Sergiy"
        return "и"
    if char == "i":
        if at_start or pos == 0 or word[pos - 1] not in _VOWELS:
            return "і"
        return _i_after_vowel(word, pos)
    return _SINGLE.get(char, char)


def _restore_case(source: str, converted: str) -> str:
    letters = [c for c in source if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return converted.upper()
    if letters and letters[0].isupper():
        return converted[:1].upper() + converted[1:]
    return converted


def latin_to_cyrillic(text: str) -> str:
    """Turn a query typed in Latin (official Ukrainian transliteration) back into Cyrillic.

    "shevchenko" → "шевченко", "Kyiv" → "Київ". Non-Latin characters pass through unchanged;
    apostrophes inside a Latin word become "'". Best effort: the official scheme is lossy.
    """

    def convert(match: re.Match[str]) -> str:
        source = match.group(0)
        lowered = source.lower().translate(_APOSTROPHE_TO_FOLDED)
        return _restore_case(source, _transliterate_word(lowered))

    return _LATIN_WORD_RE.sub(convert, text)
