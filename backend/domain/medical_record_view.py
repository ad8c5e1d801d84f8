"""The medical record as a patient reads it: the rules behind the words (no I/O, no texts).

The bot turns each result into its Fluent texts; which code is which word is decided here:
- eHealth's dictionaries an allergy, a condition and a visit carry (statuses, categories, criticality, the
  classification a diagnosis is coded in, a visit's class and type, the doctor's speciality): a code we do not
  know reads as the dictionary's neutral word, never as the code;
- a diagnosis as its code and its name ("I10 — Есенціальна (первинна) гіпертензія");
- what comes first: current allergies, active diagnoses (the rest after them);
- a page of a list the bot pages itself.
The rules shared with the backend's overview (the high/low mark, what an open referral is) live in
`backend.domain.medical_record`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import TypeVar

from backend.domain.dictionaries import Dictionary
from backend.domain.medical_record import is_current_allergy

T = TypeVar("T")

# eHealth/allergy_intolerance_clinical_statuses.
ALLERGY_STATUS = Dictionary(
    "allergy_intolerance_clinical_statuses",
    "mr-allergy-status",
    {"active": "актуальна", "inactive": "неактуальна", "resolved": "минула"},
    other="статус не вказано",
)
# eHealth/allergy_intolerance_verification_statuses.
ALLERGY_VERIFICATION = Dictionary(
    "allergy_intolerance_verification_statuses",
    "mr-allergy-verification",
    {
        "confirmed": "підтверджена",
        "unconfirmed": "не підтверджена",
        "refuted": "спростована",
        "entered_in_error": "внесена помилково",
    },
    other="не уточнено",
)
# eHealth/allergy_intolerance_type.
ALLERGY_TYPE = Dictionary(
    "allergy_intolerance_type",
    "mr-allergy-type",
    {"allergy": "алергія", "intolerance": "непереносимість"},
    other="реакція",
)
# eHealth/allergy_intolerance_category: what the reaction is to.
ALLERGY_CATEGORY = Dictionary(
    "allergy_intolerance_category",
    "mr-allergy-category",
    {"food": "їжа", "medication": "ліки", "environment": "довкілля", "biologic": "біологічні речовини"},
    other="інше",
)
# eHealth/allergy_intolerance_criticality: how dangerous a reaction may be.
ALLERGY_CRITICALITY = Dictionary(
    "allergy_intolerance_criticality",
    "mr-allergy-criticality",
    {"low": "низька небезпека", "high": "висока небезпека", "unable-to-assess": "небезпеку не оцінено"},
    other="небезпеку не оцінено",
)
# eHealth/condition_clinical_statuses.
CONDITION_STATUS = Dictionary(
    "condition_clinical_statuses",
    "mr-condition-status",
    {
        "active": "активний",
        "recurrence": "повторний",
        "inactive": "неактивний",
        "remission": "ремісія",
        "resolved": "одужання",
    },
    other="стан не вказано",
)
# eHealth/condition_verification_statuses.
CONDITION_VERIFICATION = Dictionary(
    "condition_verification_statuses",
    "mr-condition-verification",
    {
        "confirmed": "підтверджений",
        "provisional": "попередній",
        "differential": "під питанням (диференційний)",
        "refuted": "спростований",
        "entered_in_error": "внесений помилково",
        "unknown": "не уточнено",
    },
    other="не уточнено",
)
# eHealth/condition_severities (SNOMED CT).
CONDITION_SEVERITY = Dictionary(
    "condition_severities",
    "mr-condition-severity",
    {"24484000": "тяжкий", "6736007": "середньої тяжкості", "255604002": "легкий"},
)
# The classification a diagnosis is coded in (the coding's `system`).
CONDITION_SYSTEM = Dictionary(
    "condition_code_systems",
    "mr-code-system",
    {"eHealth/ICD10_AM/condition_codes": "МКХ-10-АМ", "eHealth/ICPC2/condition_codes": "ICPC-2 (МКПМД)"},
)
# eHealth/encounter_classes: the kind of care.
ENCOUNTER_CLASS = Dictionary(
    "encounter_classes",
    "mr-visit-class",
    {
        "PHC": "первинна допомога",
        "AMB": "амбулаторна допомога",
        "INPATIENT": "стаціонар",
        "EMER": "невідкладна допомога",
        "HH": "допомога вдома",
        "VR": "дистанційна допомога",
    },
)
# eHealth/encounter_types: where and how the patient was seen.
ENCOUNTER_TYPE = Dictionary(
    "encounter_types",
    "mr-visit-type",
    {
        "AMB": "прийом у закладі",
        "FIELD": "виїзд лікаря",
        "HOME": "візит додому",
        "VR": "онлайн-консультація",
        "PHONE": "консультація телефоном",
        "DISCHARGE": "виписка зі стаціонару",
        "INTERVENTION": "втручання",
    },
    other="прийом у лікаря",
)
# SPECIALITY_TYPE of the doctor who saw the patient.
VISIT_SPECIALITY = Dictionary(
    "SPECIALITY_TYPE",
    "mr-speciality",
    {
        "FAMILY_DOCTOR": "сімейний лікар",
        "THERAPIST": "терапевт",
        "PEDIATRICIAN": "педіатр",
        "CARDIOLOGIST": "кардіолог",
        "ENDOCRINOLOGIST": "ендокринолог",
        "NEUROLOGIST": "невролог",
        "SURGEON": "хірург",
        "OPHTHALMOLOGIST": "офтальмолог",
        "OTOLARYNGOLOGIST": "отоларинголог",
        "GYNECOLOGIST": "гінеколог",
        "DERMATOLOGIST": "дерматолог",
    },
    other="лікар",
)
# eHealth/diagnosis_roles: what a diagnosis is to a visit.
DIAGNOSIS_ROLE = Dictionary(
    "diagnosis_roles",
    "mr-diagnosis-role",
    {"primary": "основний", "comorbidity": "супутній", "complication": "ускладнення", "chief_complaint": "скарга"},
)

MEDICAL_RECORD_DICTIONARIES: tuple[Dictionary, ...] = (
    ALLERGY_STATUS,
    ALLERGY_VERIFICATION,
    ALLERGY_TYPE,
    ALLERGY_CATEGORY,
    ALLERGY_CRITICALITY,
    CONDITION_STATUS,
    CONDITION_VERIFICATION,
    CONDITION_SEVERITY,
    CONDITION_SYSTEM,
    ENCOUNTER_CLASS,
    ENCOUNTER_TYPE,
    VISIT_SPECIALITY,
    DIAGNOSIS_ROLE,
)

# A condition the patient still lives with: shown first and in the overview.
ACTIVE_CONDITION_STATUSES: frozenset[str] = frozenset({"active", "recurrence"})
HIGH_CRITICALITY = "high"
CODE_DASH = " — "


def is_active_condition(clinical_status: str | None) -> bool:
    return (clinical_status or "").strip().lower() in ACTIVE_CONDITION_STATUSES


def is_high_criticality(criticality: str | None) -> bool:
    return (criticality or "").strip().lower() == HIGH_CRITICALITY


def coded_label(code: str | None, name: str | None) -> str:
    """ "I10 — Есенціальна (первинна) гіпертензія": the code and the registry's name; either alone when the
    other is missing; "" when there is neither."""
    code, name = " ".join((code or "").split()), " ".join((name or "").split())
    return CODE_DASH.join(part for part in (code, name) if part)


def _moment(value: date | datetime | None) -> datetime:
    """A sortable moment: naive UTC; a date as its midnight; nothing as the earliest."""
    if value is None:
        return datetime.min
    if isinstance(value, datetime):
        return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)
    return datetime(value.year, value.month, value.day)


def current_first(
    items: Sequence[T],
    is_current: Callable[[T], bool],
    at: Callable[[T], date | datetime | None],
    key: Callable[[T], str],
) -> list[T]:
    """The current items first, then the rest; in each part the newest first (an undated one last), equal
    moments in a stable order by `key` (an id)."""

    def order(item: T) -> tuple[int, float, str]:
        moment = _moment(at(item))
        age = -(moment - datetime.min).total_seconds() if moment != datetime.min else math.inf
        return (0 if is_current(item) else 1, age, key(item))

    return sorted(items, key=order)


def allergies_in_order(
    items: Sequence[T],
    status: Callable[[T], str | None],
    at: Callable[[T], date | datetime | None],
    key: Callable[[T], str],
) -> list[T]:
    """Current allergies first (the ones a doctor must know about), the newest record first in each part."""
    return current_first(items, lambda item: is_current_allergy(status(item)), at, key)


def conditions_in_order(
    items: Sequence[T],
    status: Callable[[T], str | None],
    at: Callable[[T], date | datetime | None],
    key: Callable[[T], str],
) -> list[T]:
    """Active diagnoses first, then the past ones; the latest onset first in each part."""
    return current_first(items, lambda item: is_active_condition(status(item)), at, key)


def page_of(items: Sequence[T], page: int, size: int) -> tuple[list[T], int, int]:
    """The items of `page` (from 1; one past the end gives the last page), that page and how many there are
    (at least one, even for an empty list)."""
    if size < 1:
        raise ValueError("page size must be positive")
    pages = max(math.ceil(len(items) / size), 1)
    page = min(max(page, 1), pages)
    start = (page - 1) * size
    return list(items[start : start + size]), page, pages
