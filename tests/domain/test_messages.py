"""Every code the domain raises has a Ukrainian message, and every message belongs to a code."""

from __future__ import annotations

import ast
import re
import string
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from backend.domain import validators
from backend.domain.declarations import PrecheckProblem
from backend.domain.errors import InvalidValue
from backend.domain.messages import UK_MESSAGES, message_for

DOMAIN_DIR = Path(validators.__file__).parent

THIRD_PERSON_ID = "c282f8a9-e709-40aa-94b4-dde1402bf4b6"
VALID_ADDRESS: dict[str, Any] = {
    "type": "RESIDENCE",
    "country": "UA",
    "area": "Житомирська",
    "settlement": "Житомир",
    "settlement_type": "CITY",
    "building": "1",
}
BAD_ADDRESS_VALUES: dict[str, list[Any]] = {
    "type": ["X"],
    "country": ["PL"],
    "area": [None, "а" * 101],
    "region": ["\x00"],
    "settlement": [None, "с" * 101],
    "settlement_type": ["X"],
    "settlement_id": ["x"],
    "street_type": ["вул"],
    "street": ["в" * 151],
    "building": [None, "А"],
    "apartment": ["!"],
    "zip": ["1"],
    "unknown": ["x"],
}


def raised_codes() -> set[str]:
    """Drive every validator into each of its failures and collect the codes."""
    attempts: list[Any] = [
        lambda: validators.validate_tax_id("1"),
        lambda: validators.validate_tax_id("2556800017"),
        lambda: validators.validate_unzr("1"),
        lambda: validators.validate_unzr("19910819-00022", date(2000, 1, 1)),
        lambda: validators.validate_phone("1"),
        lambda: validators.validate_email("1"),
        lambda: validators.validate_document("X", "1"),
        lambda: validators.validate_person_name("1"),
        lambda: validators.validate_secret("1"),
        lambda: validators.validate_free_text("", 10, "f"),
        lambda: validators.validate_free_text("1" * 11, 10, "f"),
        lambda: validators.validate_settlement_query("1"),
        lambda: validators.validate_address("x"),  # type: ignore[arg-type]  # clients send anything
        lambda: validators.validate_phones("x"),  # type: ignore[arg-type]
        lambda: validators.validate_phones([{"type": "X"}]),
        lambda: validators.validate_phones([{"type": "MOBILE", "number": "0671234567"}] * 2),
        lambda: validators.validate_document_expiration("NATIONAL_ID", None),
        lambda: validators.validate_document_expiration("PASSPORT", "2030-01-01"),  # type: ignore[arg-type]
        lambda: validators.validate_addresses("x"),  # type: ignore[arg-type]
        lambda: validators.validate_addresses([VALID_ADDRESS, VALID_ADDRESS]),
        lambda: validators.validate_addresses([{**VALID_ADDRESS, "type": "REGISTRATION"}]),
        lambda: validators.validate_authentication_method("x"),  # type: ignore[arg-type]
        lambda: validators.validate_authentication_method({"type": "OTP", "x": 1}),
        lambda: validators.validate_authentication_method({"type": "SMS"}),
        lambda: validators.validate_authentication_method({"type": "OTP"}),
        lambda: validators.validate_authentication_method({"type": "THIRD_PERSON", "alias": "мама"}),
        lambda: validators.validate_authentication_method({"type": "THIRD_PERSON", "value": THIRD_PERSON_ID}),
        lambda: validators.validate_authentication_method({"type": "OFFLINE", "alias": "\x00"}),
    ]
    attempts += [
        lambda doc_type=doc_type: validators.validate_document(doc_type, "!") for doc_type in validators.DOCUMENT_TYPES
    ]
    for key, values in BAD_ADDRESS_VALUES.items():
        attempts += [
            lambda key=key, value=value: validators.validate_address({**VALID_ADDRESS, key: value}) for value in values
        ]
    codes: set[str] = set()
    for attempt in attempts:
        with pytest.raises(InvalidValue) as error:
            attempt()
        codes.add(error.value.code)
    return codes


def test_every_raised_code_has_a_message() -> None:
    assert raised_codes() <= UK_MESSAGES.keys()


def test_every_message_is_for_a_code_the_domain_uses() -> None:
    validator_messages = {code for code in UK_MESSAGES if not code.startswith("precheck.")}
    assert validator_messages == raised_codes()
    assert {code for code in UK_MESSAGES if code.startswith("precheck.")} == {
        f"precheck.{problem}" for problem in PrecheckProblem
    }


def test_every_literal_code_in_the_source_has_a_message() -> None:
    """Codes written as literals anywhere in the package, including ones no test above reaches."""
    literal_codes: set[str] = set()
    for path in DOMAIN_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "InvalidValue"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                literal_codes.add(node.args[0].value)
    assert literal_codes
    assert literal_codes <= UK_MESSAGES.keys()


def test_messages_are_ukrainian_sentences() -> None:
    for code, text in UK_MESSAGES.items():
        assert re.search("[а-яґєії]", text), code
        assert text.rstrip().endswith((".", "!")), code
        assert len(text) <= 200, code
        assert "'" not in text, f"{code}: use the Ukrainian apostrophe ’"


@pytest.mark.parametrize("code", sorted(UK_MESSAGES))
def test_placeholders_are_filled(code: str) -> None:
    names = {name for _, name, _, _ in string.Formatter().parse(UK_MESSAGES[code]) if name}
    params: dict[str, object] = dict.fromkeys(names, 77)
    text = message_for(InvalidValue(code, params=params))
    assert "{" not in text
    assert "}" not in text
    if names:
        assert "77" in text


def test_message_from_a_real_error() -> None:
    with pytest.raises(InvalidValue) as error:
        validators.validate_free_text("я" * 11, 10, "reason")
    assert "10 символів" in message_for(error.value)


def test_missing_params_never_show_braces() -> None:
    text = message_for(InvalidValue("text.too_long"))
    assert "{" not in text
    assert message_for(InvalidValue("no.such.code"))
