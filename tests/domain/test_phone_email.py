from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.errors import InvalidValue
from backend.domain.validators import validate_email, validate_phone


@pytest.mark.parametrize(
    "value",
    [
        "+380 67 123 45 67",
        "+380671234567",
        "067-123-45-67",
        "(067) 123 45 67",
        "380671234567",
        "0671234567",
        " 067 123-45-67 ",
        "+38 (067) 123-45-67",
        "+380.67.123.45.67",
        "8 067 123 45 67",  # the old trunk prefix
        "8(067)1234567",
    ],
)
def test_usual_spellings(value: str) -> None:
    assert validate_phone(value) == "+380671234567"


def test_land_line_area_codes() -> None:
    assert validate_phone("(044) 234-56-78") == "+380442345678"
    assert validate_phone("0322 45 67 89") == "+380322456789"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "+1 202 555 0100",
        "+0671234567",
        "0071234567",  # operator code may not start with 0
        "+380 07 123 45 67",
        "067 123 45 6",
        "067 123 45 678",
        "38067123456",
        "+380 67 123 45 67 ext 2",
        "+3+80671234567",
        "067１２３４５６７x",
        "+8 067 123 45 67",
        "8 007 123 45 67",
        "٠٦٧١٢٣٤٥٦٧",
    ],
)
def test_invalid_numbers(value: str) -> None:
    with pytest.raises(InvalidValue) as error:
        validate_phone(value)
    assert error.value.code == "phone.format"


@given(
    national=st.from_regex(r"[1-9][0-9]{8}", fullmatch=True),
    template=st.sampled_from(
        ["+380{0}{1} {2}{3}{4} {5}{6} {7}{8}", "0{0}{1}-{2}{3}{4}-{5}{6}-{7}{8}", "(0{0}{1}) {2}{3}{4} {5}{6} {7}{8}",
         "380{0}{1}{2}{3}{4}{5}{6}{7}{8}", "0{0}{1}{2}{3}{4}{5}{6}{7}{8}"]
    ),
)  # fmt: skip
def test_every_format_gives_one_normal_form(national: str, template: str) -> None:
    assert validate_phone(template.format(*national)) == "+380" + national


@given(st.from_regex(r"\+380[1-9][0-9]{8}", fullmatch=True))
def test_normal_form_is_a_fixed_point(phone: str) -> None:
    assert validate_phone(phone) == phone


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Ivan.Petrenko@UKR.NET", "Ivan.Petrenko@ukr.net"),
        ("  olena+cabinet@example.com.ua ", "olena+cabinet@example.com.ua"),
        ("a@b.ua", "a@b.ua"),
        ("user@пошта.укр", "user@пошта.укр"),
        ("o'connor@mail.ie", "o'connor@mail.ie"),
    ],
)
def test_valid_emails(value: str, expected: str) -> None:
    assert validate_email(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "ivan",
        "ivan@",
        "@ukr.net",
        "ivan@@ukr.net",
        "iv@n@ukr.net",
        "ivan petrenko@ukr.net",
        "ivan@ukr net",
        "ivan@localhost",
        ".ivan@ukr.net",
        "ivan.@ukr.net",
        "iv..an@ukr.net",
        "ivan@-ukr.net",
        "ivan@ukr-.net",
        "ivan@ukr..net",
        "ivan@ukr.n",
        "ivan@1.2.3.4",
        "іван@ukr.net",
        "<ivan@ukr.net>",
        "a" * 65 + "@ukr.net",
        "a@" + "b" * 63 + "." + ("c" * 63 + ".") * 3 + "ua",
    ],
)
def test_invalid_emails(value: str) -> None:
    with pytest.raises(InvalidValue) as error:
        validate_email(value)
    assert error.value.code == "email.format"


@given(
    local=st.from_regex(r"[a-z0-9]{1,20}(\.[a-z0-9_+-]{1,10}){0,2}", fullmatch=True),
    domain=st.from_regex(r"[a-z0-9]{1,20}\.(ua|com|net|org)", fullmatch=True),
)
def test_plain_addresses_pass_and_the_domain_is_lower_cased(local: str, domain: str) -> None:
    assert validate_email(f"{local}@{domain.upper()}") == f"{local}@{domain}"
