from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.names import vocative
from sandbox.registry.seeding.test_persons import TEST_PERSONS
from tests.domain.strategies import UKRAINIAN_LOWER, any_text

# The sandbox's test persons, by their nominative given name.
TEST_PERSONS_VOCATIVE = {
    "Олена": "Олено",
    "Андрій": "Андрію",
    "Ярослава": "Ярославо",
    "Максим": "Максиме",
    "Софія": "Софіє",
    "Тарас": "Тарасе",
    "В’ячеслав": "В’ячеславе",
}


def test_every_test_person_is_addressed_in_the_vocative() -> None:
    assert {person.first_name for person in TEST_PERSONS} == set(TEST_PERSONS_VOCATIVE)
    for person in TEST_PERSONS:
        assert vocative(person.first_name) == TEST_PERSONS_VOCATIVE[person.first_name]


@pytest.mark.parametrize(
    ("name", "gender", "expected"),
    [
        ("Олена", "FEMALE", "Олено"),
        ("Андрій", "MALE", "Андрію"),
        ("В'ячеслав", None, "В'ячеславе"),
        ("Вʼячеслав", "MALE", "Вʼячеславе"),
        ("Зор’яна", None, "Зор’яно"),
        ("Мар’яна", "FEMALE", "Мар’яно"),
        ("Ольга", None, "Ольго"),
        ("Микола", None, "Миколо"),
        ("Ілля", None, "Ілле"),
        ("Любов", None, "Любове"),
        ("Ігор", None, "Ігорю"),
        ("Марія", None, "Маріє"),
        ("Петро", None, "Петре"),
        ("Лев", None, "Леве"),
        ("ОЛЕНА", None, "ОЛЕНО"),
        ("Анна-Марія", None, "Анно-Маріє"),
        ("Анна Марія", "FEMALE", "Анно Маріє"),
    ],
)
def test_masculine_and_feminine_names(name: str, gender: str | None, expected: str) -> None:
    assert vocative(name, gender) == expected


@pytest.mark.parametrize("name", ["Jane", "O’Connor", "Тарас123", "", "  ", "-", "’"])
def test_what_cannot_be_declined_stays_as_written(name: str) -> None:
    assert vocative(name) == name
    assert vocative(name, "FEMALE") == name


@given(name=any_text, gender=st.sampled_from([None, "MALE", "FEMALE", "UNKNOWN"]))
def test_never_raises_and_never_empties_a_name(name: str, gender: str | None) -> None:
    result = vocative(name, gender)
    assert isinstance(result, str)
    assert bool(result.strip()) == bool(name.strip())
    assert len(result.split()) == len(name.split())


@given(
    name=st.text(alphabet=UKRAINIAN_LOWER + UKRAINIAN_LOWER.upper() + "-'’ʼ", min_size=1, max_size=30),
    gender=st.sampled_from([None, "MALE", "FEMALE"]),
)
def test_ukrainian_looking_words_decline_to_a_nonempty_word(name: str, gender: str | None) -> None:
    result = vocative(name, gender)
    assert result
    assert len(result.split()) == len(name.split())
