"""E-prescription (medication request) and dispense rules: statuses and the dispense period. Pure, no I/O."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum


class PrescriptionStatus(StrEnum):
    """eHealth's medication request statuses (`Medication_request_status`)."""

    ACTIVE = "ACTIVE"  # may be dispensed (nothing, or only part, dispensed yet)
    COMPLETED = "COMPLETED"  # fully dispensed: nothing left to collect
    EXPIRED = "EXPIRED"  # the dispense period ended before it was fully dispensed
    REJECTED = "REJECTED"  # cancelled by the doctor (or at the patient's wish)


class DispenseStatus(StrEnum):
    """eHealth's medication dispense statuses."""

    NEW = "NEW"  # the pharmacy started it; nothing handed over yet
    PROCESSED = "PROCESSED"  # the medicine was handed over
    REJECTED = "REJECTED"
    EXPIRED = "EXPIRED"


# The reject reasons we can put in words (`MEDICATION_REQUEST_REJECT_REASON`); others are told without a reason.
KNOWN_REJECT_REASONS = frozenset({"PATIENT_REJECT"})


def is_fully_dispensed(status: str) -> bool:
    """Nothing is left to collect: the registry completes a prescription when its whole quantity is dispensed."""
    return status == PrescriptionStatus.COMPLETED


def is_dispensable(status: str) -> bool:
    return status == PrescriptionStatus.ACTIVE


def is_handed_over(dispense_status: str) -> bool:
    """A dispense that really gave the patient medicine (a NEW one may still be cancelled by the pharmacy)."""
    return dispense_status == DispenseStatus.PROCESSED


def expires_within(dispense_valid_to: date, today: date, days: int) -> bool:
    """The dispense period ends within `days` days from `today`: its last day (`dispense_valid_to`, inclusive)
    is today or one of the next `days` days. A period already over is not "expiring"."""
    return today <= dispense_valid_to <= today + timedelta(days=days)


def needs_expiry_reminder(status: str, dispense_valid_to: date | None, today: date, days: int) -> bool:
    """An undispensed (or partly dispensed) prescription whose dispense period is about to end."""
    if dispense_valid_to is None or not is_dispensable(status):
        return False
    return expires_within(dispense_valid_to, today, days)
