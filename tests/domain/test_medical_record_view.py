"""The rules behind the medical record's words: which code is which word, a diagnosis as code and name, what
comes first, the pages of a list. The words themselves are the bot's (tests/bot/test_medical_record.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.dictionaries import code_slug
from backend.domain.medical_record_view import (
    ALLERGY_CRITICALITY,
    CONDITION_STATUS,
    CONDITION_SYSTEM,
    ENCOUNTER_TYPE,
    MEDICAL_RECORD_DICTIONARIES,
    VISIT_SPECIALITY,
    allergies_in_order,
    coded_label,
    conditions_in_order,
    is_active_condition,
    is_high_criticality,
    page_of,
)


@dataclass(frozen=True)
class Item:
    id: str
    status: str | None
    at: date | datetime | None


def _ids(items: list[Item]) -> list[str]:
    return [item.id for item in items]


def test_every_dictionary_has_its_own_prefix_and_distinct_keys() -> None:
    prefixes = [dictionary.prefix for dictionary in MEDICAL_RECORD_DICTIONARIES]
    assert len(prefixes) == len(set(prefixes)) and all(prefix.startswith("mr-") for prefix in prefixes)
    for dictionary in MEDICAL_RECORD_DICTIONARIES:
        slugs = [code_slug(code) for code in dictionary.words]
        assert len(slugs) == len(set(slugs)) and "other" not in slugs, dictionary.name
        for word in dictionary.words.values():
            assert word.strip() and "'" not in word  # the typographic apostrophe only


@pytest.mark.parametrize(
    ("dictionary", "code", "word"),
    [
        (ENCOUNTER_TYPE, "amb", "прийом у закладі"),  # eHealth's codes in any case
        (ENCOUNTER_TYPE, "AMB", "прийом у закладі"),
        (ENCOUNTER_TYPE, "SPACESHIP", "прийом у лікаря"),  # unknown: the neutral word
        (VISIT_SPECIALITY, "FAMILY_DOCTOR", "сімейний лікар"),
        (VISIT_SPECIALITY, "ASTROLOGER", "лікар"),
        (ALLERGY_CRITICALITY, "high", "висока небезпека"),
        (CONDITION_STATUS, "resolved", "одужання"),
        (CONDITION_SYSTEM, "eHealth/ICD10_AM/condition_codes", "МКХ-10-АМ"),
        (CONDITION_SYSTEM, "urn:unknown", None),  # an unknown classification: nothing said
    ],
)
def test_codes_become_words(dictionary: object, code: str, word: str | None) -> None:
    assert dictionary.word(code) == word  # type: ignore[attr-defined]


def test_a_diagnosis_reads_as_code_and_name() -> None:
    assert coded_label("I10", "Есенціальна (первинна) гіпертензія") == "I10 — Есенціальна (первинна) гіпертензія"
    assert coded_label(" E11.9 ", "  Цукровий  діабет ") == "E11.9 — Цукровий діабет"
    assert coded_label("K86", None) == "K86" and coded_label(None, "Астма") == "Астма"
    assert coded_label("", "  ") == ""


@given(st.text(max_size=12), st.text(max_size=40))
def test_a_label_keeps_both_parts_and_never_starts_or_ends_with_the_dash(code: str, name: str) -> None:
    label = coded_label(code, name)
    assert not label.startswith(" — ") and not label.endswith(" — ")
    assert " ".join(code.split()) in label and " ".join(name.split()) in label


def test_statuses_of_what_is_current() -> None:
    assert is_active_condition("active") and is_active_condition("RECURRENCE ")
    assert not is_active_condition("resolved") and not is_active_condition(None)
    assert is_high_criticality("high") and not is_high_criticality("low") and not is_high_criticality(None)


def test_active_diagnoses_come_first_newest_onset_first() -> None:
    items = [
        Item("cold", "resolved", date(2026, 4, 7)),
        Item("i10", "active", date(2023, 12, 1)),
        Item("old", "inactive", None),
        Item("e11", "active", date(2023, 11, 1)),
        Item("asthma", "recurrence", datetime(2024, 9, 6, tzinfo=UTC)),
        Item("undated", "active", None),
    ]
    ordered = conditions_in_order(items, lambda i: i.status, lambda i: i.at, lambda i: i.id)
    assert _ids(ordered) == ["asthma", "i10", "e11", "undated", "cold", "old"]


def test_current_allergies_come_first() -> None:
    items = [
        Item("past", "resolved", datetime(2026, 1, 1, tzinfo=UTC)),
        Item("penicillin", "active", datetime(2023, 12, 1, tzinfo=UTC)),
        Item("birch", "active", datetime(2023, 12, 1, tzinfo=UTC)),
    ]
    ordered = allergies_in_order(items, lambda i: i.status, lambda i: i.at, lambda i: i.id)
    assert _ids(ordered) == ["birch", "penicillin", "past"]  # equal moments: a stable order by id


@given(
    st.lists(
        st.builds(
            Item,
            st.uuids().map(str),
            st.sampled_from(["active", "resolved", "inactive", None, "weird"]),
            st.one_of(st.none(), st.dates(), st.datetimes(timezones=st.just(UTC))),
        ),
        max_size=20,
    )
)
def test_the_order_is_a_permutation_with_the_active_ones_first(items: list[Item]) -> None:
    ordered = conditions_in_order(items, lambda i: i.status, lambda i: i.at, lambda i: i.id)
    assert sorted(_ids(ordered)) == sorted(_ids(items))
    flags = [is_active_condition(item.status) for item in ordered]
    assert flags == sorted(flags, reverse=True)


def test_pages_of_a_list() -> None:
    items = list(range(12))
    assert page_of(items, 1, 5) == ([0, 1, 2, 3, 4], 1, 3)
    assert page_of(items, 3, 5) == ([10, 11], 3, 3)
    assert page_of(items, 9, 5) == ([10, 11], 3, 3)  # the list got shorter: its last page
    assert page_of(items, 0, 5) == ([0, 1, 2, 3, 4], 1, 3)
    assert page_of([], 2, 5) == ([], 1, 1)
    with pytest.raises(ValueError):
        page_of(items, 1, 0)


@given(st.integers(min_value=0, max_value=60), st.integers(min_value=-3, max_value=30), st.integers(1, 10))
def test_every_item_is_on_exactly_one_page(count: int, page: int, size: int) -> None:
    items = list(range(count))
    shown, at, pages = page_of(items, page, size)
    assert 1 <= at <= pages and len(shown) <= size
    assert [i for p in range(1, pages + 1) for i in page_of(items, p, size)[0]] == items
