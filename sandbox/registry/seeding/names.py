"""Ukrainian names for seeded doctors: Faker's uk_UA pools plus names written with an apostrophe.

eHealth takes a doctor's (party's) names with either apostrophe, ' (U+0027) or ’ (U+2019) — its pattern
is `[А-ЯҐЇІЄа-яґїіє’' -]` — and clinics type whichever their keyboard gives, so each generated record
spells its apostrophes in one of the two, picked at random. Persons' names (MPI) allow only ', see
`test_persons.mpi_spelling`. The product shows ’ whatever the registry holds.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from faker import Faker

from sandbox.registry.rules.text import APOSTROPHE_FORMS as APOSTROPHES

APOSTROPHE_FORMS: tuple[str, ...] = ("'", "’")
_APOSTROPHE_FORM_WEIGHTS = (45, 55)
_RESPELL = {form: str.maketrans(dict.fromkeys(APOSTROPHES, form)) for form in APOSTROPHE_FORMS}

_FIRST_NAMES_WITH_APOSTROPHE = {
    "MALE": ("В’ячеслав", "Дем’ян", "Мар’ян", "Лук’ян", "Валер’ян"),
    "FEMALE": ("Мар’яна", "Солом’ія", "Зор’яна", "Дар’я"),
}
_PATRONYMICS_WITH_APOSTROPHE = {
    "MALE": ("В’ячеславович", "Дем’янович", "Мар’янович", "Лук’янович"),
    "FEMALE": ("В’ячеславівна", "Дем’янівна", "Мар’янівна", "Лук’янівна"),
}
_SURNAMES_WITH_APOSTROPHE = {
    "MALE": (
        "Дем’яненко", "Дем’янчук", "Лук’яненко", "Лук’янчук", "П’ятак", "Ком’як", "Прокоп’юк",
        "Дерев’янко", "Солов’яненко", "Мар’янчук", "Солов’йов", "Кам’янський", "Бур’ян",
    ),
    "FEMALE": (
        "Дем’яненко", "Дем’янчук", "Лук’яненко", "Лук’янчук", "П’ятак", "Ком’як", "Прокоп’юк",
        "Дерев’янко", "Солов’яненко", "Мар’янчук", "Солов’йова", "Кам’янська", "Бур’ян",
    ),
}  # fmt: skip

# Shares of records whose first name, surname or patronymic is drawn from the apostrophe pools.
_FIRST_NAME_SHARE = 0.05
_SURNAME_SHARE = 0.06
_PATRONYMIC_SHARE = 0.04
# Drawing every name from Faker costs seconds at 100,000 doctors; its pools are drawn once instead.
_POOL_DRAWS = 5000


@dataclass(frozen=True, slots=True)
class FullName:
    first_name: str
    last_name: str
    second_name: str


@dataclass(frozen=True, slots=True)
class _Pools:
    first: tuple[str, ...]
    last: tuple[str, ...]
    second: tuple[str, ...]


@cache
def _faker_pools(gender: str) -> _Pools:
    fake = Faker("uk_UA")
    fake.seed_instance(0)  # the pools are the same for every seed; the seed decides the draws

    def pool(draw: Callable[[], str]) -> tuple[str, ...]:
        return tuple(sorted({draw() for _ in range(_POOL_DRAWS)}))

    if gender == "MALE":
        return _Pools(pool(fake.first_name_male), pool(fake.last_name_male), pool(fake.middle_name_male))
    return _Pools(pool(fake.first_name_female), pool(fake.last_name_female), pool(fake.middle_name_female))


class NameGenerator:
    """Draws gendered full names; deterministic for a given `rng` state."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng

    def full_name(self, gender: str) -> FullName:
        rng = self._rng
        pools = _faker_pools(gender)
        apostrophe_first = rng.random() < _FIRST_NAME_SHARE
        first = rng.choice(_FIRST_NAMES_WITH_APOSTROPHE[gender] if apostrophe_first else pools.first)
        apostrophe_last = rng.random() < _SURNAME_SHARE
        last = rng.choice(_SURNAMES_WITH_APOSTROPHE[gender] if apostrophe_last else pools.last)
        apostrophe_second = rng.random() < _PATRONYMIC_SHARE
        second = rng.choice(_PATRONYMICS_WITH_APOSTROPHE[gender] if apostrophe_second else pools.second)
        if not any(char in APOSTROPHES for char in first + last + second):
            return FullName(first, last, second)
        respell = _RESPELL[rng.choices(APOSTROPHE_FORMS, weights=_APOSTROPHE_FORM_WEIGHTS)[0]]
        return FullName(first.translate(respell), last.translate(respell), second.translate(respell))
