from __future__ import annotations

import pickle

import pytest

from backend.domain.errors import InvalidValue


def test_carries_code_field_and_params() -> None:
    error = InvalidValue("text.too_long", "reason", {"max_len": 10})
    assert isinstance(error, ValueError)
    assert (error.code, error.field, error.params) == ("text.too_long", "reason", {"max_len": 10})
    assert str(error) == "reason: text.too_long"
    assert InvalidValue("phone.format").params == {}


def test_params_are_copied() -> None:
    params: dict[str, object] = {"max_len": 10}
    error = InvalidValue("text.too_long", params=params)
    params["max_len"] = 99
    assert error.params == {"max_len": 10}


def test_survives_pickling() -> None:
    error = pickle.loads(pickle.dumps(InvalidValue("name.format", "first_name", {"max_len": 50})))  # noqa: S301
    assert (error.code, error.field, error.params) == ("name.format", "first_name", {"max_len": 50})


def test_is_raised_and_caught_as_value_error() -> None:
    with pytest.raises(ValueError, match=r"phone\.format"):
        raise InvalidValue("phone.format", "phone")
