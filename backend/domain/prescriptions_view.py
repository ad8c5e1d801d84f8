"""E-prescriptions as a patient reads them: the rules behind the words (no I/O, no texts).

The bot turns each result into its Fluent texts; which code is which word is decided here:
- eHealth's dictionaries a prescription carries (MEDICATION_FORM, MEDICATION_UNIT, MEDICATION_REQUEST_REJECT_REASON)
  and the codes of its dosage instructions (UCUM time units, FHIR timing codes, SNOMED routes): a code we do not
  know reads as a neutral word or adds nothing, never as the code;
- a strength as "500 мг", "100 ОД/мл", "100 мкг/дозу" (the "per" part left out for one piece: a tablet, a capsule);
- how often to take it ("2 рази на день", "кожні 8 годин");
- the request number hidden in lists (`0000-243P-****-EH38`), whole only where the patient asks for it;
- how many days a prescription still holds, and whether a programme is paid by the NHSU.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

from backend.domain.dictionaries import Dictionary, code_slug
from backend.domain.masking import mask_record_number


class PrescriptionStatus(StrEnum):
    ACTIVE = "ACTIVE"
    COMPLETED = "COMPLETED"
    EXPIRED = "EXPIRED"
    REJECTED = "REJECTED"


PROCESSED_DISPENSE = "PROCESSED"  # a dispense that happened (NEW is still being served, the rest did not)
SOON_DAYS = 3  # a prescription that ends within this many days is flagged in the list


# eHealth's MEDICATION_FORM: the form in the words of a package leaflet («таблетки, 500 мг»).
MEDICATION_FORM = Dictionary(
    "MEDICATION_FORM",
    "rx-form",
    {
        "PILL": "таблетки",
        "TABLET": "таблетки",
        "FILM_COATED_TABLET": "таблетки, вкриті плівковою оболонкою",
        "COATED_TABLET": "таблетки, вкриті оболонкою",
        "PROLONGED_RELEASE_TABLET": "таблетки пролонгованої дії",
        "MODIFIED_RELEASE_TABLET": "таблетки з модифікованим вивільненням",
        "DISPERSIBLE_TABLET": "таблетки, що диспергуються",
        "CHEWABLE_TABLET": "таблетки жувальні",
        "SUBLINGUAL_TABLET": "таблетки сублінгвальні",
        "CAPSULE": "капсули",
        "HARD_CAPSULE": "капсули тверді",
        "SOFT_CAPSULE": "капсули м’які",
        "SOLUTION_FOR_INJECTION": "розчин для ін’єкцій",
        "SUSPENSION_FOR_INJECTION": "суспензія для ін’єкцій",
        "AEROSOL_FOR_INHALATION": "аерозоль для інгаляцій",
        "INHALATION_AEROSOL": "аерозоль для інгаляцій",
        "AEROSOL_FOR_INHALATION_DOSED": "аерозоль для інгаляцій, дозований",
        "PRESSURISED_INHALATION_SUSPENSION": "суспензія для інгаляцій під тиском",
        "INHALATION_POWDER": "порошок для інгаляцій",
        "INHALATION_SOLUTION": "розчин для інгаляцій",
        "NEBULISER_SUSPENSION": "суспензія для розпилення",
        "ORAL_SOLUTION": "розчин оральний",
        "ORAL_SUSPENSION": "суспензія оральна",
        "SYRUP": "сироп",
        "ORAL_DROPS": "краплі оральні",
        "EYE_DROPS": "краплі очні",
        "NASAL_SPRAY": "спрей назальний",
        "GRANULES": "гранули",
        "POWDER_FOR_ORAL_SOLUTION": "порошок для орального розчину",
        "SUPPOSITORY": "супозиторії",
        "CREAM": "крем",
        "OINTMENT": "мазь",
        "GEL": "гель",
        "TRANSDERMAL_PATCH": "пластир трансдермальний",
    },
)

# eHealth's MEDICATION_UNIT. `amount_slug` names the bot's text for an amount of it («60 таблеток», «500 мг»,
# «100 ОД»), which declines with the number; `PER_UNIT` the unit after a slash in a strength («/мл», «/дозу»).
MEDICATION_UNITS: tuple[str, ...] = (
    "MG", "MKG", "MCG", "G", "ML", "L", "IU", "UNIT", "MMOL", "PERCENT",
    "PILL", "TABLET", "CAPSULE", "DOSE", "AMPOULE", "VIAL", "BOTTLE", "SACHET", "SUPPOSITORY", "PATCH", "DROP",
    "PACKAGE", "CONTAINER", "PEN", "CARTRIDGE", "INHALER",
)  # fmt: skip
_UNIT_ALIASES = {"MCG": "MKG", "UNIT": "IU", "TABLET": "PILL"}
# A strength per one piece of the form says no "per" part: "500 мг", not "500 мг/таблетку".
PIECE_UNITS = frozenset({"PILL", "TABLET", "CAPSULE", "SUPPOSITORY", "PATCH", "SACHET", "AMPOULE", "VIAL"})
PER_UNIT = Dictionary(
    "MEDICATION_UNIT",
    "rx-per",
    {
        "ML": "мл",
        "L": "л",
        "G": "г",
        "MG": "мг",
        "DOSE": "дозу",
        "DROP": "краплю",
        "PILL": "таблетку",
        "CAPSULE": "капсулу",
        "AMPOULE": "ампулу",
        "VIAL": "флакон",
        "SACHET": "саше",
        "PATCH": "пластир",
        "SUPPOSITORY": "супозиторій",
    },
)

# MEDICATION_REQUEST_REJECT_REASON: why a doctor (or the registry) withdrew a prescription.
REJECT_REASON = Dictionary(
    "MEDICATION_REQUEST_REJECT_REASON",
    "rx-reject",
    {
        "PATIENT_REJECT": "ви відмовилися від цих ліків",
        "DOCTOR_ERROR": "лікар виправив помилку в рецепті",
        "INCORRECT_DATA": "у рецепті були неточні дані",
        "INCOMPATIBLE_DRUGS": "ці ліки несумісні з іншими вашими ліками",
        "MEDICAL_REASONS": "з медичних причин",
        "DUPLICATE": "такий самий рецепт уже виписано",
        "PATIENT_DIED": "за даними реєстру",
    },
    other="лікар відкликав рецепт",
)

# FHIR event timing codes of a dosage instruction's `when`.
TIMING = Dictionary(
    "EVENT_TIMING",
    "rx-when",
    {
        "MORN": "вранці",
        "MORN.early": "рано вранці",
        "MORN.late": "пізно вранці",
        "NOON": "опівдні",
        "AFT": "удень",
        "EVE": "увечері",
        "NIGHT": "уночі",
        "WAKE": "після пробудження",
        "HS": "перед сном",
        "PHS": "після сну",
        "C": "під час їди",
        "CM": "під час сніданку",
        "CD": "під час обіду",
        "CV": "під час вечері",
        "AC": "перед їдою",
        "ACM": "перед сніданком",
        "ACD": "перед обідом",
        "ACV": "перед вечерею",
        "PC": "після їди",
        "PCM": "після сніданку",
        "PCD": "після обіду",
        "PCV": "після вечері",
    },
)

# SNOMED CT route codes (eHealth/SNOMED/route_codes).
ROUTE = Dictionary(
    "ROUTE",
    "rx-route",
    {
        "26643006": "перорально",
        "34206005": "підшкірно",
        "447694001": "інгаляційно",
        "78421000": "внутрішньом’язово",
        "47625008": "внутрішньовенно",
        "37839007": "під язик",
        "6064005": "місцево",
        "37161004": "ректально",
        "46713006": "у ніс",
        "54485002": "в очі",
    },
)

PRESCRIPTION_DICTIONARIES: tuple[Dictionary, ...] = (MEDICATION_FORM, PER_UNIT, REJECT_REASON, TIMING, ROUTE)

# UCUM units of time a dosage's period is given in, as the bot's text slugs.
PERIOD_UNITS: dict[str, str] = {"min": "min", "h": "h", "d": "d", "wk": "wk", "mo": "mo", "a": "a"}


def unit_slug(code: str | None) -> str | None:
    """A MEDICATION_UNIT code as the slug of its amount text (`rx-amount-{slug}`); None for a code we do not
    know (the amount is then shown as the number alone)."""
    if not code:
        return None
    upper = code.strip().upper()
    upper = _UNIT_ALIASES.get(upper, upper)
    return code_slug(upper) if upper in MEDICATION_UNITS else None


@dataclass(frozen=True, slots=True)
class StrengthPhrase:
    """ "100 ОД/мл": `amount` `unit`, then "/" and the per part: `per_amount` (None when it is one) and `per_unit`
    (a PER_UNIT code). No per part at all for one piece of the form ("500 мг" a tablet)."""

    amount: float
    unit: str | None  # a `unit_slug`
    per_amount: float | None
    per_unit: str | None  # a PER_UNIT code


def strength_phrase(
    numerator_value: float, numerator_unit: str, denominator_value: float, denominator_unit: str
) -> StrengthPhrase:
    per_code = PER_UNIT.known(_UNIT_ALIASES.get(denominator_unit.strip().upper(), denominator_unit))
    one = math.isclose(denominator_value, 1.0)
    if per_code is None or (one and per_code in PIECE_UNITS):
        return StrengthPhrase(numerator_value, unit_slug(numerator_unit), None, None)
    return StrengthPhrase(numerator_value, unit_slug(numerator_unit), None if one else denominator_value, per_code)


FrequencyKind = Literal["per", "every", "times-every"]


@dataclass(frozen=True, slots=True)
class FrequencyPhrase:
    """ "2 рази на день" (`per`: `times` per one `unit`), "кожні 8 годин" (`every`: once each `period` units),
    "3 рази кожні 2 тижні" (`times-every`)."""

    kind: FrequencyKind
    times: int
    period: float
    unit: str  # a PERIOD_UNITS slug


def frequency_phrase(frequency: int | None, period: float | None, period_unit: str | None) -> FrequencyPhrase | None:
    """How often, from `frequency` times per `period` `period_unit`; None when any part is missing or unknown."""
    if not frequency or frequency < 1 or not period or period <= 0 or not period_unit:
        return None
    unit = PERIOD_UNITS.get(period_unit.strip())
    if unit is None:
        return None
    if math.isclose(period, 1.0):
        return FrequencyPhrase("per", frequency, 1.0, unit)
    if frequency == 1:
        return FrequencyPhrase("every", 1, period, unit)
    return FrequencyPhrase("times-every", frequency, period, unit)


# "0000-243P-1X53-EH38" → "0000-243P-****-EH38": a list shows which prescription it is, not the number a pharmacy
# serves it by (the rule is shared with referrals: `backend.domain.masking.mask_record_number`).
mask_request_number = mask_record_number


def days_left(valid_to: date, today: date) -> int:
    """Days the prescription still holds after today (0: today is its last day; negative: it has ended)."""
    return (valid_to - today).days


def ends_soon(valid_to: date, today: date) -> bool:
    return 0 <= days_left(valid_to, today) < SOON_DAYS


# Who pays: the NHSU (НСЗУ) reimburses «Доступні ліки» and the insulin programme at contracted pharmacies.
ProgramKind = Literal["affordable-medicines", "insulin", "nhsu"]
_INSULIN = re.compile(r"інсулін|insulin", re.IGNORECASE)
_AFFORDABLE = re.compile(r"доступні\s+ліки|affordable", re.IGNORECASE)
NHSU_FUNDING = frozenset({"NHS", "NHSU"})


def program_kind(name: str, funding_source: str | None) -> ProgramKind | None:
    """Which explanation of the price fits the programme; None when we cannot tell (nothing is said then)."""
    if _AFFORDABLE.search(name):
        return "affordable-medicines"
    if _INSULIN.search(name):
        return "insulin"
    if (funding_source or "").strip().upper() in NHSU_FUNDING:
        return "nhsu"
    return None


def partly_dispensed(status: str, dispense_statuses: list[str]) -> bool:
    """An active prescription a pharmacy has already served in part (it stays active until all is dispensed)."""
    return status == PrescriptionStatus.ACTIVE and PROCESSED_DISPENSE in dispense_statuses
