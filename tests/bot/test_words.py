"""The bot's words for eHealth's dictionary codes, in both languages: every code has its text, the Ukrainian
texts are the dictionary's own words, and no address or code ever shows as the raw code."""

from __future__ import annotations

import html

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.dictionaries import BOT_DICTIONARIES, SETTLEMENT_TYPE, STREET_TYPE, Dictionary, address_line_uk
from bot.dialogs.common.words import address_text, dictionary_word
from bot.i18n import LANGUAGES, Locales

LOCALES = Locales()
CASES = [
    (dictionary, code, language)
    for dictionary in BOT_DICTIONARIES
    for code in dictionary.words
    for language in LANGUAGES
]


@pytest.mark.parametrize(
    ("dictionary", "code", "language"), CASES, ids=[f"{d.name}:{c}:{lang}" for d, c, lang in CASES]
)
def test_every_code_reads_as_a_word_in_both_languages(dictionary: Dictionary, code: str, language: str) -> None:
    i18n = LOCALES.translator(language)
    key = dictionary.key(code)
    assert key is not None and i18n.has(key), key  # its own text in this language, not the Ukrainian fallback
    word = dictionary_word(i18n, dictionary, code)
    assert word and code not in word
    if language == "uk":
        assert html.unescape(word) == dictionary.word(code)  # one dictionary: the backend says the same


@pytest.mark.parametrize("language", LANGUAGES)
def test_unknown_codes_read_neutrally(language: str) -> None:
    i18n = LOCALES.translator(language)
    for dictionary in BOT_DICTIONARIES:
        word = dictionary_word(i18n, dictionary, "NEVER_SEEN_CODE")
        if dictionary.other is None:
            assert word is None
        else:
            assert dictionary.other_key is not None and i18n.has(dictionary.other_key)
            assert word and "NEVER" not in word


LVIV = {
    "area": "Львівська",
    "settlement": "Львів",
    "settlement_type": "CITY",
    "street_type": "STREET",
    "street": "Городоцька",
    "building": "118",
    "apartment": "5",
    "zip": "79022",
}
CODES = set(STREET_TYPE.words) | set(SETTLEMENT_TYPE.words)
NAME = st.text(alphabet="АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯабвгґдеєжзиіїйклмнопрстуфхцчшщьюя’-<&> ", max_size=25)


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("uk", "вул. Городоцька, 118, кв. 5, м. Львів, Львівська, 79022"),
        ("en", "Городоцька St, 118, apt. 5, Львів city, Львівська, 79022"),
    ],
)
def test_an_address_in_each_language(language: str, line: str) -> None:
    assert address_text(LOCALES.translator(language), LVIV) == line
    kyiv = {**LVIV, "area": "м. Київ", "settlement": "Київ"}
    assert address_text(LOCALES.translator(language), kyiv).count("Київ") == 1


@given(
    street_type=st.one_of(st.none(), st.sampled_from(sorted(STREET_TYPE.words)), st.from_regex(r"[A-Z_]{3,12}")),
    settlement_type=st.one_of(st.none(), st.sampled_from(sorted(SETTLEMENT_TYPE.words)), st.from_regex(r"[A-Z]{3,9}")),
    street=st.one_of(st.none(), NAME),
    settlement=NAME.filter(str.strip),
    building=st.one_of(st.none(), st.from_regex(r"[0-9]{1,3}[А-Я]?", fullmatch=True)),
)
def test_no_address_shows_a_code_in_either_language(
    street_type: str | None, settlement_type: str | None, street: str | None, settlement: str, building: str | None
) -> None:
    address = {
        **LVIV,
        "street_type": street_type,
        "settlement_type": settlement_type,
        "street": street,
        "settlement": settlement,
        "building": building,
    }
    for language in LANGUAGES:
        shown = html.unescape(address_text(LOCALES.translator(language), address))
        for code in (street_type, settlement_type):
            assert not code or code not in shown, (language, shown)
        assert not set(shown.replace(",", " ").split()) & CODES
    # Ukrainian: the same line the backend's pages and summaries print.
    assert html.unescape(address_text(LOCALES.translator("uk"), address)) == address_line_uk(address)
