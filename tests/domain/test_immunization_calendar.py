from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.immunization_calendar import (
    MIN_INTERVAL,
    SCHEDULE,
    Age,
    DueDose,
    GivenDose,
    due_now,
    next_doses,
    series_of,
)

BORN = date(2026, 1, 15)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("DTaP-IPV-Hib-HepB", {"DTaP", "Polio", "Hib", "HepB"}),
        ("HepAHepB", {"HepB"}),
        ("HepB", {"HepB"}),
        ("BCG", {"BCG"}),
        ("MMR", {"MMR"}),
        ("DT", {"DT"}),
        ("Td", {"Td"}),
        ("DTP", {"DTaP"}),
        ("OPV", {"Polio"}),
        ("HPV", {"HPV"}),
        ("Influenza", set()),
        ("HepA", set()),
    ],
)
def test_series_of_a_vaccine_code(code: str, expected: set[str]) -> None:
    assert series_of(code) == expected


def test_a_newborn_is_due_hepatitis_b_then_bcg() -> None:
    due = next_doses(BORN, [], today=BORN)
    assert due[0] == DueDose("HepB", 1, BORN)
    assert due[1] == DueDose("BCG", 1, BORN + timedelta(days=3))
    assert [d.series for d in due_now(BORN, [], BORN)] == ["HepB"]


def test_at_two_months_after_birth_doses_the_primary_series_starts() -> None:
    given = [GivenDose("HepB", BORN), GivenDose("BCG", BORN + timedelta(days=4))]
    today = date(2026, 3, 15)
    assert [(d.series, d.dose_number) for d in due_now(BORN, given, today)] == [
        ("HepB", 2),
        ("DTaP", 1),
        ("Polio", 1),
        ("Hib", 1),
    ]


def test_a_combined_vaccine_counts_for_each_series_it_covers() -> None:
    given = [
        GivenDose("HepB", BORN),
        GivenDose("BCG", BORN + timedelta(days=4)),
        GivenDose("DTaP-IPV-Hib-HepB", date(2026, 3, 16)),
    ]
    nexts = {d.series: d for d in next_doses(BORN, given)}
    assert nexts["DTaP"] == DueDose("DTaP", 2, date(2026, 5, 15))
    assert nexts["Hib"] == DueDose("Hib", 2, date(2026, 5, 15))
    assert nexts["HepB"] == DueDose("HepB", 3, date(2026, 7, 15))
    assert "BCG" not in nexts


def test_a_late_dose_pushes_the_next_by_the_minimal_interval() -> None:
    given = [GivenDose("DTaP", date(2026, 5, 1))]  # the first dose at 3½ months
    (dtap,) = [d for d in next_doses(BORN, given) if d.series == "DTaP"]
    assert dtap == DueDose("DTaP", 2, date(2026, 5, 1) + MIN_INTERVAL)


def test_six_year_olds_are_due_mmr_dt_and_polio() -> None:
    born = date(2020, 6, 1)
    infancy = [
        GivenDose("HepB", born),
        GivenDose("BCG", born + timedelta(days=3)),
        *(GivenDose("DTaP-IPV-Hib-HepB", born + timedelta(days=d)) for d in (61, 122, 183)),
        GivenDose("Hib", born + timedelta(days=366)),
        GivenDose("MMR", born + timedelta(days=366)),
        GivenDose("DTaP-IPV", born + timedelta(days=550)),
    ]
    due = due_now(born, infancy, date(2026, 6, 2))
    assert [(d.series, d.dose_number, d.due_on) for d in due] == [
        ("Polio", 5, date(2026, 6, 1)),
        ("MMR", 2, date(2026, 6, 1)),
        ("DT", 1, date(2026, 6, 1)),
    ]


def test_adults_are_due_td_ten_years_after_the_last() -> None:
    born = date(1980, 3, 10)
    given = [GivenDose("Td", date(1996, 3, 12)), GivenDose("Td", date(2015, 9, 1))]
    tds = [d for d in next_doses(born, given) if d.series == "Td"]
    assert tds == [DueDose("Td", 3, date(2025, 9, 1))]


def test_hpv_only_where_the_programme_applies() -> None:
    born = date(2013, 9, 1)
    assert "HPV" not in {d.series for d in next_doses(born, [])}
    assert DueDose("HPV", 1, date(2025, 9, 1)) in next_doses(born, [], hpv=True)


def test_doses_after_today_do_not_count() -> None:
    later = [GivenDose("HepB", BORN + timedelta(days=70))]
    assert next_doses(BORN, later, today=BORN)[0] == DueDose("HepB", 1, BORN)


def test_ages_fall_on_the_last_day_of_a_short_month() -> None:
    assert Age(months=1).on(date(2026, 1, 31)) == date(2026, 2, 28)
    assert Age(years=16).on(date(2008, 2, 29)) == date(2024, 2, 29)
    assert Age(years=1).on(date(2008, 2, 29)) == date(2009, 2, 28)


@given(
    born=st.dates(min_value=date(1950, 1, 1), max_value=date(2026, 1, 1)),
    codes=st.lists(st.sampled_from(["HepB", "BCG", "DTaP-IPV-Hib-HepB", "MMR", "DT", "Td", "OPV", "Hib"]), max_size=12),
    gaps=st.lists(st.integers(min_value=0, max_value=4000), min_size=12, max_size=12),
)
def test_next_doses_are_sound_whatever_was_given(born: date, codes: list[str], gaps: list[int]) -> None:
    given = [GivenDose(code, born + timedelta(days=gap)) for code, gap in zip(codes, gaps, strict=False)]
    due = next_doses(born, given, hpv=True)
    assert [d.due_on for d in due] == sorted(d.due_on for d in due)
    assert len({d.series for d in due}) == len(due)  # one next dose per series
    for dose in due:
        had = [g for g in given if dose.series in series_of(g.vaccine_code)]
        assert dose.dose_number == len(had) + 1
        if dose.series != "Td" or dose.dose_number <= len(SCHEDULE["Td"]):
            assert dose.due_on >= born
        if had:
            assert dose.due_on >= max(g.given_on for g in had) + MIN_INTERVAL
