"""The rules behind a vaccination's words: which doses count for the calendar, what the calendar says is due for a
child and for an adult, the age a dose is due at, the amount given. The words are the bot's
(tests/bot/test_vaccinations.py)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from backend.domain.immunization_calendar import DueDose, GivenDose
from backend.domain.vaccinations_view import (
    VACCINE,
    CalendarAge,
    calendar_advice,
    counts_for_calendar,
    dose_age,
    given_doses,
    is_overdue,
    millilitres,
)

BORN = date(2024, 1, 15)


def test_only_doses_given_and_recorded_count() -> None:
    assert counts_for_calendar("completed", False)
    assert not counts_for_calendar("completed", True)
    assert not counts_for_calendar("entered-in-error", False)
    doses = given_doses(
        [("HepB", BORN, "completed", False), ("BCG", BORN, "completed", True), ("DTP", BORN, "entered-in-error", False)]
    )
    assert doses == [GivenDose("HepB", BORN)]


def test_a_child_is_told_what_is_overdue_and_what_comes_next() -> None:
    today = date(2024, 9, 1)
    given = [GivenDose("HepB", BORN), GivenDose("BCG", date(2024, 1, 19))]
    given += [GivenDose(code, date(2024, 3, 15)) for code in ("DTP", "IPV", "Hib", "HepB")]
    advice = calendar_advice(BORN, given, today)
    assert [(d.series, d.dose_number) for d in advice.due] == [
        ("DTaP", 2), ("Polio", 2), ("Hib", 2), ("HepB", 3),
    ]  # fmt: skip
    assert all(is_overdue(dose, today) for dose in advice.due)
    assert advice.upcoming == DueDose("MMR", 1, date(2025, 1, 15))
    assert not advice.all_done and not advice.adult_without_record


def test_a_dose_due_today_is_due_not_overdue() -> None:
    dose = DueDose("MMR", 1, date(2025, 1, 15))
    assert dose.is_due(date(2025, 1, 15)) and not is_overdue(dose, date(2025, 1, 15))
    assert is_overdue(dose, date(2025, 1, 16))


def test_an_adult_is_told_only_of_the_booster() -> None:
    born, today = date(1980, 5, 1), date(2026, 3, 1)
    advice = calendar_advice(born, [GivenDose("Td", date(2019, 10, 3))], today)
    assert advice.due == () and advice.upcoming == DueDose("Td", 2, date(2029, 10, 3))
    late = calendar_advice(born, [GivenDose("Td", date(2010, 10, 3))], today)
    assert late.due == (DueDose("Td", 2, date(2020, 10, 3)),) and late.upcoming is None
    unknown = calendar_advice(born, [GivenDose("COVID-19", date(2021, 6, 1))], today)
    assert unknown.adult_without_record and unknown.due == () and unknown.upcoming is None


def test_a_dose_given_after_today_does_not_count_yet() -> None:
    advice = calendar_advice(BORN, [GivenDose("HepB", date(2030, 1, 1))], BORN)
    assert DueDose("HepB", 1, BORN) in advice.due


def test_the_age_a_dose_is_due_at() -> None:
    assert dose_age(DueDose("HepB", 1, BORN), BORN) == CalendarAge("birth")
    assert dose_age(DueDose("BCG", 1, BORN), BORN) == CalendarAge("days", 3)
    assert dose_age(DueDose("DTaP", 4, BORN), BORN) == CalendarAge("months", 18)
    assert dose_age(DueDose("MMR", 2, BORN), BORN) == CalendarAge("years", 6)
    assert dose_age(DueDose("Td", 2, date(2050, 1, 20)), BORN) == CalendarAge("years", 26)  # a booster


@given(st.floats(min_value=0.01, max_value=5), st.sampled_from(["мл", "ml", "ML", " мл. "]))
def test_an_amount_in_millilitres_is_kept(value: float, unit: str) -> None:
    assert millilitres(value, unit) == value


def test_an_amount_in_another_unit_or_none_is_left_out() -> None:
    assert millilitres(0.5, "доза") is None and millilitres(None, "мл") is None and millilitres(0, "мл") is None
    assert millilitres(0.5, None) is None


def test_the_vaccine_dictionary_covers_the_calendar() -> None:
    for code in ("BCG", "HepB", "DTP", "DT", "Td", "IPV", "OPV", "Hib", "MMR", "COVID-19"):
        assert VACCINE.known(code) == code
