from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.errors import InvalidValue
from backend.domain.text import APOSTROPHES
from backend.domain.validators import (
    NAME_MAX_LENGTH,
    validate_free_text,
    validate_person_name,
    validate_secret,
    validate_settlement_query,
)
from tests.domain.strategies import UKRAINIAN_LOWER, any_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("петренко", "Петренко"),
        ("  ЛЕСЯ   ", "Леся"),
        ("мар'яна", "Мар’яна"),
        ("МАР`ЯНА", "Мар’яна"),
        ("о'коннор", "О’коннор"),
        ("O’Connor", "O’Connor"),
        ("анна-марія", "Анна-Марія"),
        ("анна - марія", "Анна-Марія"),
        ("ґудзь", "Ґудзь"),
        ("їжачок євгенія", "Їжачок Євгенія"),
        ("McDonald", "McDonald"),
        ("josé", "José"),
        ("Müller", "Müller"),
        ("я", "Я"),
    ],
)
def test_names(value: str, expected: str) -> None:
    assert validate_person_name(value) == expected


def test_every_apostrophe_form_gives_one_name() -> None:
    assert {validate_person_name(f"мар{a}яна") for a in APOSTROPHES} == {"Мар’яна"}


@pytest.mark.parametrize(
    "value",
    ["", "   ", "-Петро", "Петро-", "'Петро", "Пет--ро", "Пет''ро", "Пет -'ро", "Петро1", "<b>Петро</b>", "Петро😀",
     "Πέτρος", "佐藤", "Петро\nІван", "Петро\x00", "a" * (NAME_MAX_LENGTH + 1), "ß" * NAME_MAX_LENGTH],
)  # fmt: skip
def test_name_errors(value: str) -> None:
    with pytest.raises(InvalidValue) as error:
        validate_person_name(value)
    assert error.value.code == "name.format"


name_part = st.text(alphabet=UKRAINIAN_LOWER, min_size=1, max_size=10)


@given(parts=st.lists(name_part, min_size=1, max_size=3), joiner=st.sampled_from([" ", "-", "'"]))
def test_ukrainian_names_are_accepted_and_capitalised(parts: list[str], joiner: str) -> None:
    name = validate_person_name(joiner.join(parts))
    assert name.casefold() == (joiner.replace("'", "’")).join(parts).casefold()
    assert name[0].isupper()


@given(any_text)
def test_names_are_a_fixed_point(value: str) -> None:
    try:
        name = validate_person_name(value)
    except InvalidValue:
        return
    assert validate_person_name(name) == name
    assert 1 <= len(name) <= NAME_MAX_LENGTH


@pytest.mark.parametrize("value", ["Котик2024", "abcdef", "ЇЖАЧОК", "12345678901234567890", " пароль1 "])
def test_secret(value: str) -> None:
    assert validate_secret(value) == value.strip()


@pytest.mark.parametrize(
    "value", ["", "abc12", "abc def", "1" * 21, "пароль!", "пароль_1", "😀😀😀😀😀😀", "\t\tabcdef\x00"]
)
def test_secret_errors(value: str) -> None:
    with pytest.raises(InvalidValue) as error:
        validate_secret(value)
    assert error.value.code == "secret.format"
    assert error.value.params == {"min_len": 6, "max_len": 20}


def test_free_text_keeps_newlines_and_drops_control_characters() -> None:
    assert validate_free_text("  Переїхав\r\nв інше\x00 місто\x07 \u202e ", 100, "reason") == "Переїхав\nв інше місто"


def test_free_text_empty() -> None:
    for value in ["", "   ", "\n\n", "\x00\x01", "\u202e"]:
        with pytest.raises(InvalidValue) as error:
            validate_free_text(value, 100, "reason")
        assert (error.value.code, error.value.field) == ("text.empty", "reason")


def test_free_text_too_long() -> None:
    assert validate_free_text("я" * 10, 10, "reason") == "я" * 10
    for value in ["я" * 11, "я" * 100_000]:
        with pytest.raises(InvalidValue) as error:
            validate_free_text(value, 10, "reason")
        assert error.value.code == "text.too_long"
        assert error.value.params == {"max_len": 10}


@given(value=any_text, max_len=st.integers(1, 100))
def test_free_text_output_is_clean(value: str, max_len: int) -> None:
    try:
        text = validate_free_text(value, max_len, "note")
    except InvalidValue as error:
        assert error.code in {"text.empty", "text.too_long"}
        return
    assert 0 < len(text) <= max_len
    assert text == text.strip()
    assert all(char == "\n" or unicodedata.category(char) != "Cc" for char in text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Київ", "Київ"),
        ("  біла   церква ", "біла церква"),
        ("Кам'янець-Подільський", "Кам’янець-Подільський"),
        ("смт. Ворзель", "смт. Ворзель"),
        ("Ky", "Ky"),
        ("Ivano-Frankivsk", "Ivano-Frankivsk"),
    ],
)
def test_settlement_query(value: str, expected: str) -> None:
    assert validate_settlement_query(value) == expected


@pytest.mark.parametrize("value", ["", "К", "  К  ", "Київ1", "Київ!", "...", "- -", "к" * 61, "<script>"])
def test_settlement_query_errors(value: str) -> None:
    with pytest.raises(InvalidValue) as error:
        validate_settlement_query(value)
    assert error.value.code == "settlement.format"
