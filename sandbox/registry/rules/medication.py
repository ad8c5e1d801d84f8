"""E-prescription rules of the registry sandbox (DOMAIN §8; the cabinet's medication request and dispense
structures in ehealth-cabinet-medication-structures.apib), as pure functions.

A medication request is ACTIVE until it is dispensed in full (COMPLETED), its dispense window closes
(EXPIRED: the day after `dispense_valid_to`) or its doctor rejects it (REJECTED). A partial dispense leaves
it ACTIVE for the rest. Only a PROCESSED dispense counts towards what was dispensed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

ACTIVE = "ACTIVE"
COMPLETED = "COMPLETED"
EXPIRED = "EXPIRED"
REJECTED = "REJECTED"
REQUEST_STATUSES: tuple[str, ...] = (ACTIVE, COMPLETED, EXPIRED, REJECTED)
DEFAULT_LIST_STATUS = ACTIVE  # "Get medication request list via Cabinet": status defaults to ACTIVE

DISPENSE_NEW = "NEW"
DISPENSE_PROCESSED = "PROCESSED"
DISPENSE_REJECTED = "REJECTED"
DISPENSE_EXPIRED = "EXPIRED"
DISPENSE_STATUSES: tuple[str, ...] = (DISPENSE_NEW, DISPENSE_PROCESSED, DISPENSE_REJECTED, DISPENSE_EXPIRED)

INTENTS: tuple[str, ...] = ("order", "plan")  # MEDICATION_REQUEST_INTENT
# A reimbursed prescription may be dispensed for 30 days from its first day (the seed and the controls use it).
DISPENSE_WINDOW_DAYS = 30

# Quantities are compared to this precision (ml of insulin are fractional).
_EPSILON = 1e-9


def dispense_valid_to(valid_from: date, days: int = DISPENSE_WINDOW_DAYS) -> date:
    """The last day a pharmacy may dispense (inclusive): `days` days counting the first."""
    return valid_from + timedelta(days=days - 1)


def is_expired(valid_to: date, today: date) -> bool:
    """Past its dispense window: the day after `dispense_valid_to`."""
    return today > valid_to


def status_on(status: str, valid_to: date, today: date) -> str:
    """A request's status as time makes it: an ACTIVE request past its window is EXPIRED; others keep theirs."""
    return EXPIRED if status == ACTIVE and is_expired(valid_to, today) else status


def dispensed_quantity(dispenses: Iterable[tuple[str, float]]) -> float:
    """What was handed over, from (status, quantity) pairs: PROCESSED dispenses only."""
    return sum(qty for status, qty in dispenses if status == DISPENSE_PROCESSED)


def remaining_quantity(prescribed: float, dispensed: float) -> float:
    return max(0.0, prescribed - dispensed)


def status_after_dispense(prescribed: float, dispensed: float) -> str:
    """Fully dispensed → COMPLETED; a partial dispense leaves the request ACTIVE."""
    return COMPLETED if dispensed + _EPSILON >= prescribed else ACTIVE


def dispense_refusal(
    status: str, valid_from: date, valid_to: date, today: date, remaining: float, qty: float
) -> str | None:
    """Why a pharmacy may not dispense `qty` now (None: it may)."""
    if status_on(status, valid_to, today) != ACTIVE:
        return f"Medication request is {status_on(status, valid_to, today)}"
    if today < valid_from:
        return "Dispense period has not started"
    if qty <= 0:
        return "Quantity must be positive"
    if qty > remaining + _EPSILON:
        return "Quantity exceeds what remains to be dispensed"
    return None


@dataclass(frozen=True, slots=True)
class LineAmounts:
    """One dispense line's money (UAH, to the kopiyka): the pharmacy's price, the programme's part, the patient's."""

    sell_amount: float
    reimbursement_amount: float
    discount_amount: float
    payment_amount: float


def line_amounts(qty: float, sell_price: float, reimbursement_per_unit: float) -> LineAmounts:
    """The programme pays up to the price; the patient pays the rest (0 when fully reimbursed)."""
    sell = round(qty * sell_price, 2)
    reimbursed = round(min(sell, qty * reimbursement_per_unit), 2)
    return LineAmounts(
        sell_amount=sell,
        reimbursement_amount=reimbursed,
        discount_amount=reimbursed,
        payment_amount=round(sell - reimbursed, 2),
    )


def short_name(first_name: str, last_name: str, second_name: str | None) -> str:
    """`Person_Medication_Request.short_name` as the Blueprint shows it: `Петро І. І.` (first name, initials)."""
    initials = " ".join(f"{part[0]}." for part in (last_name, second_name) if part)
    return f"{first_name} {initials}".strip()
