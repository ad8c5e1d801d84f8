"""Vaccinations as a patient reads them: the rules behind the words (no I/O, no texts).

The bot turns each result into its Fluent texts; which code is which word is decided here:
- eHealth's dictionaries a vaccination carries (`eHealth/vaccine_codes`, `eHealth/vaccination_target_diseases`
  in SNOMED CT, `eHealth/vaccination_routes`, `eHealth/immunization_body_sites`, the reasons it was or was not
  given) and the series of the national calendar: a code we do not know reads as a neutral word or adds
  nothing, never as the code (a vaccine we do not know keeps the registry's own name);
- which vaccinations count for the calendar (given, not entered in error);
- what the calendar (МОЗ order №595, `backend.domain.immunization_calendar`) says is due next, by the patient's
  age: a child's missed doses are overdue; an adult is only told about the diphtheria-tetanus booster every
  10 years (the childhood doses of an adult are mostly older than the registry, so their absence says nothing);
- at what age a dose is due, as the calendar says it ("при народженні", "у 2 місяці", "у 6 років").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from backend.domain.age import age_on
from backend.domain.dictionaries import Dictionary
from backend.domain.immunization_calendar import SCHEDULE, Age, DueDose, GivenDose, next_doses, series_of
from backend.domain.medical_record import is_recorded

ADULT_YEARS = 18  # from this age only the adult booster is worth a line
ADULT_SERIES = "Td"  # the adult booster: diphtheria and tetanus (АДП-М), every 10 years
_DIPHTHERIA_TETANUS = frozenset({"DTaP", "DT", "Td"})  # the doses the adult booster counts from

# eHealth/vaccine_codes: the vaccine as Ukrainian clinics call it, with what it protects from when the name
# alone says nothing to a patient.
VACCINE = Dictionary(
    "eHealth/vaccine_codes",
    "vax-vaccine",
    {
        "BCG": "БЦЖ (туберкульоз)",
        "HepB": "Гепатит B",
        "HepA": "Гепатит A",
        "HepAHepB": "Гепатит A і B",
        "DTP": "АКДП (кашлюк, дифтерія, правець)",
        "DTaP": "АаКДП (кашлюк, дифтерія, правець)",
        "DTwP": "АКДП (кашлюк, дифтерія, правець)",
        "DT": "АДП (дифтерія, правець)",
        "Td": "АДП-М (дифтерія, правець)",
        "IPV": "Поліомієліт (ІПВ, укол)",
        "OPV": "Поліомієліт (ОПВ, краплі)",
        "Hib": "Hib-інфекція",
        "MMR": "КПК (кір, паротит, краснуха)",
        "DTaP-IPV": "АаКДП та поліомієліт",
        "DTaP-IPV-Hib": "АаКДП, поліомієліт і Hib-інфекція",
        "DTaP-IPV-Hib-HepB": "АаКДП, поліомієліт, Hib-інфекція і гепатит B",
        "HPV": "Вірус папіломи людини (ВПЛ)",
        "Influenza": "Грип",
        "COVID-19": "COVID-19",
        "Rabies": "Сказ",
    },
)

# eHealth/vaccination_target_diseases: SNOMED CT disorders.
TARGET_DISEASE = Dictionary(
    "eHealth/vaccination_target_diseases",
    "vax-disease",
    {
        "56717001": "туберкульоз",
        "66071002": "гепатит B",
        "40468003": "гепатит A",
        "397430003": "дифтерія",
        "76902006": "правець",
        "27836007": "кашлюк",
        "398102009": "поліомієліт",
        "91428005": "Hib-інфекція",
        "14189004": "кір",
        "36989005": "епідемічний паротит (свинка)",
        "36653000": "краснуха",
        "240532009": "вірус папіломи людини",
        "6142004": "грип",
        "840539006": "COVID-19",
        "14168008": "сказ",
    },
)

# eHealth/vaccination_routes.
ROUTE = Dictionary(
    "eHealth/vaccination_routes",
    "vax-route",
    {
        "IM": "внутрішньом’язово",
        "SC": "підшкірно",
        "ID": "внутрішньошкірно",
        "PO": "через рот (краплі)",
        "IN": "у ніс",
        "IV": "внутрішньовенно",
    },
)

# eHealth/immunization_body_sites (HL7 ActSite and the oral route's own).
BODY_SITE = Dictionary(
    "eHealth/immunization_body_sites",
    "vax-site",
    {
        "LA": "ліве плече",
        "RA": "праве плече",
        "LD": "ліве плече (дельтоподібний м’яз)",
        "RD": "праве плече (дельтоподібний м’яз)",
        "LT": "ліве стегно",
        "RT": "праве стегно",
        "LVL": "ліве стегно (зовнішня поверхня)",
        "RVL": "праве стегно (зовнішня поверхня)",
        "LG": "ліва сідниця",
        "RG": "права сідниця",
        "oral": "рот",
    },
)

# eHealth/reason_explanations: why it was given.
REASON = Dictionary(
    "eHealth/reason_explanations",
    "vax-reason",
    {
        "immunization_by_calendar": "планове, за календарем щеплень",
        "immunization_by_epidemic_indications": "за епідемічними показаннями",
    },
)

# eHealth/reason_not_given_explanations (HL7 ActReason): why it was not given.
REASON_NOT_GIVEN = Dictionary(
    "eHealth/reason_not_given_explanations",
    "vax-not-given",
    {
        "IMMUNE": "імунітет уже є",
        "MEDPREC": "медичні протипоказання",
        "OSTOCK": "вакцини не було в наявності",
        "PATOBJ": "відмова пацієнта",
        "PHILISOP": "відмова з особистих переконань",
        "RELIG": "відмова з релігійних переконань",
        "VACEFF": "сумнів в ефективності вакцини",
        "VACSAF": "сумнів у безпечності вакцини",
    },
    other="причину не вказано",
)

# The calendar's series (`immunization_calendar.SCHEDULE`): what "the next dose" is of.
CALENDAR_SERIES = Dictionary(
    "immunization_calendar.SCHEDULE",
    "vax-series",
    {
        "HepB": "Гепатит B",
        "BCG": "БЦЖ (туберкульоз)",
        "DTaP": "АКДП (кашлюк, дифтерія, правець)",
        "Polio": "Поліомієліт",
        "Hib": "Hib-інфекція",
        "MMR": "КПК (кір, паротит, краснуха)",
        "DT": "АДП (дифтерія, правець)",
        "Td": "АДП-М (дифтерія, правець)",
        "HPV": "Вірус папіломи людини (ВПЛ)",
    },
)

VACCINATION_DICTIONARIES: tuple[Dictionary, ...] = (
    VACCINE,
    TARGET_DISEASE,
    ROUTE,
    BODY_SITE,
    REASON,
    REASON_NOT_GIVEN,
    CALENDAR_SERIES,
)


def counts_for_calendar(status: str | None, not_given: bool) -> bool:
    """A dose the person had: given, and not entered in error."""
    return not not_given and is_recorded(status)


def given_doses(vaccinations: Iterable[tuple[str, date, str | None, bool]]) -> list[GivenDose]:
    """(vaccine code, date, status, not given) → the doses the calendar counts."""
    return [
        GivenDose(code, given_on)
        for code, given_on, status, not_given in vaccinations
        if counts_for_calendar(status, not_given)
    ]


AgeKind = Literal["birth", "days", "months", "years"]


@dataclass(frozen=True, slots=True)
class CalendarAge:
    """ "при народженні" (birth), "на 3-й день" (days), "у 2 місяці" (months), "у 6 років" (years)."""

    kind: AgeKind
    value: int = 0


def _as_age(age: Age) -> CalendarAge:
    if age.years:
        return CalendarAge("years", age.years)
    if age.months:
        return CalendarAge("months", age.months)
    if age.days:
        return CalendarAge("days", age.days)
    return CalendarAge("birth")


def dose_age(dose: DueDose, birth_date: date) -> CalendarAge:
    """The age the calendar gives the dose at; for an adult's booster (past the schedule), the age on its date."""
    ages = SCHEDULE.get(dose.series, ())
    if 1 <= dose.dose_number <= len(ages):
        return _as_age(ages[dose.dose_number - 1])
    return CalendarAge("years", age_on(birth_date, dose.due_on))


@dataclass(frozen=True, slots=True)
class CalendarAdvice:
    """What the calendar says for the patient today: the doses already due (overdue included), the next one
    after them, and, for an adult, whether the registry holds no diphtheria-tetanus dose to count the booster
    from (the patient is then told to ask their doctor)."""

    due: tuple[DueDose, ...]
    upcoming: DueDose | None
    adult_without_record: bool = False

    @property
    def all_done(self) -> bool:
        return not self.due and self.upcoming is None and not self.adult_without_record


def calendar_advice(birth_date: date, given: Iterable[GivenDose], today: date, *, hpv: bool = False) -> CalendarAdvice:
    """The calendar's doses due today or overdue, and the next one: a child's by every series; an adult's only
    the booster, counted from their last diphtheria-tetanus dose."""
    doses = [dose for dose in given if dose.given_on <= today]
    upcoming_doses = next_doses(birth_date, doses, hpv=hpv, today=today)
    if age_on(birth_date, today) >= ADULT_YEARS:
        had_any = any(series_of(dose.vaccine_code) & _DIPHTHERIA_TETANUS for dose in doses)
        if not had_any:
            return CalendarAdvice((), None, adult_without_record=True)
        upcoming_doses = [dose for dose in upcoming_doses if dose.series == ADULT_SERIES]
    due = tuple(dose for dose in upcoming_doses if dose.is_due(today))
    later = [dose for dose in upcoming_doses if not dose.is_due(today)]
    return CalendarAdvice(due, later[0] if later else None)


def is_overdue(dose: DueDose, today: date) -> bool:
    """Due before today (due today is only due)."""
    return dose.due_on < today


_MILLILITRES = frozenset({"ml", "мл"})


def millilitres(value: float | None, unit: str | None) -> float | None:
    """The amount given, when the registry gives it in millilitres (the only unit a vaccine dose is measured in
    here); None otherwise (an amount in a unit we cannot word is left out)."""
    if value is None or value <= 0 or not unit:
        return None
    return value if unit.strip().lower().rstrip(".") in _MILLILITRES else None
