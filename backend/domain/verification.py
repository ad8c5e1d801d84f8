"""Whether eHealth has verified a person's data, and what that means for a new declaration.

A person's `verification.verification_status` (DOMAIN §4) is VERIFIED once the registry has checked the
data against the state registers. Until then a newly signed declaration is `pending_verification`: it becomes
`active` after the data are verified or automatically after 30 days, or it is rejected (DOMAIN §3).
"""

from __future__ import annotations

from enum import StrEnum


class PersonVerificationStatus(StrEnum):
    """eHealth's `PERSON_VERIFICATION_STATUSES` as a person's overall status may carry them."""

    VERIFIED = "VERIFIED"
    NOT_VERIFIED = "NOT_VERIFIED"
    VERIFICATION_NEEDED = "VERIFICATION_NEEDED"
    IN_REVIEW = "IN_REVIEW"
    CHANGES_NEEDED = "CHANGES_NEEDED"


def declaration_waits_for_verification(verification_status: str) -> bool:
    """True when a declaration the person signs now would wait (up to 30 days) for their data to be verified.

    Only VERIFIED data make a declaration active at once; any other status, an unknown or an empty one,
    means the wait — the registry's own rule, so the patient is never promised an active declaration that
    then turns out pending.
    """
    return verification_status != PersonVerificationStatus.VERIFIED
