"""Ukraine's national immunization calendar and what is due next for a person — pure, no I/O.

The schedule is the calendar of preventive vaccinations of МОЗ України order №595 of 16.09.2011 ("Про порядок
проведення профілактичних щеплень в Україні…", Annex 1 "Календар профілактичних щеплень в Україні"), as amended
(orders №947 of 18.05.2018 and later), in the widely published form (moz.gov.ua, phc.org.ua):

- hepatitis B (HepB): at birth (the first day), at 2 months and at 6 months;
- tuberculosis (BCG): days 3–5 of life;
- diphtheria, tetanus, pertussis (DTaP/DTP): 2, 4 and 6 months, a booster at 18 months;
- poliomyelitis (IPV, then OPV): 2, 4 and 6 months, 18 months, 6 years, 14 years;
- Haemophilus influenzae type b (Hib): 2 and 4 months, a booster at 12 months;
- measles, mumps, rubella (MMR): 12 months and 6 years;
- diphtheria and tetanus (DT, reduced-antigen Td later): DT at 6 years, Td at 16 years, then every 10 years for adults;
- human papillomavirus (HPV): girls at 12 years, where the programme applies (added to the calendar in 2025;
  `hpv=False` leaves it out).

A dose counts for every series its vaccine covers (a combined DTaP-IPV-Hib-HepB counts four). A later dose of a
series is never due sooner than 4 weeks after the one before it (the calendar's minimal interval for the
primary series), so a child who started late is told the next dose, not one too early. This is guidance
for the patient's screen; the family doctor decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

MIN_INTERVAL = timedelta(days=28)
ADULT_TD_EVERY_YEARS = 10


@dataclass(frozen=True, slots=True)
class Age:
    """An age on the calendar: days, months and years after birth."""

    days: int = 0
    months: int = 0
    years: int = 0

    def on(self, birth_date: date) -> date:
        months = birth_date.month - 1 + self.months
        year, month = birth_date.year + self.years + months // 12, months % 12 + 1
        return _same_day_in(birth_date, year, month) + timedelta(days=self.days)


def _same_day_in(birth_date: date, year: int, month: int) -> date:
    """The birth day of month in `year`/`month`, or that month's last day when it is shorter."""
    day = birth_date.day
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


# The series and the age of each of their doses.
SCHEDULE: dict[str, tuple[Age, ...]] = {
    "HepB": (Age(), Age(months=2), Age(months=6)),
    "BCG": (Age(days=3),),
    "DTaP": (Age(months=2), Age(months=4), Age(months=6), Age(months=18)),
    "Polio": (Age(months=2), Age(months=4), Age(months=6), Age(months=18), Age(years=6), Age(years=14)),
    "Hib": (Age(months=2), Age(months=4), Age(months=12)),
    "MMR": (Age(months=12), Age(years=6)),
    "DT": (Age(years=6),),
    "Td": (Age(years=16),),
    "HPV": (Age(years=12),),
}
ORDER = tuple(SCHEDULE)

# Tokens of a vaccine code (eHealth/vaccine_codes, e.g. "DTaP-IPV-Hib-HepB", "HepAHepB", "MMR", "BCG", "Td")
# → the calendar series they cover.
_TOKENS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("DTaP", ("DTaP",)),
    ("DTwP", ("DTaP",)),
    ("DTP", ("DTaP",)),
    ("IPV", ("Polio",)),
    ("OPV", ("Polio",)),
    ("Hib", ("Hib",)),
    ("HepB", ("HepB",)),
    ("MMR", ("MMR",)),
    ("BCG", ("BCG",)),
    ("HPV", ("HPV",)),
    ("Td", ("Td",)),
    ("DT", ("DT",)),
)


def series_of(vaccine_code: str) -> frozenset[str]:
    """The calendar series a vaccine code covers ("DTaP-IPV-Hib-HepB" → DTaP, Polio, Hib, HepB); none for a vaccine
    outside the calendar (HepA, influenza, COVID-19, …)."""
    rest, found = vaccine_code, set()
    for token, series in _TOKENS:  # longer tokens first: DTaP before DT, Td on its own
        pattern = re.compile(re.escape(token) + r"(?![a-z])")
        if pattern.search(rest):
            found.update(series)
            rest = pattern.sub(" ", rest)
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class GivenDose:
    """A vaccination the person had (not `not_given`, not entered in error)."""

    vaccine_code: str
    given_on: date


@dataclass(frozen=True, slots=True)
class DueDose:
    series: str  # a key of SCHEDULE
    dose_number: int  # 1-based within the series (an adult's Td boosters keep counting)
    due_on: date

    def is_due(self, today: date) -> bool:
        return self.due_on <= today


def next_doses(
    birth_date: date, given: Iterable[GivenDose], *, hpv: bool = False, today: date | None = None
) -> list[DueDose]:
    """The next dose of each calendar series the person has not completed, earliest first (then in the
    calendar's order). `today` limits the doses counted to those given by then. Adults' Td is due 10 years after
    the last diphtheria-tetanus dose (DT, Td or DTaP) once the 16-year dose is done."""
    doses: dict[str, list[date]] = {series: [] for series in SCHEDULE}
    for dose in given:
        if today is not None and dose.given_on > today:
            continue
        for series in series_of(dose.vaccine_code):
            doses[series].append(dose.given_on)
    found: list[DueDose] = []
    for series, ages in SCHEDULE.items():
        if series == "HPV" and not hpv:
            continue
        had = sorted(doses[series])
        if len(had) < len(ages):
            due = ages[len(had)].on(birth_date)
            if had:
                due = max(due, had[-1] + MIN_INTERVAL)
            found.append(DueDose(series, len(had) + 1, due))
        elif series == "Td":
            last = max(d for s in ("DTaP", "DT", "Td") for d in doses[s])
            found.append(DueDose(series, len(had) + 1, Age(years=ADULT_TD_EVERY_YEARS).on(last)))
    return sorted(found, key=lambda d: (d.due_on, ORDER.index(d.series)))


def due_now(birth_date: date, given: Iterable[GivenDose], today: date, *, hpv: bool = False) -> list[DueDose]:
    """The doses due on `today` or overdue."""
    return [dose for dose in next_doses(birth_date, given, hpv=hpv, today=today) if dose.is_due(today)]
