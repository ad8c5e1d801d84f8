"""The rules behind a prescription's words: strengths, frequencies, the hidden request number, days left, who
pays. The words themselves are the bot's (tests/bot/test_prescriptions.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.prescriptions_view import (
    MEDICATION_UNITS,
    PER_UNIT,
    PERIOD_UNITS,
    PIECE_UNITS,
    PRESCRIPTION_DICTIONARIES,
    REJECT_REASON,
    FrequencyPhrase,
    StrengthPhrase,
    days_left,
    ends_soon,
    frequency_phrase,
    mask_request_number,
    partly_dispensed,
    program_kind,
    strength_phrase,
    unit_slug,
)

NUMBER_GROUP = st.text(alphabet="0123456789ABCEHKMPTX", min_size=4, max_size=4)
REQUEST_NUMBERS = st.builds(lambda *groups: "-".join(groups), NUMBER_GROUP, NUMBER_GROUP, NUMBER_GROUP, NUMBER_GROUP)


def test_a_request_number_is_hidden_in_its_third_group() -> None:
    assert mask_request_number("0000-243P-1X53-EH38") == "0000-243P-****-EH38"


@given(REQUEST_NUMBERS)
def test_a_hidden_request_number_keeps_its_shape_and_hides_the_third_group(number: str) -> None:
    masked = mask_request_number(number)
    groups, shown = number.split("-"), masked.split("-")
    assert len(masked) == len(number)
    assert shown[0] == groups[0] and shown[1] == groups[1] and shown[3] == groups[3]
    assert shown[2] == "****"


@given(st.text(max_size=40))
def test_a_number_of_any_other_shape_never_shows_more_than_its_ends(number: str) -> None:
    masked = mask_request_number(number)
    assert len(masked) == len(number)
    if len(number) <= 8 and number.count("-") != 3:
        assert set(masked) <= {"*"}
    elif number.count("-") != 3:
        assert masked[4:-4] == "*" * (len(number) - 8)


@pytest.mark.parametrize(
    ("strength", "phrase"),
    [
        ((500, "MG", 1, "PILL"), StrengthPhrase(500, "mg", None, None)),  # "500 мг" (a tablet: no per part)
        ((100, "IU", 1, "ML"), StrengthPhrase(100, "iu", None, "ML")),  # "100 ОД/мл"
        ((100, "MKG", 1, "DOSE"), StrengthPhrase(100, "mkg", None, "DOSE")),  # "100 мкг/дозу"
        ((250, "MG", 5, "ML"), StrengthPhrase(250, "mg", 5, "ML")),  # "250 мг/5 мл"
        ((100, "MCG", 1, "dose"), StrengthPhrase(100, "mkg", None, "DOSE")),  # eHealth's other spellings
        ((20, "MG", 2, "PILL"), StrengthPhrase(20, "mg", 2, "PILL")),  # per two tablets is said
        ((5, "MG", 1, "SOMETHING"), StrengthPhrase(5, "mg", None, None)),  # an unknown per unit: left out
        ((5, "GRAIN", 1, "PILL"), StrengthPhrase(5, None, None, None)),  # an unknown unit: the number alone
    ],
)
def test_strength_phrases(strength: tuple[float, str, float, str], phrase: StrengthPhrase) -> None:
    assert strength_phrase(*strength) == phrase


@given(
    st.floats(min_value=0.001, max_value=1e6),
    st.one_of(st.sampled_from(MEDICATION_UNITS), st.text(max_size=12)),
    st.floats(min_value=0.001, max_value=1e4),
    st.one_of(st.sampled_from(MEDICATION_UNITS), st.text(max_size=12)),
)
def test_a_strength_phrase_names_only_units_it_has_words_for(
    amount: float, unit: str, per: float, per_unit: str
) -> None:
    phrase = strength_phrase(amount, unit, per, per_unit)
    assert phrase.amount == amount
    assert phrase.unit is None or phrase.unit == unit_slug(unit)
    assert phrase.per_unit is None or phrase.per_unit in PER_UNIT.words
    if phrase.per_unit in PIECE_UNITS:
        assert phrase.per_amount is not None  # one tablet is never said
    if phrase.per_unit is None:
        assert phrase.per_amount is None


@pytest.mark.parametrize(
    ("given_", "phrase"),
    [
        ((2, 1, "d"), FrequencyPhrase("per", 2, 1.0, "d")),
        ((1, 8, "h"), FrequencyPhrase("every", 1, 8, "h")),
        ((3, 2, "wk"), FrequencyPhrase("times-every", 3, 2, "wk")),
        ((1, 1, "mo"), FrequencyPhrase("per", 1, 1.0, "mo")),
        ((2, 1, "fortnight"), None),
        ((None, 1, "d"), None),
        ((2, None, "d"), None),
        ((0, 1, "d"), None),
        ((2, 1, None), None),
    ],
)
def test_frequency_phrases(given_: tuple[int | None, float | None, str | None], phrase: FrequencyPhrase) -> None:
    assert frequency_phrase(*given_) == phrase


@given(
    st.one_of(st.none(), st.integers(min_value=-3, max_value=50)),
    st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, min_value=-5, max_value=400)),
    st.one_of(st.none(), st.sampled_from(sorted(PERIOD_UNITS)), st.text(max_size=5)),
)
def test_a_frequency_is_said_only_when_every_part_makes_sense(
    frequency: int | None, period: float | None, unit: str | None
) -> None:
    phrase = frequency_phrase(frequency, period, unit)
    if phrase is None:
        return
    assert frequency is not None and frequency >= 1 and period is not None and period > 0
    assert phrase.unit in PERIOD_UNITS.values()
    assert phrase.times == (frequency if phrase.kind != "every" else 1)
    assert (phrase.kind == "per") == (abs(period - 1.0) < 1e-9)


@given(st.dates(), st.integers(min_value=-400, max_value=400))
def test_days_left_and_ending_soon(today: date, offset: int) -> None:
    try:
        valid_to = today + timedelta(days=offset)
    except OverflowError:
        return
    assert days_left(valid_to, today) == offset
    assert ends_soon(valid_to, today) == (0 <= offset <= 2)


@pytest.mark.parametrize(
    ("name", "funding", "kind"),
    [
        ("Доступні ліки", "NHS", "affordable-medicines"),
        ("Програма «Доступні  ліки»", None, "affordable-medicines"),
        ("Відшкодування вартості інсулінів", "NHS", "insulin"),
        ("Лікування туберкульозу", "NHS", "nhsu"),
        ("Місцева програма", "LOCAL", None),
        ("", None, None),
    ],
)
def test_who_pays(name: str, funding: str | None, kind: str | None) -> None:
    assert program_kind(name, funding) == kind


def test_partly_dispensed_is_an_active_prescription_with_a_processed_dispense() -> None:
    assert partly_dispensed("ACTIVE", ["PROCESSED"])
    assert partly_dispensed("ACTIVE", ["REJECTED", "PROCESSED"])
    assert not partly_dispensed("ACTIVE", [])
    assert not partly_dispensed("ACTIVE", ["NEW", "REJECTED"])
    assert not partly_dispensed("COMPLETED", ["PROCESSED"])


def test_every_dictionary_code_has_a_text_slug_and_unknown_ones_read_neutrally() -> None:
    for dictionary in PRESCRIPTION_DICTIONARIES:
        for code in dictionary.words:
            assert dictionary.key(code) is not None
        assert dictionary.key("NEVER_SEEN") == dictionary.other_key
    assert REJECT_REASON.key("NEVER_SEEN") == "rx-reject-other"
    assert unit_slug("tablet") == "pill" and unit_slug("MCG") == "mkg" and unit_slug("GRAIN") is None
