"""A person's verification status and the wait it means for a new declaration (DOMAIN §3, §4)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.domain.verification import PersonVerificationStatus, declaration_waits_for_verification


def test_verified_data_make_a_declaration_active_at_once() -> None:
    assert declaration_waits_for_verification("VERIFIED") is False


@pytest.mark.parametrize("status", ["NOT_VERIFIED", "VERIFICATION_NEEDED", "IN_REVIEW", "CHANGES_NEEDED"])
def test_every_other_known_status_means_the_wait(status: str) -> None:
    assert declaration_waits_for_verification(status) is True


@pytest.mark.parametrize("status", ["", "verified", "Verified", " VERIFIED", "UNKNOWN"])
def test_an_empty_or_unknown_status_is_not_taken_for_verified(status: str) -> None:
    assert declaration_waits_for_verification(status) is True


@given(st.text())
def test_only_verified_means_no_wait(status: str) -> None:
    assert declaration_waits_for_verification(status) is (status != "VERIFIED")


def test_the_known_statuses() -> None:
    assert {status.value for status in PersonVerificationStatus} == {
        "VERIFIED",
        "NOT_VERIFIED",
        "VERIFICATION_NEEDED",
        "IN_REVIEW",
        "CHANGES_NEEDED",
    }
