from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.errors import InvalidValue
from backend.domain.validators import validate_unzr


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("19910819-00022", "19910819-00022"),
        ("1991081900022", "19910819-00022"),
        (" 19910819 - 00022 ", "19910819-00022"),
        ("19910819–00022", "19910819-00022"),
        ("20000229-12345", "20000229-12345"),
    ],
)
def test_valid(value: str, expected: str) -> None:
    assert validate_unzr(value) == expected


@pytest.mark.parametrize(
    "value",
    ["", "19910819-0002", "19910819-000222", "1991-08-19-00022", "19910230-00001", "19900229-00001", "19911319-00001",
     "abcdefgh-ijklm", "19910819_00022"],
)  # fmt: skip
def test_format_errors(value: str) -> None:
    with pytest.raises(InvalidValue) as error:
        validate_unzr(value)
    assert error.value.code == "unzr.format"


def test_must_match_the_birth_date_when_given() -> None:
    assert validate_unzr("19910819-00022", birth_date=date(1991, 8, 19)) == "19910819-00022"
    with pytest.raises(InvalidValue) as error:
        validate_unzr("19910819-00022", birth_date=date(1991, 8, 20))
    assert error.value.code == "unzr.birth_date_mismatch"


@given(birth_date=st.dates(min_value=date(1000, 1, 1)), number=st.integers(0, 99999))
def test_any_real_date_round_trips(birth_date: date, number: int) -> None:
    unzr = f"{birth_date:%Y%m%d}-{number:05d}"
    assert validate_unzr(unzr, birth_date=birth_date) == unzr
    assert validate_unzr(unzr.replace("-", "")) == unzr
