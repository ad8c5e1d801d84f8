"""Referrals (eHealth service requests) as a patient reads them: the rules behind the words (no I/O, no texts).

The bot turns each result into its Fluent texts; which code is which word is decided here:
- the referral's state: open (active and not expired, `medical_record.is_open_referral`), expired, used,
  recalled; the registry's categories (SNOMED CT), priorities and recall reasons: a code we do not know reads
  as a neutral word or adds nothing, never as the code;
- the order of a list: the open referrals first, then the rest, newest first in each; the ones entered in error
  left out;
- the referral's number hidden in lists (`0000-243P-****-EH38`, `masking.mask_record_number`), whole only on
  its card and where the patient asks to show it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TypeVar

from backend.domain.dictionaries import Dictionary
from backend.domain.masking import mask_record_number
from backend.domain.medical_record import is_recorded, newest_first

T = TypeVar("T")

mask_requisition = mask_record_number  # the list's form of a referral's number

OPEN, EXPIRED = "open", "expired"

# The state a patient cares about: the registry's status, and for an active one whether it still holds.
REFERRAL_STATE = Dictionary(
    "service_request statuses",
    "ref-state",
    {
        OPEN: "Дійсне — ним можна скористатися",
        EXPIRED: "Термін дії минув",
        "completed": "Використане — послугу надано",
        "recalled": "Відкликане лікарем",
        "entered_in_error": "Скасоване: внесене помилково",
    },
    other="Стан уточнюйте у свого лікаря",
)

# eHealth/SNOMED/service_request_categories.
CATEGORY = Dictionary(
    "eHealth/SNOMED/service_request_categories",
    "ref-category",
    {
        "108252007": "Лабораторне дослідження",
        "363679005": "Інструментальне дослідження (знімок, УЗД)",
        "409063005": "Консультація лікаря",
        "103693007": "Діагностична процедура",
        "387713003": "Хірургічна процедура",
        "409073007": "Навчання",
        "3457005": "Направлення до іншого закладу",
    },
)

# eHealth/SERVICE_REQUEST_PRIORITY (FHIR request priority).
PRIORITY = Dictionary(
    "eHealth/SERVICE_REQUEST_PRIORITY",
    "ref-priority",
    {
        "routine": "планове",
        "urgent": "термінове",
        "asap": "якнайшвидше",
        "stat": "невідкладне",
    },
)

# eHealth/service_request_recall_reasons: why a doctor recalled a referral.
RECALL_REASON = Dictionary(
    "eHealth/service_request_recall_reasons",
    "ref-recall",
    {
        "cured": "потреби вже немає — ви одужали",
        "error": "у направленні була помилка",
        "patient_refused": "ви відмовилися",
        "changed_plan": "лікар змінив план обстеження",
    },
    other="лікар відкликав направлення",
)

REFERRAL_DICTIONARIES: tuple[Dictionary, ...] = (REFERRAL_STATE, CATEGORY, PRIORITY, RECALL_REASON)


def referral_state(status: str | None, is_open: bool) -> str:
    """The REFERRAL_STATE code: `open`, `expired` (active, past its date), or the registry's status (`unknown`
    without one: it reads as the dictionary's neutral word)."""
    if is_open:
        return OPEN
    lowered = (status or "").strip().lower()
    if lowered == "active":
        return EXPIRED
    return lowered or "unknown"


def open_first(
    items: Iterable[T],
    *,
    is_open: Callable[[T], bool],
    status: Callable[[T], str | None],
    at: Callable[[T], datetime],
    key: Callable[[T], str],
) -> list[T]:
    """The referrals a patient sees, in order: open ones first, then the rest, newest first in each; the ones
    the registry marks entered in error left out."""
    shown = [item for item in items if is_recorded(status(item))]
    ordered = newest_first(shown, at, key)
    return [item for item in ordered if is_open(item)] + [item for item in ordered if not is_open(item)]
