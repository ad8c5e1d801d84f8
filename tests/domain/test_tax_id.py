from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.errors import InvalidValue
from backend.domain.validators import (
    MAX_TAX_ID_SERIAL,
    make_tax_id,
    tax_id_birth_date,
    tax_id_gender,
    validate_tax_id,
)
from tests.domain.strategies import genders, tax_id_dates

# The published weights, kept here independently of the implementation.
WEIGHTS = (-1, 5, 7, 9, 4, 6, 10, 5, 7)


def weighted_residue(tax_id: str) -> int:
    return sum(w * int(d) for w, d in zip(WEIGHTS, tax_id[:9], strict=True)) % 11


def test_known_number_worked_by_hand() -> None:
    # 25568 days after 1899-12-31 is 1970-01-01; −2+25+35+54+32+0+0+0+7 = 151, 151 mod 11 = 8.
    assert validate_tax_id("2556800018") == "2556800018"
    assert tax_id_birth_date("2556800018") == date(1970, 1, 1)
    assert tax_id_gender("2556800018") == "MALE"
    assert tax_id_gender("2556800028") == "FEMALE"


def test_first_day_of_the_epoch() -> None:
    assert tax_id_birth_date("0000100000") == date(1900, 1, 1)


@pytest.mark.parametrize("spaced", ["2556 800 018", " 2556800018 ", "25568 00018", "2556\u00a0800018"])
def test_spaces_are_ignored(spaced: str) -> None:
    assert validate_tax_id(spaced) == "2556800018"


@pytest.mark.parametrize(
    "value",
    ["", "255680001", "25568000189", "25568OOO18", "2556-800-018", "abcdefghij", "٢٥٥٦٨٠٠٠١٨", "2556800018\n1"],
)
def test_format_errors(value: str) -> None:
    with pytest.raises(InvalidValue) as error:
        validate_tax_id(value)
    assert error.value.code == "tax_id.format"
    assert error.value.field == "tax_id"


def test_wrong_check_digit() -> None:
    with pytest.raises(InvalidValue) as error:
        validate_tax_id("2556800017")
    assert error.value.code == "tax_id.checksum"


def test_error_text_never_contains_the_number() -> None:
    with pytest.raises(InvalidValue) as error:
        validate_tax_id("2556800017")
    assert "2556800017" not in str(error.value)
    assert "2556800017" not in repr(error.value)


@given(birth_date=tax_id_dates, serial=st.integers(0, MAX_TAX_ID_SERIAL), gender=genders)
def test_made_tax_ids_round_trip(birth_date: date, serial: int, gender: str) -> None:
    tax_id = make_tax_id(birth_date, serial, gender)
    assert len(tax_id) == 10
    assert tax_id.isascii()
    assert tax_id.isdigit()
    assert validate_tax_id(tax_id) == tax_id
    assert tax_id_birth_date(tax_id) == birth_date
    assert tax_id_gender(tax_id) == gender


@given(
    birth_date=tax_id_dates,
    gender=genders,
    serials=st.lists(st.integers(0, MAX_TAX_ID_SERIAL), min_size=2, max_size=2, unique=True),
)
def test_different_serials_give_different_numbers(birth_date: date, gender: str, serials: list[int]) -> None:
    first, second = (make_tax_id(birth_date, serial, gender) for serial in serials)
    assert first != second


def test_every_serial_of_a_day_is_distinct_and_valid() -> None:
    numbers = {make_tax_id(date(1985, 7, 1), serial, "FEMALE") for serial in range(MAX_TAX_ID_SERIAL + 1)}
    assert len(numbers) == MAX_TAX_ID_SERIAL + 1
    assert all(int(number[8]) % 2 == 0 for number in numbers)


@pytest.mark.parametrize(
    ("birth_date", "serial", "gender"),
    [
        (date(1899, 12, 31), 0, "MALE"),
        (date(2173, 10, 15), 0, "MALE"),
        (date(1990, 1, 1), -1, "MALE"),
        (date(1990, 1, 1), MAX_TAX_ID_SERIAL + 1, "MALE"),
        (date(1990, 1, 1), 0, "male"),
    ],
)
def test_make_tax_id_refuses_what_cannot_be_encoded(birth_date: date, serial: int, gender: str) -> None:
    with pytest.raises(ValueError, match=r".") as error:
        make_tax_id(birth_date, serial, gender)
    assert not isinstance(error.value, InvalidValue)


@given(
    birth_date=tax_id_dates,
    serial=st.integers(0, MAX_TAX_ID_SERIAL),
    gender=genders,
    position=st.integers(0, 9),
    shift=st.integers(1, 9),
)
def test_single_digit_changes(birth_date: date, serial: int, gender: str, position: int, shift: int) -> None:
    """A changed digit is caught unless the weighted sum moves between residues 0 and 10.

    Every weight is non-zero modulo the prime 11, so changing one of the first nine digits always
    changes the residue; but the control digit is (residue mod 11) mod 10, and residues 0 and 10
    both give 0 — such a change cannot be detected. A changed control digit is always caught.
    """
    valid = make_tax_id(birth_date, serial, gender)
    changed_digit = str((int(valid[position]) + shift) % 10)
    changed = valid[:position] + changed_digit + valid[position + 1 :]
    undetectable = position < 9 and {weighted_residue(valid), weighted_residue(changed)} == {0, 10}
    if undetectable:
        assert validate_tax_id(changed) == changed
    else:
        with pytest.raises(InvalidValue) as error:
            validate_tax_id(changed)
        assert error.value.code == "tax_id.checksum"


def test_the_modulus_lets_some_single_digit_changes_through() -> None:
    """The property above may rarely draw such a case, so find one deterministically."""
    original, changed = next(
        (number, number[:position] + digit + number[position + 1 :])
        for serial in range(MAX_TAX_ID_SERIAL + 1)
        for number in [make_tax_id(date(1970, 1, 1), serial, "MALE")]
        for position in range(9)
        for digit in "0123456789"
        if {weighted_residue(number), weighted_residue(number[:position] + digit + number[position + 1 :])} == {0, 10}
    )
    assert original != changed
    assert original[9] == changed[9] == "0"
    assert validate_tax_id(changed) == changed
