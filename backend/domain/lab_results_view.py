"""Lab results and measurements as a patient reads them: the rules behind the words and the chart (no I/O, no
texts).

The bot turns each result into its Fluent texts and its chart; which code is which word is decided here:
- eHealth's dictionaries an observation carries (`eHealth/observation_categories`,
  `eHealth/observation_interpretations`): a code we do not know adds nothing, never shows as the code;
- the units the registry writes (UCUM codes or their Ukrainian display) as a slug of the bot's own words;
- which reference range is "the norm" (the first `normal` or untyped one), and whether the laboratory's
  interpretation says more than the mark against that range;
- blood pressure, which eHealth records as two observations (systolic 8480-6 and diastolic 8462-4 taken
  together), read back as one reading "131/82";
- a measure's series for its chart: oldest first, numbers only, over a period, with the range to shade.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from backend.domain.dictionaries import Dictionary
from backend.domain.medical_record import RangeMark, range_mark

# eHealth/observation_categories (FHIR's observation categories, with eHealth's underscores).
CATEGORY = Dictionary(
    "eHealth/observation_categories",
    "lab-category",
    {
        "laboratory": "лабораторний аналіз",
        "vital_signs": "показник життєво важливих функцій",
        "exam": "огляд",
        "imaging": "візуалізація",
        "procedure": "процедура",
        "survey": "опитування",
        "social_history": "спосіб життя",
        "therapy": "лікування",
        "activity": "фізична активність",
    },
)

# eHealth/observation_interpretations (HL7 v2 table 0078): what the laboratory itself says of the value.
INTERPRETATION = Dictionary(
    "eHealth/observation_interpretations",
    "lab-interpretation",
    {
        "N": "у межах норми",
        "L": "знижений",
        "H": "підвищений",
        "LL": "критично знижений",
        "HH": "критично підвищений",
        "LU": "значно знижений",
        "HU": "значно підвищений",
        "A": "поза нормою",
        "AA": "критично поза нормою",
        "POS": "позитивний",
        "NEG": "негативний",
        "IND": "сумнівний",
        "DET": "виявлено",
        "ND": "не виявлено",
        "U": "значно зріс від попереднього",
        "D": "значно знизився від попереднього",
        "B": "краще, ніж раніше",
        "W": "гірше, ніж раніше",
    },
)

LAB_DICTIONARIES: tuple[Dictionary, ...] = (CATEGORY, INTERPRETATION)

# The interpretations that only repeat where the value sits against its normal range.
_SAME_AS_MARK: dict[str, RangeMark] = {"N": RangeMark.NORMAL, "L": RangeMark.LOW, "H": RangeMark.HIGH}

# A unit as the registry writes it (its UCUM code, or the Ukrainian display of it) → the bot's text slug.
UNIT_SLUGS: dict[str, str] = {
    "%": "percent",
    "mmol/l": "mmol-l",
    "ммоль/л": "mmol-l",
    "umol/l": "umol-l",
    "мкмоль/л": "umol-l",
    "g/l": "g-l",
    "г/л": "g-l",
    "g/dl": "g-dl",
    "г/дл": "g-dl",
    "mg/dl": "mg-dl",
    "мг/дл": "mg-dl",
    "mm[hg]": "mm-hg",
    "мм рт. ст.": "mm-hg",
    "мм рт.ст.": "mm-hg",
    "kg": "kg",
    "кг": "kg",
    "cm": "cm",
    "см": "cm",
    "/min": "per-min",
    "уд/хв": "per-min",
    "cel": "celsius",
    "°c": "celsius",
    "10*9/l": "e9-l",
    "10^9/л": "e9-l",
    "10*12/l": "e12-l",
    "10^12/л": "e12-l",
    "u/l": "u-l",
    "од/л": "u-l",
    "kg/m2": "kg-m2",
    "кг/м²": "kg-m2",
}

# eHealth's LOINC codes of blood pressure: one reading is two observations taken at the same moment.
SYSTOLIC = "8480-6"
DIASTOLIC = "8462-4"
PRESSURE_PARTNER: dict[str, str] = {SYSTOLIC: DIASTOLIC, DIASTOLIC: SYSTOLIC}

CHART_MIN_POINTS = 2  # a chart of one point says nothing
CHART_PERIOD = timedelta(days=2 * 365 + 30)  # about two years back from the newest value


def unit_slug(unit: str | None) -> str | None:
    """`ммоль/л` or `mmol/L` → `mmol-l`; None for no unit or one we have no words for (shown as written)."""
    if not unit:
        return None
    return UNIT_SLUGS.get(" ".join(unit.split()).lower())


class RangeLike(Protocol):
    @property
    def low(self) -> float | None: ...
    @property
    def high(self) -> float | None: ...
    @property
    def type(self) -> str | None: ...
    @property
    def text(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class NormalRange:
    low: float | None
    high: float | None
    text: str | None  # the laboratory's own words for it, when it gives them

    @property
    def bounded(self) -> bool:
        return self.low is not None or self.high is not None


def normal_range(ranges: Iterable[RangeLike]) -> NormalRange | None:
    """The first `normal` (or untyped) range that says something: a bound or words; None when none does.
    Bounds given upside down judge nothing: they are dropped (the words stay)."""
    for item in ranges:
        if item.type not in (None, "normal"):
            continue
        low, high = _finite(item.low), _finite(item.high)
        if low is not None and high is not None and low > high:
            low = high = None
        text = (item.text or "").strip() or None
        if low is not None or high is not None or text:
            return NormalRange(low, high, text)
    return None


def interpretation_adds(interpretation: str | None, mark: str | None) -> bool:
    """Whether the laboratory's interpretation says more than the mark (H beside "above the normal range" does
    not; H without a range to judge by, or HH, or POS does)."""
    known = INTERPRETATION.known(interpretation)
    if known is None:
        return False
    return mark is None or _SAME_AS_MARK.get(known) != mark


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


# The chart's series -----------------------------------------------------------------------------------------


class ObservationLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def taken_at(self) -> datetime: ...
    @property
    def value_number(self) -> float | None: ...
    @property
    def reference_ranges(self) -> Sequence[RangeLike]: ...


@dataclass(frozen=True, slots=True)
class Point:
    at: datetime
    value: float
    mark: RangeMark | None  # against the series' range


@dataclass(frozen=True, slots=True)
class Series:
    points: tuple[Point, ...]  # oldest first
    low: float | None  # the normal range shaded on the chart (the newest result's)
    high: float | None

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def chartable(self) -> bool:
        return len(self.points) >= CHART_MIN_POINTS


def chart_series(observations: Iterable[ObservationLike], *, period: timedelta | None = CHART_PERIOD) -> Series:
    """One measure's results as a chart draws them: oldest first (equal moments by id), each result once, only
    finite numbers, within `period` back from the newest; the normal range is the newest result's that has
    bounds (the laboratory's current norm), and each point is marked against it."""
    numeric: dict[str, ObservationLike] = {}
    for item in observations:
        if _finite(item.value_number) is not None:
            numeric.setdefault(item.id, item)
    ordered = sorted(numeric.values(), key=lambda item: (item.taken_at, item.id))
    if ordered and period is not None:
        since = ordered[-1].taken_at - period
        ordered = [item for item in ordered if item.taken_at >= since]
    low = high = None
    for item in reversed(ordered):
        found = normal_range(item.reference_ranges)
        if found is not None and found.bounded:
            low, high = found.low, found.high
            break
    values = [(item.taken_at, float(item.value_number or 0.0)) for item in ordered]  # all numbers (above)
    return Series(tuple(Point(at, value, range_mark(value, low, high)) for at, value in values), low, high)


def same_moment_value(observations: Iterable[ObservationLike], at: datetime) -> float | None:
    """The number of the result taken at exactly `at` (the other half of a blood pressure reading), or None."""
    for item in observations:
        value = _finite(item.value_number)
        if item.taken_at == at and value is not None:
            return value
    return None


@dataclass(frozen=True, slots=True)
class PressureReading:
    systolic: float
    diastolic: float


def pressure_reading(code: str, value: float | None, partner: float | None) -> PressureReading | None:
    """A blood pressure reading from one half (`code`, `value`) and the other half taken with it."""
    if value is None or partner is None or code not in PRESSURE_PARTNER:
        return None
    if code == SYSTOLIC:
        return PressureReading(value, partner)
    return PressureReading(partner, value)
