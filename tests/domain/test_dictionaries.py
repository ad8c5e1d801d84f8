"""eHealth's dictionary codes become words in one place: every code has its word, no code is ever shown,
and an address reads as a Ukrainian address ("вул. Городоцька, 118", the city of Kyiv named once)."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.dictionaries import (
    ADDRESS_TYPE,
    AUTHENTICATION_METHOD,
    BOT_DICTIONARIES,
    DOCUMENT_TYPE,
    GENDER,
    PHONE_TYPE,
    PREFERRED_WAY_COMMUNICATION,
    SETTLEMENT_TYPE,
    SPECIALITY_TYPE,
    STREET_TYPE,
    address_line_uk,
    address_parts,
    code_slug,
    names_its_type,
)
from backend.registry.port import Address, PersonChanges
from backend.signing.summary import address_text, person_update_summary

DICTIONARIES = (
    STREET_TYPE,
    SETTLEMENT_TYPE,
    DOCUMENT_TYPE,
    ADDRESS_TYPE,
    PHONE_TYPE,
    GENDER,
    PREFERRED_WAY_COMMUNICATION,
    AUTHENTICATION_METHOD,
    SPECIALITY_TYPE,
)
ALL_CODES = [(dictionary, code) for dictionary in DICTIONARIES for code in dictionary.words]

# eHealth's STREET_TYPE dictionary as the registry publishes it (GET /api/dictionaries?name=STREET_TYPE).
EHEALTH_STREET_TYPES = {
    "ALLEY", "ASCENT", "AVENUE", "BLIND_STREET", "BLOCK", "BOARGING_HOUSE", "BOULEVARD", "COUNTRY_LANE",
    "CROSSROADS", "DACHA_COOPERATIVE", "ENTRANCE", "FORESTRY", "GARDEN_SQUARE", "GROVE", "HAMLET", "HIGHWAY",
    "HOUSING_AREA", "ISLAND", "LANE", "LINE", "MAIDAN", "MASSIF", "MICRODISTRICT", "MILITARY_BASE", "MINE",
    "PARK", "PASS", "PASSAGE", "PASSING_LOOP", "RIVER_SIDE", "ROAD", "ROADWAY", "SANATORIUM", "SELECTION_BASE",
    "SETTLEMENT", "SMALL VILLAGE", "SQUARE", "STATE_FARM", "STATION", "STATION_SETTLEMENT", "STREET", "TRACK",
    "TRACT", "WAY",
}  # fmt: skip

LVIV = {
    "type": "RESIDENCE",
    "area": "Львівська",
    "settlement": "Львів",
    "settlement_type": "CITY",
    "street_type": "STREET",
    "street": "Городоцька",
    "building": "118",
    "apartment": "5",
    "zip": "79022",
}


def test_the_street_types_are_ehealths_own() -> None:
    assert set(STREET_TYPE.words) == EHEALTH_STREET_TYPES
    assert set(SETTLEMENT_TYPE.words) == {"CITY", "TOWNSHIP", "VILLAGE", "SETTLEMENT"}


@pytest.mark.parametrize(("dictionary", "code"), ALL_CODES, ids=[f"{d.name}:{c}" for d, c in ALL_CODES])
def test_every_code_has_a_word_that_is_not_the_code(dictionary, code: str) -> None:  # type: ignore[no-untyped-def]
    word = dictionary.word(code)
    assert word and word.strip() == word
    assert code not in word and code.lower() not in word
    assert dictionary.word(code.lower()) == word  # eHealth's case varies between places
    assert dictionary.key(code) == f"{dictionary.prefix}-{code_slug(code)}"


def test_codes_of_one_dictionary_have_distinct_keys() -> None:
    for dictionary in DICTIONARIES:
        keys = [dictionary.key(code) for code in dictionary.words]
        assert len(set(keys)) == len(keys), dictionary.name
    prefixes = [dictionary.prefix for dictionary in BOT_DICTIONARIES]
    assert len(set(prefixes)) == len(prefixes)


@given(code=st.text(max_size=40))
def test_an_unknown_code_gets_the_neutral_word_or_nothing(code: str) -> None:
    for dictionary in DICTIONARIES:
        if dictionary.known(code) is not None:
            continue
        assert dictionary.word(code) == (dictionary.other if code else None)
        assert dictionary.key(code) == (dictionary.other_key if code else None)


def test_a_street_that_already_says_its_type_gets_no_second_word() -> None:
    for street in ("вул. Ніжинська", "Вулиця Ніжинська", "просп. Свободи", "проспект Свободи", "пров.Тихий"):
        assert names_its_type(street), street
    for street in ("Городоцька", "Паркова", "Гайова", "Майданна", "Старицького", "Лінійна", "Шосейна"):
        assert not names_its_type(street), street
    assert address_line_uk({**LVIV, "street": "вул. Городоцька"}).startswith("вул. Городоцька, 118")


def _starts_with_a_type_word(street: str) -> bool:
    """The rule of `names_its_type` written plainly: some street type word starts the name and ends a word,
    or ends with a full stop."""
    folded = street.casefold().replace("'", "’").replace("ʼ", "’")
    forms = {form.casefold() for form in (*STREET_TYPE.words.values(), *(STREET_TYPE.names or {}).values())}
    return any(
        folded.startswith(form) and (form.endswith(".") or not folded[len(form) :][:1].isalnum()) for form in forms
    )


_TYPE_WORDS = sorted({*STREET_TYPE.words.values(), *(STREET_TYPE.names or {}).values()})


@given(
    st.sampled_from(["", *_TYPE_WORDS, *(word.upper() for word in _TYPE_WORDS)]),
    st.text(alphabet=st.sampled_from(list("вулиця. _-’'ʼ1Ґ\u0301\u00b4a ")), max_size=8),
)
def test_a_street_names_its_type_by_the_plain_rule(word: str, rest: str) -> None:
    street = word + rest
    assert names_its_type(street) == _starts_with_a_type_word(street), street


def test_an_address_reads_as_a_ukrainian_address() -> None:
    assert address_line_uk(LVIV) == "вул. Городоцька, 118, кв. 5, м. Львів, Львівська, 79022"
    village = {"settlement": "Зарічне", "settlement_type": "VILLAGE", "area": "Рівненська", "building": "12"}
    assert address_line_uk(village) == "буд. 12, с. Зарічне, Рівненська"
    avenue = {**LVIV, "street_type": "AVENUE", "street": "Свободи", "apartment": None}
    assert address_line_uk(avenue).startswith("просп. Свободи, 118, м. Львів")


@pytest.mark.parametrize("area", ["м. Київ", "М.КИЇВ", "місто Київ", "Київ"])
def test_kyiv_is_named_once(area: str) -> None:
    kyiv = {**LVIV, "area": area, "settlement": "Київ", "street": "Антоновича", "building": "42", "zip": "03150"}
    line = address_line_uk(kyiv)
    assert line == "вул. Антоновича, 42, кв. 5, м. Київ, 03150"
    assert address_parts(kyiv).area is None
    # An oblast named like its centre is another place: it stays.
    assert address_parts({**LVIV, "area": "Київська", "settlement": "Київ"}).area == "Київська"


@given(
    street_type=st.one_of(st.none(), st.sampled_from(sorted(EHEALTH_STREET_TYPES)), st.text(max_size=20)),
    settlement_type=st.one_of(st.none(), st.sampled_from(sorted(SETTLEMENT_TYPE.words)), st.text(max_size=20)),
    street=st.one_of(st.none(), st.text(min_size=1, max_size=30)),
)
def test_no_address_shows_a_street_or_settlement_code(
    street_type: str | None, settlement_type: str | None, street: str | None
) -> None:
    address = {**LVIV, "street_type": street_type, "settlement_type": settlement_type, "street": street}
    words = address_line_uk(address).replace(",", " ").split()
    shown = set(words) - set((street or "").split())
    assert not shown & (set(STREET_TYPE.words) | set(SETTLEMENT_TYPE.words))
    # A code the dictionaries do not know is left out whole: the line reads as if the registry had sent none.
    # (Not "the code is not in the line": "." or "кв." are in every line with a flat, as words of their own.)
    if STREET_TYPE.known(street_type) is None:
        assert address_line_uk(address) == address_line_uk({**address, "street_type": None})
    if SETTLEMENT_TYPE.known(settlement_type) is None:
        assert address_line_uk(address) == address_line_uk({**address, "settlement_type": None})


def test_the_signing_summary_speaks_words() -> None:
    address = Address(**{key: value for key, value in LVIV.items()})  # type: ignore[arg-type]
    assert address_text(address) == address_line_uk(asdict(address))
    summary = person_update_summary(PersonChanges(addresses=(address,)))
    assert summary["items"] == [
        {"label": "Адреса проживання", "value": "вул. Городоцька, 118, кв. 5, м. Львів, Львівська, 79022"}
    ]
    odd = Address(type="TEMPORARY", area="Львівська", settlement="Львів", settlement_type="METROPOLIS")
    summary = person_update_summary(PersonChanges(addresses=(odd,)))
    assert summary["items"] == [{"label": "Адреса", "value": "Львів, Львівська"}]
