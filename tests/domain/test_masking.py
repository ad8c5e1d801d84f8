from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.masking import mask_document, mask_email, mask_name, mask_phone, mask_tax_id
from backend.domain.validators import MAX_TAX_ID_SERIAL, make_tax_id
from tests.domain.strategies import any_text, genders, tax_id_dates


def test_examples() -> None:
    assert mask_tax_id("3012345678") == "30******78"
    assert mask_phone("+380671234567") == "+380 67 *** ** 67"
    assert mask_phone("067 123 45 67") == "+380 67 *** ** 67"
    assert mask_document("КА123456") == "КА***456"
    assert mask_document("123456789") == "******789"
    assert mask_document("І-БК 123456") == "І-БК ***456"
    assert mask_email("ivan.petrenko@ukr.net") == "i***o@ukr.net"
    assert mask_name("Петренко") == "П***"


@pytest.mark.parametrize("mask", [mask_tax_id, mask_phone, mask_document, mask_email, mask_name])
@pytest.mark.parametrize("value", ["", " ", "1", "12", "@", "a@", "@b", "1234"])
def test_empty_and_short_values_are_safe(mask, value: str) -> None:  # type: ignore[no-untyped-def]
    masked = mask(value)
    assert isinstance(masked, str)
    stripped = value.strip()
    if len(stripped) > 1 and "@" not in stripped:
        assert masked != stripped


def test_short_values_are_hidden_completely() -> None:
    assert mask_tax_id("12345") == "*****"
    assert mask_document("12") == "**"
    assert mask_email("a@ukr.net") == "a***@ukr.net"
    assert mask_phone("1234") == "****"
    assert mask_phone("12345") == "***45"


def visible_digits(masked: str) -> int:
    return sum(char.isdigit() for char in masked)


@given(birth_date=tax_id_dates, serial=st.integers(0, MAX_TAX_ID_SERIAL), gender=genders)
def test_masked_tax_id_shows_at_most_four_digits(birth_date: date, serial: int, gender: str) -> None:
    tax_id = make_tax_id(birth_date, serial, gender)
    masked = mask_tax_id(tax_id)
    assert len(masked) == len(tax_id)
    assert visible_digits(masked) <= 4
    assert masked[:2] == tax_id[:2]
    assert masked[-2:] == tax_id[-2:]


@given(national=st.from_regex(r"[1-9][0-9]{8}", fullmatch=True))
def test_masked_phone_shows_the_operator_and_last_two_digits(national: str) -> None:
    masked = mask_phone("+380" + national)
    assert masked == f"+380 {national[:2]} *** ** {national[-2:]}"
    assert visible_digits(masked) - 3 <= 4  # "380" is the country code, not the person's


@given(
    series=st.text(alphabet="АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЮЯ", max_size=2),
    digits=st.from_regex(r"[0-9]{1,12}", fullmatch=True),
)
def test_masked_document_shows_at_most_three_digits_and_never_half(series: str, digits: str) -> None:
    masked = mask_document(series + digits)
    assert len(masked) == len(series) + len(digits)
    shown = visible_digits(masked)
    assert shown <= 3
    assert shown <= len(digits) // 2


@given(local=st.from_regex(r"[a-z0-9.]{3,30}", fullmatch=True))
def test_masked_email_hides_all_but_two_letters_of_the_name(local: str) -> None:
    masked = mask_email(f"{local}@ukr.net")
    assert masked.endswith("@ukr.net")
    assert masked == f"{local[0]}***{local[-1]}@ukr.net"


@given(any_text)
def test_masks_never_fail_and_never_return_the_whole_value(value: str) -> None:
    for mask in (mask_tax_id, mask_phone, mask_document, mask_name):
        masked = mask(value)
        if len(value.strip()) >= 2:
            assert masked != value.strip()
    mask_email(value)


@given(st.text(min_size=2, max_size=40).filter(lambda name: name.strip()))
def test_masked_name_shows_one_character(name: str) -> None:
    assert mask_name(name) == name.strip()[0] + "***"
